"""Fixtures for the census crosswalk tests: the example return and small synthetic ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from fgc_standard.io import read_csv_package
from fgc_standard.returns import FGCReturn
from fgc_standard.synth.generator import generate_return


@pytest.fixture(scope="session")
def example(example_path: Path) -> FGCReturn:
    """The hand-made example return."""
    return read_csv_package(example_path).data


@pytest.fixture(scope="session")
def synthetic() -> FGCReturn:
    """A small synthetic return with pre-proceedings episodes."""
    return generate_return(400, seed=11)
