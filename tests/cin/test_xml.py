"""Census XML: what the export writes, the round trip, and the reader's refusals."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from fgc_standard.cin import (
    CROSSWALK,
    MODULE_ELEMENT,
    census_items,
    census_xml_lines,
    parse_census_xml,
    read_census_xml,
    write_census_xml,
)
from fgc_standard.codelists import codelist
from fgc_standard.errors import FGCError, ReadError, WriteError
from fgc_standard.returns import FGCReturn
from fgc_standard.synth.generator import generate_return

_ENVELOPE = {
    "Message", "Header", "CollectionDetails", "Collection", "Year", "ReferenceDate", "Source",
    "SourceLevel", "LEA", "SoftwareCode", "Release", "Children", "Child", "ChildIdentifiers",
    "LAchildID", "CINdetails", MODULE_ELEMENT,
}  # fmt: skip


def test_export_parses_and_uses_the_census_names_and_codes(
    synthetic: FGCReturn, tmp_path: Path
) -> None:
    out = tmp_path / "cin.xml"
    blocks = write_census_xml(synthetic, out)
    root = ET.parse(out).getroot()
    assert root.tag == "Message"
    derived = {i.element for i in CROSSWALK if i.direction == "derived"}
    assert {e.tag for e in root.iter()} <= _ENVELOPE | derived
    modules = root.findall("./Children/Child/CINdetails/" + MODULE_ELEMENT)
    assert len(modules) == blocks == census_items(synthetic).num_rows > 0
    codes = codelist("pp_outcome")
    for module in modules:
        values = {e.tag: e.text or "" for e in module}
        assert "InitialPPMeetingDate" not in values
        assert "ReviewMeetingsCount" not in values
        dates = {k: date.fromisoformat(v) for k, v in values.items() if k.endswith("Date")}
        assert dates["PPStartDate"] <= dates.get("LBPSentDate", date.max)
        step = dates.get("StepDecisionDate", date.min)
        court = dates.get("CourtAppDate")
        if court is not None:
            assert step <= court <= dates.get("LetterInitCPDate", date.max)
        for flag in ("FGDMMeetingOffer", "FGDMMeetingFac"):
            assert values.get(flag, "1") in ("0", "1")
        if "FGDMMeetingFac" in values and values["FGDMMeetingFac"] == "1":
            assert values["FGDMMeetingOffer"] == "1"
        if "PPOutcome" in values:
            assert values["PPOutcome"] in codes
    for child in root.findall("./Children/Child"):
        assert child.findtext("./ChildIdentifiers/LAchildID")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_round_trip_gives_the_same_crosswalked_values(seed: int, tmp_path: Path) -> None:
    ret = generate_return(150, seed=seed)
    out = tmp_path / "cin.xml"
    write_census_xml(ret, out)
    back = read_census_xml(out)
    assert back.equals(census_items(ret).drop(["referral_id"]))


def test_round_trip_of_the_example(example: FGCReturn, tmp_path: Path) -> None:
    write_census_xml(example, tmp_path / "x.xml")
    assert read_census_xml(tmp_path / "x.xml").equals(census_items(example).drop(["referral_id"]))


def test_a_return_without_pre_proceedings_writes_an_empty_children_list(
    example: FGCReturn, tmp_path: Path
) -> None:
    tables = dict(example.tables)
    tables["referrals"] = example.table("referrals").slice(0, 1)  # R001 is not pre-proceedings
    assert write_census_xml(FGCReturn(tables), tmp_path / "e.xml") == 0
    assert ET.parse(tmp_path / "e.xml").getroot().find("Children") is not None
    assert read_census_xml(tmp_path / "e.xml").num_rows == 0


def test_the_reader_skips_the_rest_of_a_full_census_file() -> None:
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
<Message><Header><Source><LEA>938</LEA></Source></Header><Children>
  <Child>
    <ChildIdentifiers><LAchildID>C9</LAchildID><UPN>A123</UPN></ChildIdentifiers>
    <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
    <CINdetails><CINreferralDate>2025-01-01</CINreferralDate>
      <PreProceedingsandFGDM>
        <PPStartDate>2025-02-01</PPStartDate><FGDMMeetingOffer>1</FGDMMeetingOffer>
        <FGDMMeetingFac>0</FGDMMeetingFac><InitialPPMeetingDate>2025-02-20</InitialPPMeetingDate>
        <ReviewMeetingsCount>2</ReviewMeetingsCount>
      </PreProceedingsandFGDM>
      <PreProceedingsandFGDM><PPStartDate>2025-09-01</PPStartDate></PreProceedingsandFGDM>
    </CINdetails>
  </Child>
  <Child><ChildIdentifiers><LAchildID>C10</LAchildID></ChildIdentifiers></Child>
</Children></Message>"""
    rows = parse_census_xml(xml).to_pylist()
    assert [r["child_id"] for r in rows] == ["C9", "C9"]
    assert rows[0]["fgdm_meeting_offered"] == 1
    assert rows[0]["fgdm_meeting_facilitated"] == 0
    assert rows[1]["pre_proceedings_start_date"] == date(2025, 9, 1)
    assert rows[1]["fgdm_meeting_offered"] is None


