"""Tables that arrive already typed (Parquet, JSON): conform them to the standard.

A typed source whose columns already have the standard's Arrow types is taken
as it is (after the canonical empty-list and empty-text rules below); any other
typed source is rendered as text and read by
:func:`~fgc_standard.io.coerce.coerce_table`, so that every format reads the
same values the same way and reports what it cannot read in the same words.
A date field held as timestamps (as pandas writes dates) is read as dates when
every time is midnight; a time of day in it is reported as a value that cannot
be read as a date.

Canonical forms, the same in every format:

- an empty list and a missing list are the same thing, stored as null;
- a null (or empty) item of a list is no item, as an empty item of a CSV cell
  (``a;;b``) is;
- an empty (or all-space) text is no value, stored as null; text is trimmed.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.entities import spec_for_table
from fgc_standard.io.coerce import (
    CoercedTable,
    coerce_table,
    normalise_header,
    without_dates_before_year_one,
)
from fgc_standard.io.csv_package import table_to_text
from fgc_standard.returns import TableSource
from fgc_standard.schema.arrow import arrow_schema

__all__ = ["canonical_column", "conform_typed_table"]


def canonical_column(values: pa.Array) -> pa.Array:
    """Apply the canonical empty-list and empty-text rules to one typed column."""
    kind = values.type
    if pa.types.is_list(kind):
        # list_flatten leaves out the items of null lists (list_parent_indices does not)
        items = canonical_column(pc.list_flatten(values))
        lengths = pc.fill_null(pc.list_value_length(values), 0).to_numpy()
        kept = pc.is_valid(items)
        if not pc.all(kept).as_py():
            # drop the null items, and count what each list keeps
            parents = np.repeat(np.arange(len(values)), lengths)
            kept_parents = parents[kept.to_numpy(zero_copy_only=False)]
            lengths = np.bincount(kept_parents, minlength=len(values))
            items = items.filter(kept)
        offsets = pa.array(np.concatenate(([0], np.cumsum(lengths))), pa.int32())
        mask = pc.or_(pc.is_null(values), pc.equal(pa.array(lengths), 0))
        return pa.ListArray.from_arrays(offsets, items, mask=mask).cast(kind)
    if pa.types.is_string(kind):
        trimmed = pc.utf8_trim_whitespace(values)
        return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)
    return values


def _timestamps_as_dates(values: pa.Array) -> pa.Array:
    """A date field's timestamps as dates when each is at midnight, else as text.

    Midnight is in the timestamp's own time zone (or as written, without one).
    Given any other time of day, the column becomes text, midnights as dates and
    other values as date and time, so that those are reported as not dates.
    """
    # floor_temporal and the cast to date both work on the local time of a zoned value
    midnight = pc.equal(pc.floor_temporal(values, unit="day"), values)
    dates = pc.cast(values, pa.date32())
    if pc.all(pc.fill_null(midnight, True)).as_py():
        return dates
    as_text = table_to_text(pa.table({"v": values})).column(0).combine_chunks()
    return pc.if_else(midnight, pc.strftime(dates, format="%Y-%m-%d"), as_text)


def _dates_read(table_name: str, table: pa.Table) -> pa.Table:
    """The table with each date field held as timestamps read as dates (see above)."""
    spec = spec_for_table(table_name)
    for i, name in enumerate(table.column_names):
        field_name = normalise_header(name)
        if field_name not in spec.field_names or not pa.types.is_timestamp(table.schema[i].type):
            continue
        if spec.field(field_name).kind == "date":
            values = _timestamps_as_dates(table.column(i).combine_chunks())
            table = table.set_column(i, name, values)
    return table


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
    table = _dates_read(table_name, table)
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
    typed, issues = without_dates_before_year_one(
        table_name, pa.Table.from_arrays(columns, schema=schema), source
    )
    return CoercedTable(typed, issues, None, source)
