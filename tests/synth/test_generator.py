"""The generator makes clean, consistent, deterministic returns with the documented shape."""

from __future__ import annotations

import re

import pyarrow as pa
import pytest

from fgc_standard.entities import TABLES
from fgc_standard.errors import FGCError
from fgc_standard.schema.arrow import arrow_schema
from fgc_standard.synth import generate_return, generator

from ._invariants import problems


@pytest.mark.parametrize(("referrals", "seed"), [(0, 0), (1, 0), (7, 3), (400, 1), (400, 2)])
def test_clean_return_keeps_every_invariant(referrals: int, seed: int) -> None:
    ret = generate_return(referrals, seed)
    assert ret.num_rows["referrals"] == referrals
    assert problems(ret) == []


def test_every_record_passes_its_model() -> None:
    ret = generate_return(300, 5)
    for name in TABLES:
        count = sum(1 for _ in ret.records(name))
        assert count == ret.num_rows[name]


def test_tables_have_the_standard_schemas() -> None:
    ret = generate_return(50, 1)
    for name, table in ret.tables.items():
        assert table.schema.equals(arrow_schema(name), check_metadata=False)


def test_same_seed_same_return_and_other_seed_another() -> None:
    assert generate_return(200, 9).equals(generate_return(200, 9))
    assert not generate_return(200, 9).equals(generate_return(200, 10))


def test_chunks_join_up_into_one_consistent_return(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator, "CHUNK_REFERRALS", 70)
    ret = generate_return(250, 4)
    assert ret.num_rows["referrals"] == 250
    assert problems(ret) == []


def test_ids_keep_their_leading_zeros() -> None:
    ret = generate_return(20, 0)
    children = ret.table("children").column("child_id").to_pylist()
    assert children[0] == "C0000001"
    assert all(re.fullmatch(r"C\d{7}", c) for c in children)


def test_header_names_the_la_and_the_generator() -> None:
    header = generate_return(1, 0, la_number="201").header
    assert header.la_number == "201"
    assert "synthetic" in header.software_name


@pytest.mark.parametrize(
    "kwargs",
    [
        {"referrals": -1},
        {"referrals": 1.5},
        {"referrals": 3, "seed": -2},
        {"referrals": 3, "la_number": "999"},
    ],
)
def test_bad_arguments_raise_a_clear_error(kwargs: dict[str, object]) -> None:
    with pytest.raises(FGCError):
        generate_return(**kwargs)  # type: ignore[arg-type]


def test_every_stage_and_status_occurs() -> None:
    ret = generate_return(3000, 8)

    def values(table: str, column: str) -> set[object]:
        return set(ret.table(table).column(column).drop_null().unique().to_pylist())

    assert values("referrals", "stage_at_referral") == {
        "EARLY_HELP", "ASSESSMENT", "CIN", "CP", "PRE_PROCEEDINGS", "PROCEEDINGS", "LOOKED_AFTER"
    }  # fmt: skip
    assert values("offers", "offer_made") == {True, False}
    assert "BEST_INTERESTS" in values("offers", "reason_not_offered")
    assert values("acceptances", "decision") == {"ACCEPTED", "DECLINED", "WITHDRAWN", "NO_RESPONSE"}
    assert values("conferences", "status") == {"HELD", "CANCELLED", "NOT_HELD"}
    assert values("conferences", "conference_type") == {"INITIAL", "REVIEW"}
    assert values("outcomes", "time_point") == {"M3", "M6", "M12", "CLOSURE"}
    assert {"A", "B", "C"} == values("referrals", "pre_proceedings_outcome")
    sizes = pa.compute.list_value_length(ret.table("referrals").column("child_ids"))
    assert set(sizes.unique().to_pylist()) == {1, 2, 3, 4, 5, 6}
    unborn = ret.table("children").filter(
        pa.compute.is_null(ret.table("children")["date_of_birth"])
    )
    assert unborn.num_rows > 0
    assert set(unborn.column("sex").to_pylist()) == {"U"}


def test_outcomes_match_the_published_trial_figures() -> None:
    """Pre-proceedings: 36.2% looked after at 12 months, 59.2% proceedings issued."""
    ret = generate_return(20000, 21)
    referrals = ret.to_pandas("referrals")
    outcomes = ret.to_pandas("outcomes")
    pp = referrals[referrals["stage_at_referral"] == "PRE_PROCEEDINGS"]
    m12 = outcomes[
        (outcomes["time_point"] == "M12") & outcomes["referral_id"].isin(pp["referral_id"])
    ]
    assert m12["looked_after"].mean() == pytest.approx(0.362, abs=0.025)
    assert pp["court_application_date"].notna().mean() == pytest.approx(0.592, abs=0.025)
    assert m12["care_proceedings_issued"].mean() == pytest.approx(0.592, abs=0.03)
