"""Minimisation: month or age of birth, coarsened dates, nothing extra."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from fgc_standard.aggregate import aggregate_return
from fgc_standard.privacy import AGE_COLUMN, minimise, pseudonymise
from fgc_standard.privacy.pseudonymise import identifier_fields
from fgc_standard.returns import FGCReturn
from fgc_standard.validate import validate

from .conftest import KEY_A


def _children(ret: FGCReturn) -> dict[str, dict[str, object]]:
    return {r["child_id"]: r for r in ret.table("children").to_pylist()}


def test_month_of_birth_replaces_the_date(example: FGCReturn) -> None:
    out = _children(minimise(example))
    assert out["C001"]["date_of_birth"] is None
    assert out["C001"]["birth_month"] == "2017-03"
    assert all(r["date_of_birth"] is None for r in out.values())
    # the unborn child keeps its unborn status, at the grain of a month
    assert out["C007"]["expected_date_of_birth"] == date(2025, 11, 1)
    assert out["C007"]["birth_month"] is None


def test_age_at_first_referral_replaces_both(example: FGCReturn) -> None:
    out = minimise(example, birth="age")
    children = out.table("children")
    assert children.column("date_of_birth").null_count == children.num_rows
    assert children.column("birth_month").null_count == children.num_rows
    ages = dict(
        zip(
            children.column("child_id").to_pylist(),
            out.extra_columns["children"].column(AGE_COLUMN).to_pylist(),
            strict=True,
        )
    )
    # C001 born 2017-03-14, referred 2025-04-10; C008 born 2010-04-04, referred 2025-10-06
    assert ages["C001"] == 8
    assert ages["C008"] == 15
    assert ages["C007"] is None  # unborn


def test_birthday_not_yet_reached_counts_one_year_less(example: FGCReturn) -> None:
    tables = dict(example.tables)
    children = example.table("children").to_pylist()
    children[0]["date_of_birth"] = date(2017, 4, 11)  # referral 2025-04-10: the day before
    tables["children"] = pa.Table.from_pylist(children, schema=example.table("children").schema)
    out = minimise(FGCReturn(tables), birth="age")
    assert out.extra_columns["children"].column(AGE_COLUMN)[0].as_py() == 7


def test_minimised_returns_still_validate(synthetic: FGCReturn) -> None:
    for birth in ("month", "age"):
        out = minimise(synthetic, birth=birth)  # type: ignore[arg-type]
        assert out.num_rows == synthetic.num_rows
        assert validate(out).groups == []
        assert out.table("header").column("software_version")[0].as_py() is None


def test_columns_outside_the_standard_are_dropped(example: FGCReturn) -> None:
    with_extra = FGCReturn(
        dict(example.tables),
        extra_columns={"children": pa.table({"full_name": ["Jane Doe"] * 9})},
    )
    assert minimise(with_extra).extra_columns == {}
    assert pseudonymise(with_extra, KEY_A).extra_columns == {}


def test_an_unknown_grain_is_refused(example: FGCReturn) -> None:
    with pytest.raises(ValueError, match="'month' or 'age'"):
        minimise(example, birth="day")  # type: ignore[arg-type]


def test_the_aggregate_return_holds_no_record_level_identifier(synthetic: FGCReturn) -> None:
    national = minimise(pseudonymise(synthetic, KEY_A))
    aggregate = aggregate_return(national)
    ids: set[str] = set()
    for ret in (synthetic, national):
        for f in identifier_fields():
            column = ret.table(f.table).column(f.field).combine_chunks()
            ids.update(v for v in (column.flatten() if f.is_list else column).to_pylist() if v)
    for column in aggregate.columns:
        if pa.types.is_string(column.type):
            assert ids.isdisjoint(column.to_pylist())
    assert set(aggregate.column_names) == {
        "la_number", "period_start", "period_end", "measure", "breakdown", "breakdown_value",
        "value",
    }  # fmt: skip
