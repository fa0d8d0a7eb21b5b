"""Hypothesis strategies for returns holding the values that formats tend to lose.

Values are drawn from each field's :class:`~fgc_standard.entities.FieldSpec`,
not made valid: the round trip must keep any value the standard's types can
hold, in its canonical form (text trimmed and not empty, lists not empty,
production time to the second). Edge cases are drawn on purpose: leading
zeros, non-ASCII letters, text beginning with ``=``, text that looks like a
number, a date or yes/no, and dates before 1970 and before 1900.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
from hypothesis import strategies as st

from fgc_standard.codelists import codelist
from fgc_standard.entities import TABLES, FieldSpec, spec_for_table
from fgc_standard.returns import FGCReturn
from fgc_standard.schema.arrow import arrow_schema

_TRICKY = [
    "007",
    "Zoë-001",
    "=SUM(A1:A2)",
    "=1+1",
    "+44 1",
    "-5",
    "1.0",
    "TRUE",
    "no",
    "30/02/2025",
    "2025-01-31",
    "NA",
    "null",
    'a, "quoted" value',
    "Ålesund;Łódź",
    "日本",
]
_WORD = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S"), exclude_characters=";"),
    min_size=1,
    max_size=8,
)


def _text(allow_semicolon: bool) -> st.SearchStrategy[str]:
    words = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
    tricky = st.sampled_from([t for t in _TRICKY if allow_semicolon or ";" not in t])
    return st.one_of(tricky, words)


def _string(field: FieldSpec, in_list: bool) -> st.SearchStrategy[str]:
    text = _text(allow_semicolon=not in_list)
    if field.codelist_name is None:
        return text
    codes = codelist(field.codelist_name).values
    # a value whose upper case is a code is read as the code (documented); draw none
    other = text.filter(lambda t: t in codes or t.upper() not in codes)
    return st.one_of(st.sampled_from(sorted(codes)), other)


def _scalar(field: FieldSpec, in_list: bool = False) -> st.SearchStrategy[Any]:
    if field.kind == "date":
        return st.dates(dt.date(1800, 1, 1), dt.date(2200, 12, 31))
    if field.kind == "datetime":
        return st.datetimes(
            dt.datetime(1950, 1, 1), dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
        ).map(lambda d: d.replace(microsecond=0))
    if field.kind == "boolean":
        return st.booleans()
    if field.kind == "integer":
        return st.integers(-(10**12), 10**12)
    return _string(field, in_list)


def _value(field: FieldSpec) -> st.SearchStrategy[Any]:
    if field.is_list:
        present: st.SearchStrategy[Any] = st.lists(
            _scalar(field, in_list=True), min_size=1, max_size=3
        )
    else:
        present = _scalar(field)
    return st.one_of(st.none(), present)


def _rows(table: str, min_size: int, max_size: int) -> st.SearchStrategy[list[dict[str, Any]]]:
    spec = spec_for_table(table)
    # a row with no value at all is no record: a workbook cannot tell it from a blank row
    row = st.fixed_dictionaries({f.name: _value(f) for f in spec.fields}).filter(
        lambda r: any(v is not None for v in r.values())
    )
    return st.lists(row, min_size=min_size, max_size=max_size)


@st.composite
def tricky_returns(draw: st.DrawFn, max_rows: int = 4) -> FGCReturn:
    """Draw a return whose every value is canonical but otherwise arbitrary."""
    tables = {}
    for name in TABLES:
        low, high = (1, 1) if name == "header" else (0, max_rows)
        rows = draw(_rows(name, low, high))
        tables[name] = pa.Table.from_pylist(rows, schema=arrow_schema(name))
    return FGCReturn(tables)
