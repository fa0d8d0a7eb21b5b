"""A few rows of a chunked column, read from their chunks, are the rows Arrow's take gives."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from fgc_standard.chunks import take_rows, take_values


@settings(max_examples=200, deadline=None)
@given(
    sizes=st.lists(st.integers(0, 6), min_size=1, max_size=5),
    picks=st.lists(st.integers(0, 1000), max_size=12),
    split=st.integers(1, 6),
)
def test_rows_are_the_ones_asked_for_whatever_the_chunks(
    sizes: list[int], picks: list[int], split: int
) -> None:
    # text chunked one way, numbers and lists another, as tables read in blocks are;
    # positions in any order, repeated or not
    rows = sum(sizes)
    texts = [f"v{i}" if i % 3 else None for i in range(rows)]
    chunks, start = [], 0
    for size in sizes:
        chunks.append(pa.array(texts[start : start + size], pa.string()))
        start += size
    numbers = pa.chunked_array(
        [pa.array(range(s, min(s + split, rows)), pa.int64()) for s in range(0, rows, split)],
        pa.int64(),
    )
    lists = pa.chunked_array(
        [pa.array([[f"c{i}"] * (i % 3) for i in range(rows)], pa.list_(pa.string()))]
    )
    table = pa.table(
        {"text": pa.chunked_array(chunks, pa.string()), "number": numbers, "list": lists}
    )
    positions = [p % rows for p in picks] if rows else []
    expected = table.take(pa.array(positions, pa.int64()))
    assert take_rows(table, pa.array(positions, pa.int64())).equals(expected)
    assert take_rows(table, np.array(positions, dtype=np.int64)).equals(expected)
    column = table.column("text")
    assert take_values(column, np.array(positions, dtype=np.int64)).to_pylist() == [
        texts[p] for p in positions
    ]
