"""Fixtures for the rule tests: the example return, edits to it, small synthetic returns."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from fgc_standard.entities import spec_for_table
from fgc_standard.io import read_csv_package
from fgc_standard.returns import FGCReturn
from fgc_standard.rules import Change
from fgc_standard.schema.arrow import arrow_schema

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "return"


def example_return() -> FGCReturn:
    """The hand-made example return, read from its CSV files."""
    result = read_csv_package(EXAMPLE)
    assert not result.issues
    return result.data


def _typed(value: object, kind: pa.DataType) -> pa.Array:
    if isinstance(value, str) and not pa.types.is_string(kind):
        return pa.array([value], pa.string()).cast(kind)
    return pa.array([value], kind)


def apply_changes(data: FGCReturn, changes: Iterable[Change]) -> FGCReturn:
    """Return a copy of ``data`` with each change made (string dates are cast)."""
    tables = dict(data.tables)
    for change in changes:
        table = tables[change.table]
        key = spec_for_table(change.table).primary_key
        if change.key is None:
            mask = pa.array([i == 0 for i in range(table.num_rows)])
        else:
            assert key is not None
            mask = pc.equal(table.column(key), change.key)
            assert pc.any(mask).as_py(), f"no row {change.key} in {change.table}"
        index = table.schema.get_field_index(change.field)
        kind = arrow_schema(change.table).field(change.field).type
        new = _typed(change.value, kind)[0]
        column = pc.if_else(mask, pa.repeat(new, table.num_rows), table.column(index))
        tables[change.table] = table.set_column(index, change.field, column)
    return FGCReturn(tables, data.sources)


@pytest.fixture(scope="session")
def example() -> FGCReturn:
    """The example return, read once."""
    return example_return()
