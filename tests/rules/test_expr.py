"""The expression language: the vectorised and the one-record evaluators agree."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fgc_standard.returns import FGCReturn
from fgc_standard.rules import CATALOGUE, Rule, ValidationContext, col, run_rules

from .conftest import example_return

EXAMPLE = example_return()
RECORD_TABLES = sorted({r.table for r in CATALOGUE if r.condition is not None and r.table})


def _mixed_rows(table: pa.Table, data: st.DataObject, size: int, empty: int = 1) -> pa.Table:
    """Rows whose every cell comes from some row of ``table``, or is empty.

    ``empty``: how many times an empty cell counts among the choices (3 makes
    most cells empty).
    """
    rows = table.to_pylist()
    out = []
    for _ in range(size):
        out.append(
            {
                name: data.draw(st.sampled_from([None] * empty + [r[name] for r in rows]))
                for name in table.column_names
            }
        )
    return pa.Table.from_pylist(out, schema=table.schema)


def _bulk_and_single(
    table: str, mixed: pa.Table, rules: list[Rule]
) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    """(rule, row) of each failure found in bulk, and record by record."""
    bulk = {
        (h.rule.code, row)
        for h in run_rules(ValidationContext({table: mixed}), rules)
        for row in h.rows.column("__row").to_pylist()
    }
    single = {
        (rule.code, i)
        for i, record in enumerate(mixed.to_pylist())
        for rule in rules
        if rule.failures(record)
    }
    return bulk, single


@pytest.mark.parametrize("table", RECORD_TABLES)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_bulk_and_single_record_evaluation_agree(table: str, data: st.DataObject) -> None:
    mixed = _mixed_rows(EXAMPLE.tables[table], data, size=12)
    bulk, single = _bulk_and_single(table, mixed, CATALOGUE.record_rules(table))
    assert bulk == single


def test_comparisons_with_an_empty_value_are_false_in_both_evaluators() -> None:
    later = col("a").gt(col("b"))
    assert later.evaluate({"a": dt.date(2025, 1, 2), "b": dt.date(2025, 1, 1)})
    assert not later.evaluate({"a": None, "b": dt.date(2025, 1, 1)})
    assert (~later).evaluate({"a": None, "b": None})
    table = pa.table(
        {
            "a": pa.array([dt.date(2025, 1, 2), None], pa.date32()),
            "b": pa.array([dt.date(2025, 1, 1), dt.date(2025, 1, 1)], pa.date32()),
        }
    )
    import narwhals as nw

    frame = nw.from_native(table, eager_only=True)
    assert frame.select(later.to_narwhals().alias("x"))["x"].to_list() == [True, False]


def test_models_use_the_catalogue_record_rules() -> None:
    from pydantic import ValidationError

    from fgc_standard.entities import Offer

    with pytest.raises(ValidationError, match=r"FGC1302"):
        Offer(
            offer_id="O1",
            referral_id="R1",
            offer_made=True,
            offer_date=dt.date(2025, 5, 8),
            reason_not_offered="BEST_INTERESTS",
        )


def test_an_fgcreturn_in_memory_validates_the_same_as_its_files(tmp_path: object) -> None:
    from fgc_standard.validate import validate

    assert isinstance(EXAMPLE, FGCReturn)
    assert validate(EXAMPLE).groups == []


@pytest.mark.parametrize("table", RECORD_TABLES)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_rows_left_out_for_an_empty_field_are_rows_that_cannot_break_the_rule(
    table: str, data: st.DataObject
) -> None:
    # mostly empty fields: the bulk run leaves those rows out before each condition
    mixed = _mixed_rows(EXAMPLE.tables[table], data, size=12, empty=3)
    rules = CATALOGUE.record_rules(table)
    for record in mixed.to_pylist():
        for rule in rules:
            assert rule.condition is not None
            if rule.condition.evaluate(record):
                assert all(record[f] is not None for f in rule.condition.given_fields())
    bulk, single = _bulk_and_single(table, mixed, rules)
    assert bulk == single


def test_fields_a_condition_needs_given() -> None:
    assert (col("a").eq(1) & col("b").is_null()).given_fields() == ("a",)
    assert (col("a").eq(1) | col("b").eq(2)).given_fields() == ()
    assert (col("a").eq(1) | (col("a").lt(0) & col("b").eq(2))).given_fields() == ("a",)
    assert (~col("a").eq(1)).given_fields() == ()
    assert col("a").is_not_null().given_fields() == ("a",)
