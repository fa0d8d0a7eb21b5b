"""Arrow schemas from the models: the in-memory and Parquet shape of every table.

Types are applied explicitly when a table is read, never inferred: dates are
``date32``, the production time a UTC timestamp, codes and ids strings, and
multi-valued fields list columns. Every column is nullable in memory, because a
reader keeps rows whose required values are missing (and reports them); the
field metadata says which columns the standard requires.
"""

from __future__ import annotations

from functools import cache

import pyarrow as pa

from fgc_standard.entities import FieldSpec, spec_for_table

__all__ = ["arrow_schema", "arrow_type"]

_SCALAR: dict[str, pa.DataType] = {
    "string": pa.string(),
    "date": pa.date32(),
    "datetime": pa.timestamp("us", tz="UTC"),
    "boolean": pa.bool_(),
    "integer": pa.int64(),
}


def arrow_type(field: FieldSpec) -> pa.DataType:
    """Return the Arrow type of one field."""
    scalar = _SCALAR[field.kind]
    return pa.list_(scalar) if field.is_list else scalar


@cache
def arrow_schema(table: str) -> pa.Schema:
    """Return the Arrow schema of one table of a return.

    Args:
        table: The table name, for example ``"referrals"`` or ``"header"``.

    Returns:
        The schema, with field metadata ``description``, ``required`` and,
        for coded fields, ``codelist``.
    """
    spec = spec_for_table(table)
    fields = []
    for f in spec.fields:
        meta = {"description": f.description, "required": str(f.required).lower()}
        if f.codelist_name:
            meta["codelist"] = f.codelist_name
        fields.append(pa.field(f.name, arrow_type(f), nullable=True, metadata=meta))
    return pa.schema(fields, metadata={"entity": spec.name, "table": spec.table})
