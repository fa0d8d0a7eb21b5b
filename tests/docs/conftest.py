"""Fixtures for the documentation tests: the generator script and the runnable examples."""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def build_docs() -> ModuleType:
    """scripts/build_docs.py, imported as a module."""
    spec = importlib.util.spec_from_file_location("build_docs", ROOT / "scripts" / "build_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_docs"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def example_runs(build_docs, tmp_path_factory) -> tuple[dict[str, str], Path]:
    """Run every transcribed example once: (transcripts, folder of each example's files).

    The example scripts' commands run exactly once per test session; the
    up-to-date check and the example tests both read this one run.
    """
    workdir = tmp_path_factory.mktemp("examples")
    return build_docs.transcripts(workdir), workdir


@pytest.fixture(scope="session")
def generated(build_docs, example_runs) -> dict[str, str]:
    """Every generated page, generated once."""
    quick = [g for g in build_docs.GENERATORS if g is not build_docs.transcripts]
    pages: dict[str, str] = {}
    for generator in quick:
        pages.update(generator())
    pages.update(example_runs[0])
    return dict(sorted(pages.items()))


@pytest.fixture(scope="session")
def run_env() -> dict[str, str]:
    """The environment for running examples: this interpreter's bin first on PATH."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("PYTHONPATH", None)
    return env


def require(*modules: str, commands: tuple[str, ...] = ()) -> None:
    """Skip when a capability that an example uses has not landed in the library.

    Only a failed import (or an ``fgc`` subcommand not registered) skips; any
    other failure of an example is a test failure.
    """
    for name in modules:
        module_name, _, attr = name.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as error:
            pytest.skip(f"capability not yet available: {module_name} ({error})")
        if attr and not hasattr(module, attr):
            pytest.skip(f"capability not yet available: {module_name}.{attr}")
    if commands:
        from fgc_standard.cli.main import COMMANDS

        missing = [c for c in commands if c not in COMMANDS]
        if missing:
            pytest.skip(f"capability not yet available: fgc {', fgc '.join(missing)}")
