"""Tables that arrive already typed (Parquet, JSON): conform them to the standard.

A typed source whose columns already have the standard's Arrow types is taken
as it is (after the canonical empty-list and empty-text rules below); any other
typed source is rendered as text and read by
:func:`~fgc_standard.io.coerce.coerce_table`, so that every format reads the
same values the same way and reports what it cannot read in the same words.

Canonical forms, the same in every format:

- an empty list and a missing list are the same thing, stored as null;
- an empty (or all-space) text is no value, stored as null; text is trimmed.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.entities import spec_for_table
from fgc_standard.io.coerce import CoercedTable, coerce_table
from fgc_standard.io.csv_package import table_to_text
from fgc_standard.returns import TableSource
from fgc_standard.schema.arrow import arrow_schema

__all__ = ["canonical_column", "conform_typed_table"]


def canonical_column(values: pa.Array) -> pa.Array:
    """Apply the canonical empty-list and empty-text rules to one typed column."""
    kind = values.type
    if pa.types.is_list(kind):
        items = canonical_column(values.flatten())
        empty = pc.equal(pc.list_value_length(values), 0)
        mask = pc.or_(pc.is_null(values), pc.fill_null(empty, False))
        return pa.ListArray.from_arrays(values.offsets, items, mask=mask).cast(kind)
    if pa.types.is_string(kind):
        trimmed = pc.utf8_trim_whitespace(values)
        return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)
    return values


def conform_typed_table(table_name: str, table: pa.Table, source: TableSource) -> CoercedTable:
    """Turn a typed table from a file into the standard table of ``table_name``.

    Args:
        table_name: The standard table.
        table: The table as read, columns named as in the file.
        source: Where it came from.

    Raises:
        SchemaError: A required column is missing.
    """
    spec = spec_for_table(table_name)
    schema = arrow_schema(table_name)
    exact = set(table.column_names) <= set(spec.field_names) and all(
        table.schema.field(f.name).type.equals(f.type)
        for f in schema
        if f.name in table.column_names
    )
    missing_required = any(f.required and f.name not in table.column_names for f in spec.fields)
    if not exact or missing_required:
        return coerce_table(table_name, table_to_text(table), source)
    columns = []
    for f in schema:
        if f.name in table.column_names:
            columns.append(canonical_column(table.column(f.name).combine_chunks()))
        else:
            columns.append(pa.nulls(table.num_rows, f.type))
    typed = pa.Table.from_arrays(columns, schema=schema)
    return CoercedTable(typed, [], None, source)
