"""The aggregate of the bundled example, counted by hand, and the same figures on every engine."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from fgc_standard.aggregate import (
    MEASURES,
    aggregate_frames,
    aggregate_return,
    breakdown_values,
    exact_median,
    frames_for_engine,
)
from fgc_standard.aggregate.model import AggregateRow, aggregate_arrow_schema
from fgc_standard.errors import FGCError
from fgc_standard.returns import FGCReturn
from fgc_standard.synth import generate_return

from ._helpers import figure

# Counted by hand from examples/return/*.csv. The period is 2025-04-01 to
# 2026-03-31, and all seven referrals R001-R007 were received in it.
HAND_COUNTED_TOTALS = {
    # R001-R007
    "families_referred": 7,
    # offers O001-O007 are made except O003 (BEST_INTERESTS, for R003)
    "families_offered": 6,
    # ACCEPTED: A001 (R001), A002 (R002), A005 (R005), A006 (R006); A004 declined, A007 no answer
    "families_accepted": 4,
    # INITIAL + HELD: M001 (R001), M003 (R002), M005 (R005; M004 was cancelled), M006 (R006)
    "families_initial_conference_held": 4,
    # plans P001, P002 (R001), P003 (R002), P004 (R005), P005 (R006): four families, five plans
    "families_plan_agreed": 4,
    "plans_agreed": 5,
    # C001+C002 (R001), C003, C004, C005+C006 (R004), C007, C008, C009
    "children_referred": 9,
    # all but C004 (R003 was not offered)
    "children_offered": 8,
    # C001, C002, C003, C007, C008
    "children_accepted": 5,
    # A004: DECLINED, PRIVACY
    "offers_declined": 1,
    # HELD: M001, M002 (review), M003, M005, M006
    "conferences_held": 5,
    # offered and initial conference held: R001, R002, R005, R006
    "families_offered_conference_held": 4,
    # accepted and a letter before proceedings: R002 only (R003 was not offered)
    "pp_families_accepted": 1,
    # R002's conference M003 was held, and no court application was made
    "pp_meetings_before_application": 1,
    # M12 outcomes: X003 (C001), X004 (C002), X005 (C003), X006 (C004)
    "children_m12_outcome": 4,
    # X006 only (KINSHIP_FOSTER, looked after, proceedings issued 2025-07-22)
    "children_m12_looked_after": 1,
    "children_m12_proceedings_issued": 1,
    # PARENTS, PARENTS, NETWORK_SGO, KINSHIP_FOSTER: all within the family network
    "children_m12_family_network": 4,
}


def test_totals_match_hand_count(example_aggregate: pa.Table) -> None:
    for name, expected in HAND_COUNTED_TOTALS.items():
        assert figure(example_aggregate, name) == expected, name


def test_breakdowns_match_hand_count(example_aggregate: pa.Table) -> None:
    t = example_aggregate
    # stages: R001 CP, R002 PP, R003 PP, R004 EARLY_HELP, R005 CP, R006 LOOKED_AFTER, R007 CIN
    stages = {"CP": 2, "PRE_PROCEEDINGS": 2, "EARLY_HELP": 1, "LOOKED_AFTER": 1, "CIN": 1}
    for stage in breakdown_values("stage_at_referral"):
        assert figure(t, "families_referred", "stage_at_referral", stage) == stages.get(stage, 0)
    # sex of C001-C009: F M M F M F U M F
    assert figure(t, "children_referred", "sex", "M") == 4
    assert figure(t, "children_referred", "sex", "F") == 4
    assert figure(t, "children_referred", "sex", "U") == 1
    # age on the referral date: C001 8, C002 4, C003 2, C004 10, C005 12, C006 10, C007 unborn,
    # C008 15, C009 6
    ages = {"UNBORN": 1, "1_TO_4": 2, "5_TO_9": 2, "10_TO_15": 4}
    for band in breakdown_values("age_band"):
        assert figure(t, "children_referred", "age_band", band) == ages.get(band, 0), band
    # C004 (10, Black) was not offered: offered 10_TO_15 drops to 3, Black to 0
    assert figure(t, "children_offered", "age_band", "10_TO_15") == 3
    assert figure(t, "children_offered", "ethnicity_group", "Black") == 0
    # WBRI C001 C002 C009 + WOTH C008; MWBC C003; AIND C005 C006; BCRB C004; NOBT C007
    groups = {"White": 4, "Mixed": 1, "Asian": 2, "Black": 1, "Other": 0, "Unknown": 1}
    for group, n in groups.items():
        assert figure(t, "children_referred", "ethnicity_group", group) == n, group
    # LD;COMM (C004) and AUT (C008); empty lists: C005 and C007
    assert figure(t, "children_referred", "disability", "ANY") == 2
    assert figure(t, "children_referred", "disability", "NONE") == 5
    assert figure(t, "children_referred", "disability", "NOT_RECORDED") == 2
    assert figure(t, "offers_declined", "decline_reason", "PRIVACY") == 1
    assert figure(t, "conferences_held", "conference_type", "INITIAL") == 4
    assert figure(t, "conferences_held", "conference_type", "REVIEW") == 1


def test_timeliness_and_shares_match_hand_count(example_aggregate: pa.Table) -> None:
    t = example_aggregate
    # referral -> first held initial conference: R001 40, R002 37, R005 53, R006 106 days;
    # the two middle values are 40 and 53
    assert figure(t, "median_days_referral_to_conference") == 46.5
    # first offer -> conference: R001 36, R002 40, R005 51, R006 104 days: (40 + 51) / 2
    assert figure(t, "median_days_offer_to_conference") == 45.5
    assert figure(t, "share_pp_meetings_before_application") == 1.0
    assert figure(t, "share_m12_looked_after") == 0.25
    assert figure(t, "share_m12_proceedings_issued") == 0.25
    assert figure(t, "share_m12_family_network") == 1.0


def test_every_row_is_a_valid_aggregate_row(example_aggregate: pa.Table) -> None:
    assert example_aggregate.schema.equals(aggregate_arrow_schema())
    for row in example_aggregate.to_pylist():
        AggregateRow.model_validate(row)
    expected_rows = sum(len(breakdown_values(b)) for m in MEASURES for b in m.breakdowns)
    assert example_aggregate.num_rows == expected_rows


def test_breakdowns_sum_to_totals_on_synthetic_data() -> None:
    table = aggregate_return(generate_return(800, seed=3))
    for m in MEASURES:
        if m.kind != "count":
            continue
        total = figure(table, m.name)
        for b in m.breakdowns[1:]:
            parts = sum(figure(table, m.name, b, v) for v in breakdown_values(b))
            assert parts == total, (m.name, b)


@pytest.fixture(scope="module")
def synthetic() -> FGCReturn:
    return generate_return(3000, seed=11)


@pytest.mark.parametrize("engine", ["pandas", "polars", "duckdb"])
def test_engines_agree_on_synthetic_return(synthetic: FGCReturn, engine: str) -> None:
    expected = aggregate_return(synthetic, "pyarrow")
    assert figure(expected, "families_referred") > 0
    assert aggregate_return(synthetic, engine).equals(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ["pandas", "polars", "duckdb"])
def test_engines_agree_on_example(
    example_return: FGCReturn, example_aggregate: pa.Table, engine: str
) -> None:
    assert aggregate_return(example_return, engine).equals(example_aggregate)  # type: ignore[arg-type]


def test_referrals_outside_the_period_are_not_counted(example_return: FGCReturn) -> None:
    frames = frames_for_engine(example_return, "polars")
    # R001-R004 were received before 2025-08-01
    table = aggregate_frames(
        frames, la_number="938", period_start=date(2025, 4, 1), period_end=date(2025, 7, 31)
    )
    assert figure(table, "families_referred") == 4
    assert figure(table, "children_referred") == 6


def test_missing_table_is_a_clear_error(example_return: FGCReturn) -> None:
    frames = frames_for_engine(example_return, "pyarrow")
    del frames["plans"]
    with pytest.raises(FGCError, match="plans"):
        aggregate_frames(
            frames, la_number="938", period_start=date(2025, 4, 1), period_end=date(2026, 3, 31)
        )


def test_unknown_engine_is_a_clear_error(example_return: FGCReturn) -> None:
    with pytest.raises(FGCError, match="unknown engine"):
        frames_for_engine(example_return, "excel")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([], None),
        ([(5, 1)], 5.0),
        ([(1, 1), (9, 1)], 5.0),
        ([(3, 2), (1, 1)], 3.0),
        ([(1, 2), (10, 2)], 5.5),
        ([(2, 1), (4, 0), (7, 3)], 7.0),
    ],
)
def test_exact_median(pairs: list[tuple[int, int]], expected: float | None) -> None:
    assert exact_median(pairs) == expected


@pytest.mark.parametrize("engine", ["pyarrow", "pandas", "polars", "duckdb"])
def test_minimised_return_with_birth_months_only(
    example_return: FGCReturn, example_aggregate: pa.Table, engine: str
) -> None:
    children = example_return.table("children")
    months = [d.strftime("%Y-%m") if d else None for d in children["date_of_birth"].to_pylist()]
    children = children.set_column(
        children.schema.get_field_index("birth_month"), "birth_month", pa.array(months, pa.string())
    ).set_column(
        children.schema.get_field_index("date_of_birth"),
        "date_of_birth",
        pa.nulls(children.num_rows, pa.date32()),
    )
    minimised = FGCReturn({**example_return.tables, "children": children})
    # born on the 1st of the month: C009 (11 Feb 2019, referred 2 Feb 2026) counts as 7, not 6,
    # still 5_TO_9, so every band is as with full dates of birth
    assert aggregate_return(minimised, engine).equals(example_aggregate)  # type: ignore[arg-type]


def test_a_return_without_a_usable_header_is_an_fgc_error(example_return: FGCReturn) -> None:
    tables = dict(example_return.tables)
    header = tables["header"]
    for bad, words in [
        (header.slice(0, 0), "it has no row"),
        (pa.concat_tables([header, header]), "it has 2 rows"),
        (header.set_column(0, "la_number", pa.array([None], pa.string())), "la_number is empty"),
    ]:
        with pytest.raises(FGCError, match=f"the return header is not valid \\({words}"):
            aggregate_return(FGCReturn({**tables, "header": bad}))


def test_the_pipeline_functions_say_what_they_take(example_path: Path) -> None:
    import fgc_standard as fgc

    result = fgc.read_return(example_path)
    figures = fgc.aggregate_return(result)  # what read_return gave, as well as its data
    assert figures.equals(fgc.aggregate_return(result.data))
    with pytest.raises(TypeError, match="takes a return"):
        fgc.aggregate_return(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="combine_returns"):
        fgc.publish(figures)
    with pytest.raises(TypeError, match="a list of aggregate tables"):
        fgc.combine_returns(figures)
