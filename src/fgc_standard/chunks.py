"""Arrow columns as the library needs them: a few rows taken cheaply, lists laid out plainly.

Arrow's ``take`` on a chunked column of text first joins every chunk into one:
a copy of the whole column, however few rows are asked for (about a tenth of a
second for the 6.7 million outcome ids of a national file). Examples in a
report, the values behind an issue and the rows out of order of a key column
are a handful of rows: :func:`take_values` reads each from its own chunk.

Arrow also lets the offsets of a null list span items of the values beneath.
``list_flatten`` leaves those out and ``list_parent_indices`` does not, and
the library pairs the two: :func:`lists_without_hidden_items` rebuilds such
columns first.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["lists_without_hidden_items", "take_rows", "take_values"]


def take_values(
    column: pa.ChunkedArray | pa.Array, positions: pa.Array | pa.ChunkedArray | np.ndarray
) -> pa.Array:
    """The values of ``column`` at ``positions`` (in that order), with no copy of the column.

    Args:
        column: The column, in chunks or not.
        positions: Row positions (non-negative, within the column).
    """
    wanted = np.asarray(
        positions if isinstance(positions, np.ndarray) else positions.to_numpy(), dtype=np.int64
    )
    if isinstance(column, pa.Array):
        return column.take(pa.array(wanted))
    if len(wanted) == 0:
        return pa.array([], column.type)
    starts = np.cumsum([0] + [len(chunk) for chunk in column.chunks])
    chunk_of = np.searchsorted(starts, wanted, side="right") - 1
    pieces, picked = [], []
    for index in np.unique(chunk_of):
        rows = np.flatnonzero(chunk_of == index)
        pieces.append(column.chunk(int(index)).take(pa.array(wanted[rows] - starts[index])))
        picked.append(rows)
    gathered = pa.concat_arrays(pieces)
    order = np.concatenate(picked)
    if np.any(order[1:] < order[:-1]):
        # pieces come chunk by chunk: put each value back where it was asked for
        back = np.empty(len(order), dtype=np.int64)
        back[order] = np.arange(len(order))
        gathered = gathered.take(pa.array(back))
    return gathered


def take_rows(table: pa.Table, positions: pa.Array | pa.ChunkedArray | np.ndarray) -> pa.Table:
    """The rows of ``table`` at ``positions`` (in that order), with no copy of any column."""
    columns = [take_values(column, positions) for column in table.columns]
    return pa.Table.from_arrays(columns, schema=table.schema)


def lists_without_hidden_items(table: pa.Table) -> pa.Table:
    """The table with no null list spanning items (see the module's docstring).

    A table from the readers or from models never has one: it is returned as it is.
    """
    for position, column_field in enumerate(table.schema):
        if not pa.types.is_list(column_field.type):
            continue
        column = table.column(position)
        if column.null_count == 0 or not any(_hides_items(c) for c in column.chunks):
            continue
        chunks = [_rebuilt(chunk) for chunk in column.chunks]
        rebuilt = pa.chunked_array(chunks, column_field.type)
        table = table.set_column(position, column_field, rebuilt)
    return table


def _hides_items(lists: pa.ListArray) -> bool:
    spans = np.diff(lists.offsets.to_numpy())
    return bool(np.any(spans[~pc.is_valid(lists).to_numpy(zero_copy_only=False)] > 0))


def _rebuilt(lists: pa.ListArray) -> pa.ListArray:
    counts = pc.fill_null(pc.list_value_length(lists), 0).to_numpy(zero_copy_only=False)
    offsets = pa.array(np.concatenate(([0], np.cumsum(counts))), pa.int32())
    rebuilt: pa.ListArray = pa.ListArray.from_arrays(
        offsets, pc.list_flatten(lists), mask=pc.is_null(lists)
    )
    return rebuilt
