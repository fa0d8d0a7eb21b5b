"""Small vectorised helpers: random picks from a distribution, and numpy to Arrow columns.

Dates are held as ``int64`` days since 1970-01-01 while generating, with
:data:`NEVER` standing for "no such date" so that comparisons need no mask.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "NEVER",
    "add_months",
    "codes_column",
    "dates_column",
    "day_number",
    "ids_column",
    "pick",
    "uniform_days",
]

#: A date later than any real one: "this never happens".
NEVER = 10**7
_EPOCH = date(1970, 1, 1)

IntArray = np.ndarray[Any, np.dtype[np.int64]]
BoolArray = np.ndarray[Any, np.dtype[np.bool_]]


def day_number(day: date) -> int:
    """Return a date as days since 1970-01-01."""
    return (day - _EPOCH).days


def pick(rng: np.random.Generator, n: int, shares: Mapping[Any, float]) -> IntArray:
    """Draw ``n`` indices into ``list(shares)`` with the given (normalised) shares."""
    p = np.fromiter(shares.values(), dtype=np.float64)
    drawn: IntArray = rng.choice(len(p), size=n, p=p / p.sum()).astype(np.int64)
    return drawn


def uniform_days(rng: np.random.Generator, n: int, bounds: tuple[int, int]) -> IntArray:
    """Draw ``n`` whole numbers of days, uniformly in the inclusive range ``bounds``."""
    low, high = bounds
    drawn: IntArray = rng.integers(low, high + 1, size=n, dtype=np.int64)
    return drawn


def add_months(days: IntArray, months: int) -> IntArray:
    """Add calendar months to day numbers, keeping the day of month (clamped to month end).

    ``2025-05-09`` plus 12 months is ``2026-05-09``; ``2025-01-31`` plus 1 month
    is ``2025-02-28``.
    """
    as_days = days.astype("datetime64[D]")
    month = as_days.astype("datetime64[M]")
    day_of_month = (as_days - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.timedelta64(months, "M")
    month_length = (
        (target + np.timedelta64(1, "M")).astype("datetime64[D]") - target.astype("datetime64[D]")
    ).astype(np.int64)
    result = target.astype("datetime64[D]") + np.minimum(day_of_month, month_length - 1)
    out: IntArray = result.astype(np.int64)
    return out


def codes_column(
    indices: IntArray, codes: Sequence[str], null: BoolArray | None = None
) -> pa.Array:
    """Return a string column: ``codes[indices[i]]``, or null where ``null`` is true."""
    index = pa.array(indices.astype(np.int32), mask=null)
    return pa.DictionaryArray.from_arrays(index, pa.array(list(codes))).dictionary_decode()


def dates_column(days: IntArray, null: BoolArray | None = None) -> pa.Array:
    """Return a ``date32`` column from day numbers, null where ``null`` is true."""
    if null is None:
        null = days >= NEVER
    safe = np.where(null, 0, days).astype(np.int32)
    return pa.array(safe, mask=null).cast(pa.date32())


def ids_column(prefix: str, numbers: IntArray, width: int) -> pa.Array:
    """Return identifiers such as ``C0000123``: a prefix and a zero-padded number."""
    digits = pc.utf8_lpad(pa.array(numbers).cast(pa.string()), width=width, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")
