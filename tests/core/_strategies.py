"""Hypothesis strategies that build JSON values for any field from its FieldSpec.

Nothing is hard-coded per entity: kind, list-ness, code list, bounds and
pattern come from :func:`fgc_standard.entities.entity_spec`, so a new field is
covered the day it is added.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from hypothesis import strategies as st

from fgc_standard.codelists import codelist
from fgc_standard.entities import EntityModel, FieldSpec, entity_spec

#: Text that is not a code of any list (codes are upper-case ASCII or digits).
NOT_A_CODE = st.text(alphabet="abcxyz_-", min_size=1, max_size=8)

_DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))


def _free_text() -> st.SearchStrategy[str]:
    # Mostly printable, sometimes anything (control characters, spaces at the ends):
    # the models decide what is accepted, and the schema must then agree.
    return st.one_of(
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12),
        st.text(min_size=0, max_size=12),
    )


@cache
def _codes(list_name: str) -> st.SearchStrategy[str]:
    cl = codelist(list_name)
    codes = st.sampled_from([c.code for c in cl.codes])
    return codes if cl.closed else st.one_of(codes, codes, NOT_A_CODE)


@cache
def _matching(pattern: str) -> st.SearchStrategy[str]:
    matching = st.from_regex(pattern, fullmatch=True).filter(lambda s: len(s) <= 100)
    return st.one_of(matching, matching, matching, _free_text())


def _string(field: FieldSpec) -> st.SearchStrategy[str]:
    if field.codelist_name is not None:
        return _codes(field.codelist_name)
    if field.pattern is not None:
        return _matching(field.pattern)
    return _free_text()


def _datetime_text() -> st.SearchStrategy[str]:
    zones = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=1))])
    return st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2035, 12, 31), timezones=zones
    ).map(lambda d: d.isoformat())


def scalar(field: FieldSpec) -> st.SearchStrategy[Any]:
    """JSON values of one item of a field (a code, a date string, a number, ...)."""
    if field.kind == "string":
        return _string(field)
    if field.kind == "date":
        return _DATES.map(dt.date.isoformat)
    if field.kind == "datetime":
        return _datetime_text()
    if field.kind == "boolean":
        return st.booleans()
    low = field.minimum if field.minimum is not None else -1000
    high = field.maximum if field.maximum is not None else 100_000
    # now and then step just outside the bounds, so that the bounds are exercised
    return st.integers(min_value=low - 1, max_value=high + 1)


def field_value(field: FieldSpec) -> st.SearchStrategy[Any]:
    """JSON values for a whole field (a list for multi-valued fields)."""
    item = scalar(field)
    if field.is_list:
        return st.lists(item, min_size=0, max_size=4)
    return item


@cache
def candidate_record(model: type[EntityModel]) -> st.SearchStrategy[dict[str, Any]]:
    """JSON objects shaped like the entity: every required field, some optional ones.

    Optional fields are left out or null more often than filled, so that the
    models' cross-field checks accept a fair share of candidates.
    """
    spec = entity_spec(model)
    required = {f.name: field_value(f) for f in spec.fields if f.required}
    optional = {
        f.name: st.one_of(st.just(None), st.just(None), field_value(f))
        for f in spec.fields
        if not f.required
    }
    return st.fixed_dictionaries(required, optional=optional)


def wrong_type_value(field: FieldSpec) -> st.SearchStrategy[Any]:
    """JSON values whose JSON type the field never takes (whatever its nullability)."""
    if field.is_list:
        return st.sampled_from(["A;B", 3, True, {"a": 1}])
    by_kind: dict[str, list[Any]] = {
        "string": [3, 2.5, True, ["x"], {"a": "b"}],
        "date": [20250101, 1.5, False, ["2025-01-01"], {"date": "2025-01-01"}],
        "datetime": [1767225600, True, ["2026-01-01T00:00:00Z"]],
        "boolean": ["true", "yes", 1, 0, ["true"], {"b": True}],
        "integer": ["3", 2.5, True, [3], {"n": 3}],
    }
    return st.sampled_from(by_kind[field.kind])
