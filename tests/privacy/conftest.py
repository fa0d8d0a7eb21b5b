"""Fixtures for the privacy tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from fgc_standard.io import read_csv_package
from fgc_standard.returns import FGCReturn
from fgc_standard.synth.generator import generate_return

#: Test keys: fixed, fictional, and never used anywhere else.
KEY_A = bytes(range(32))
KEY_B = bytes(range(100, 140))


@pytest.fixture(scope="session")
def example(example_path: Path) -> FGCReturn:
    """The hand-made example return."""
    return read_csv_package(example_path).data


@pytest.fixture(scope="session")
def synthetic() -> FGCReturn:
    """A small synthetic return."""
    return generate_return(300, seed=7)
