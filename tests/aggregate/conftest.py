"""Fixtures of the aggregation tests: the example return and its aggregate."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from fgc_standard.aggregate import aggregate_return
from fgc_standard.io import read_csv_package
from fgc_standard.returns import FGCReturn


@pytest.fixture(scope="session")
def example_return(example_path: Path) -> FGCReturn:
    """The bundled hand-made example return, read from its CSV package."""
    result = read_csv_package(example_path)
    assert result.issues == []
    return result.data


@pytest.fixture(scope="session")
def example_aggregate(example_return: FGCReturn) -> pa.Table:
    """The example return's aggregate, computed on PyArrow."""
    return aggregate_return(example_return, "pyarrow")
