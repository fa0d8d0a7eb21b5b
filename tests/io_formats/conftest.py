"""Fixtures for the I/O tests: the example return, read once."""

from __future__ import annotations

from pathlib import Path

import pytest

from fgc_standard.io import read_csv_package
from fgc_standard.returns import FGCReturn


@pytest.fixture(scope="session")
def example(example_path: Path) -> FGCReturn:
    """The hand-made example return, as read from its CSV package."""
    result = read_csv_package(example_path)
    assert result.issues == []
    return result.data
