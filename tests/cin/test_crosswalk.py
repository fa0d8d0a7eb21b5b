"""The crosswalk table and the derivation of the census items."""

from __future__ import annotations

import csv
import io
from datetime import date

import pyarrow as pa
import pytest

from fgc_standard.cin import (
    CROSSWALK,
    census_items,
    crosswalk_csv,
    crosswalk_item,
    crosswalk_markdown,
    derived_items,
)
from fgc_standard.entities import spec_for_table
from fgc_standard.returns import FGCReturn
from fgc_standard.rules import CATALOGUE

#: The module's elements, in the order of the domain brief.
BRIEF_ELEMENTS = [
    "PPStartDate",
    "LBPSentDate",
    "FGDMMeetingOffer",
    "FGDMMeetingFac",
    "InitialPPMeetingDate",
    "ReviewMeetingsCount",
    "StepDecisionDate",
    "PPOutcome",
    "CourtAppDate",
    "LetterInitCPDate",
]


def test_the_crosswalk_lists_every_element_of_the_brief_in_order() -> None:
    assert [i.element for i in CROSSWALK] == BRIEF_ELEMENTS


def test_items_fgc_data_cannot_know_are_marked_and_not_invented() -> None:
    missing = {i.element for i in CROSSWALK if i.direction == "not_determinable"}
    assert missing == {"InitialPPMeetingDate", "ReviewMeetingsCount"}
    for element in missing:
        item = crosswalk_item(element)
        assert item.column is None
        assert item.sources == ()
        assert "Not determinable" in item.rule


def test_sources_are_real_fields_and_checks_are_real_rules() -> None:
    for item in derived_items():
        assert item.column
        for source in item.sources:
            table, field = source.split(".")
            spec_for_table(table).field(field)  # raises KeyError if unknown
        for code in item.checked_by:
            assert code in CATALOGUE, (item.element, code)


def test_unknown_element_is_a_clear_key_error() -> None:
    with pytest.raises(KeyError, match="no element 'Nope'"):
        crosswalk_item("Nope")


def test_the_docs_renderings_list_every_item() -> None:
    markdown = crosswalk_markdown()
    rows = list(csv.DictReader(io.StringIO(crosswalk_csv())))
    assert [r["census item"] for r in rows] == BRIEF_ELEMENTS
    for element in BRIEF_ELEMENTS:
        assert f"`{element}`" in markdown
    assert markdown.count("not determinable by FGC data") == 2


def test_example_items_match_a_hand_derivation(example: FGCReturn) -> None:
    rows = census_items(example).to_pylist()
    assert [r["child_id"] for r in rows] == ["C003", "C004"]
    c003, c004 = rows
    assert c003["pre_proceedings_start_date"] == date(2025, 5, 2)
    assert c003["fgdm_meeting_offered"] == 1  # O002 offered in the letter
    assert c003["fgdm_meeting_facilitated"] == 1  # M003 held 2025-06-18
    assert c003["pre_proceedings_outcome"] == "A"
    assert c003["court_application_date"] is None
    assert c004["fgdm_meeting_offered"] == 0  # O003: best-interests exception
    assert c004["fgdm_meeting_facilitated"] == 0
    assert c004["letter_initiating_proceedings_date"] == date(2025, 7, 23)


def _edit(ret: FGCReturn, table: str, key: str, field: str, value: object) -> FGCReturn:
    rows = ret.table(table).to_pylist()
    pk = spec_for_table(table).primary_key
    for row in rows:
        if row[pk] == key:
            row[field] = value
    tables = dict(ret.tables)
    tables[table] = pa.Table.from_pylist(rows, schema=ret.table(table).schema)
    return FGCReturn(tables)


def _items_of(ret: FGCReturn, child: str) -> dict[str, object]:
    return next(r for r in census_items(ret).to_pylist() if r["child_id"] == child)


def test_an_offer_before_the_episode_does_not_count(example: FGCReturn) -> None:
    moved = _edit(example, "offers", "O002", "offer_date", date(2025, 4, 30))
    assert _items_of(moved, "C003")["fgdm_meeting_offered"] == 0


def test_a_meeting_after_the_step_decision_does_not_count(example: FGCReturn) -> None:
    moved = _edit(example, "conferences", "M003", "conference_date", date(2025, 10, 1))
    assert _items_of(moved, "C003")["fgdm_meeting_facilitated"] == 0
    # without a step decision the episode is open, so the meeting counts again
    open_episode = _edit(moved, "referrals", "R002", "step_decision_date", None)
    assert _items_of(open_episode, "C003")["fgdm_meeting_facilitated"] == 1


def test_no_offer_record_leaves_both_flags_unknown(example: FGCReturn) -> None:
    tables = dict(example.tables)
    offers = example.table("offers")
    tables["offers"] = offers.filter(pa.compute.not_equal(offers.column("referral_id"), "R002"))
    items = _items_of(FGCReturn(tables), "C003")
    assert items["fgdm_meeting_offered"] is None
    assert items["fgdm_meeting_facilitated"] is None


def test_every_child_of_an_episode_gets_a_block(synthetic: FGCReturn) -> None:
    table = census_items(synthetic)
    referrals = synthetic.table("referrals").to_pylist()
    expected = sorted(
        (child, r["referral_id"])
        for r in referrals
        if r["pre_proceedings_start_date"] is not None
        for child in r["child_ids"]
    )
    got = sorted(
        zip(
            table.column("child_id").to_pylist(),
            table.column("referral_id").to_pylist(),
            strict=True,
        )
    )
    assert got == expected
    assert table.num_rows > 50


def test_an_unreadable_child_id_is_left_out(example: FGCReturn) -> None:
    tables = dict(example.tables)
    referrals = example.table("referrals")
    lists = referrals.column("child_ids").to_pylist()
    lists[1] = ["C003", None]  # R002, as a reader leaves a value it could not read
    field = referrals.schema.field("child_ids")
    tables["referrals"] = referrals.set_column(
        referrals.schema.get_field_index("child_ids"), field, pa.array(lists, field.type)
    )
    table = census_items(FGCReturn(tables))
    assert table.column("child_id").to_pylist() == ["C003", "C004"]
