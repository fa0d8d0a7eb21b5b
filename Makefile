# The two commands of the README:
#   make demo  - set everything up and run the main job on the bundled example
#   make test  - set everything up and run the whole test suite (what CI runs)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system demo test lint typecheck unit docs schema bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[all,dev]"
	touch $(STAMP)

# Debian packages the tests use for real: Chromium (HTML pages), LibreOffice
# (spreadsheets), Java (Spark). Installed only when missing.
system:
	bash scripts/install-system-deps.sh

demo: setup
	$(BIN)/fgc demo

lint: setup
	$(BIN)/ruff check src tests bench examples scripts
	$(BIN)/ruff format --check src tests bench examples scripts

typecheck: setup
	$(BIN)/mypy

# --dist loadfile keeps a module's tests on one worker, so the Spark session, the
# browser and LibreOffice start once per module (xdist's loadgroup marks are
# ignored under pytest 9).
unit: setup system
	$(BIN)/pytest -n 2 --dist loadfile -q

docs: setup
	$(BIN)/python scripts/build_docs.py --check
	$(BIN)/mkdocs build --strict --quiet --site-dir $(VENV)/site

test: lint typecheck unit docs

schema: setup
	$(BIN)/fgc schema export schema
	$(BIN)/python -c "from fgc_standard import read_return, write_return; \
	  write_return(read_return('examples/return').data, 'examples/return', overwrite=True)"

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache dist build
