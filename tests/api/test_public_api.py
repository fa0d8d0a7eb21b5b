"""The package's public API: every listed name resolves, lazily."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import fgc_standard


def test_all_lists_exactly_the_lazy_exports() -> None:
    listed = set(fgc_standard.__all__)
    assert listed == {"STANDARD_VERSION", "__version__", *fgc_standard._EXPORTS}


def test_every_public_name_resolves() -> None:
    for name in fgc_standard.__all__:
        assert getattr(fgc_standard, name) is not None, name


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        fgc_standard.no_such_thing  # noqa: B018


def test_validate_is_callable_even_after_the_submodule_is_imported(example_path: Path) -> None:
    import fgc_standard.validate  # binds the package attribute to the module

    report = fgc_standard.validate(example_path)
    assert report.exit_code == 0


def test_import_stays_light() -> None:
    code = "import sys, fgc_standard; print('pandas' in sys.modules, 'pyarrow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
