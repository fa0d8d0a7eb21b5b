"""Small helpers of the aggregation tests."""

from __future__ import annotations

import pyarrow as pa


def figure(table: pa.Table, measure: str, breakdown: str = "total", value: str = "ALL") -> float:
    """One figure of an aggregate table (fails if it is missing or not unique)."""
    found = [
        r["value"]
        for r in table.to_pylist()
        if (r["measure"], r["breakdown"], r["breakdown_value"]) == (measure, breakdown, value)
    ]
    assert len(found) == 1, (measure, breakdown, value, found)
    return found[0]