_MODULE = "<Message><Children><Child><ChildIdentifiers><LAchildID>C1</LAchildID>" \
    "</ChildIdentifiers><CINdetails><PreProceedingsandFGDM>{}</PreProceedingsandFGDM>" \
    "</CINdetails></Child></Children></Message>"  # fmt: skip


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><Message>&lol;</Message>',
            "DOCTYPE",
        ),
        ('<!DOCTYPE m SYSTEM "http://example.org/x.dtd"><Message/>', "DOCTYPE"),
        ("<Message><Children>", "not well-formed"),
        ("<Message>&undefined;</Message>", "not well-formed"),
        (_MODULE.format("<PPStartDate>01/02/2025</PPStartDate>"), "not a date"),
        (_MODULE.format("<PPStartDate>2025-02-30</PPStartDate>"), "not a date"),
        (_MODULE.format("<FGDMMeetingOffer>yes</FGDMMeetingOffer>"), "not a flag"),
        (_MODULE.format("<PPOutcome>Z</PPOutcome>"), "not one of the codes A, B, C"),
        (
            "<Message><Children><Child><CINdetails><PreProceedingsandFGDM><PPStartDate>"
            "2025-01-01</PPStartDate></PreProceedingsandFGDM></CINdetails></Child>"
            "</Children></Message>",
            "no LAchildID",
        ),
    ],
)
def test_the_reader_refuses_unsafe_or_wrong_xml(xml: str, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        parse_census_xml(xml.encode())


def test_reading_a_missing_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot read"):
        read_census_xml(tmp_path / "none.xml")


def test_writing_into_a_folder_is_a_write_error(example: FGCReturn, tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="is a folder"):
        write_census_xml(example, tmp_path)


def test_a_return_without_la_or_period_end_is_refused(example: FGCReturn, tmp_path: Path) -> None:
    header = example.table("header")
    for column in ("la_number", "period_end"):
        index = header.schema.get_field_index(column)
        emptied = header.set_column(
            index, header.schema.field(index), pa.nulls(1, header.schema.field(index).type)
        )
        ret = FGCReturn({**example.tables, "header": emptied})
        with pytest.raises(FGCError, match=f"has no {column}"):
            write_census_xml(ret, tmp_path / "x.xml")
        with pytest.raises(FGCError, match="census needs the LA and the period"):
            next(census_xml_lines(ret))
    assert not (tmp_path / "x.xml").exists()


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("<NotMessage/>", "root element <NotMessage>"),
        ('<?xml version="1.0"?><Children><Child/></Children>', "root element <Children>"),
        (
            "<Message><Children><Child><ChildIdentifiers><LAchildID>C1</LAchildID>"
            "<LAchildID>C2</LAchildID></ChildIdentifiers></Child></Children></Message>",
            "more than one <LAchildID> in the <Child> of child C1",
        ),
        (
            _MODULE.format(
                "<PPStartDate>2025-01-01</PPStartDate><PPStartDate>2025-02-01</PPStartDate>"
            ),
            "more than one <PPStartDate> in one PreProceedingsandFGDM block of child C1",
        ),
        (
            _MODULE.format(
                "<FGDMMeetingOffer>1</FGDMMeetingOffer><FGDMMeetingOffer>0</FGDMMeetingOffer>"
            ),
            "more than one <FGDMMeetingOffer>",
        ),
    ],
    ids=["not-message", "children-root", "two-child-ids", "two-start-dates", "two-flags"],
)
def test_the_reader_refuses_a_wrong_root_or_a_repeated_element(xml: str, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        parse_census_xml(xml.encode())


def test_the_same_item_in_two_blocks_of_one_child_is_fine() -> None:
    two = "<PPStartDate>2025-01-01</PPStartDate></PreProceedingsandFGDM>" \
        "<PreProceedingsandFGDM><PPStartDate>2025-02-01</PPStartDate>"  # fmt: skip
    rows = parse_census_xml(_MODULE.format(two).encode()).to_pylist()
    assert [r["pre_proceedings_start_date"] for r in rows] == [date(2025, 1, 1), date(2025, 2, 1)]


def _with_referrals(example: FGCReturn, column: str, values: list[object]) -> FGCReturn:
    referrals = example.table("referrals")
    index = referrals.schema.get_field_index(column)
    field = referrals.schema.field(index)
    changed = referrals.set_column(index, field, pa.array(values, type=field.type))
    return FGCReturn({**example.tables, "referrals": changed})


def test_a_control_character_in_a_child_id_is_refused_before_writing(
    example: FGCReturn, tmp_path: Path
) -> None:
    referrals = example.table("referrals")
    # the first referral with pre-proceedings data: its children are exported
    at = referrals.column("pre_proceedings_start_date").is_valid().to_pylist().index(True)
    ids = referrals.column("child_ids").to_pylist()
    ids[at] = [ids[at][0] + "\x02", *ids[at][1:]]
    ret = _with_referrals(example, "child_ids", ids)
    referral = referrals.column("referral_id")[at].as_py()
    message = rf"table referrals, record '{referral}', field child_ids holds the character U\+0002"
    with pytest.raises(FGCError, match=message):
        write_census_xml(ret, tmp_path / "x.xml")
    with pytest.raises(FGCError, match=message):
        next(census_xml_lines(ret))
    assert not (tmp_path / "x.xml").exists()


def test_a_control_character_in_a_coded_field_is_refused(
    example: FGCReturn, tmp_path: Path
) -> None:
    outcomes = example.table("referrals").column("pre_proceedings_outcome").to_pylist()
    outcomes = [None if v is None else v + "\x1b" for v in outcomes]
    ret = _with_referrals(example, "pre_proceedings_outcome", outcomes)
    with pytest.raises(FGCError, match="field pre_proceedings_outcome holds the character U"):
        write_census_xml(ret, tmp_path / "x.xml")
    assert not (tmp_path / "x.xml").exists()
