"""validate() on files and validate_record() on one record."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pytest

from fgc_standard.entities import Referral
from fgc_standard.errors import FGCError
from fgc_standard.validate import validate, validate_record

from .conftest import EXAMPLE, example_return

REFERRAL = {
    "referral_id": "R1",
    "family_id": "F1",
    "child_ids": ["C1"],
    "referral_date": "2025-05-06",
    "referral_source": "SOCIAL_WORKER",
    "stage_at_referral": "PRE_PROCEEDINGS",
    "purpose": "SAFETY_PLAN",
}


def _copy_with(tmp_path: Path, table: str, old: str, new: str) -> Path:
    folder = tmp_path / "return"
    shutil.copytree(EXAMPLE, folder)
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_unreadable_values_and_impossible_dates_point_at_the_cell(tmp_path: Path) -> None:
    folder = _copy_with(
        tmp_path, "referrals", "R001,F001,C001;C002,2025-04-10", "R001,F001,C001;C002,30/02/2025"
    )
    folder2 = _copy_with(
        tmp_path / "b",
        "conferences",
        "true,true,ATTENDED,true,false,8",
        "true,true,ATTENDED,true,false,eight",
    )
    impossible = [i for i in validate(folder).all_issues() if i.code == "FGC0002"]
    assert len(impossible) == 1
    assert impossible[0].key == "R001"
    assert impossible[0].field == "referral_date"
    assert impossible[0].value == "30/02/2025"
    assert impossible[0].location is not None
    assert impossible[0].location.row == 2
    unreadable = [i for i in validate(folder2).all_issues() if i.code == "FGC0001"]
    assert [(i.key, i.field, i.value) for i in unreadable] == [
        ("M001", "family_network_attendees", "eight")
    ]


def test_an_unreadable_required_value_is_reported_once_not_also_as_missing(
    tmp_path: Path,
) -> None:
    folder = _copy_with(
        tmp_path, "referrals", "R001,F001,C001;C002,2025-04-10", "R001,F001,C001;C002,30/02/2025"
    )
    path = folder / "referrals.csv"
    # a second unreadable date, and a truly empty one on another row
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(lines[2].split(",")[3], "soon", 1)
    lines[3] = lines[3].replace(lines[3].split(",")[3], "", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    issues = [i for i in validate(folder).all_issues() if i.field == "referral_date"]
    by_code = sorted((i.code, i.location.row if i.location else None) for i in issues)
    assert by_code == [("FGC0001", 3), ("FGC0002", 2), ("FGC0010", 4)]


def test_in_a_workbook_with_a_blank_row_too(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from fgc_standard.io import read_return, write_return

    book_path = tmp_path / "return.xlsx"
    write_return(read_return(EXAMPLE).data, book_path)
    book = load_workbook(book_path)
    sheet = book["Referrals"]
    sheet.insert_rows(3)  # a blank row: later rows are no longer at first_row + index
    sheet["D5"] = "soon"  # R003's referral_date, now on row 5
    book.save(book_path)
    issues = [i for i in validate(book_path).all_issues() if i.field == "referral_date"]
    assert [(i.code, i.key, str(i.location)) for i in issues] == [
        ("FGC0001", "R003", "Referrals!D5")
    ]


def test_what_read_return_gave_is_validated_with_its_reader_issues(tmp_path: Path) -> None:
    from fgc_standard.io import read_return

    folder = _copy_with(
        tmp_path, "referrals", "R001,F001,C001;C002,2025-04-10", "R001,F001,C001;C002,30/02/2025"
    )
    result = read_return(folder)
    report = validate(result)
    assert report.source == str(folder)
    assert [g.code for g in report.groups] == [g.code for g in validate(folder).groups]
    assert "FGC0002" in {g.code for g in report.groups}
    # the tables alone no longer know the date was written at all
    assert "FGC0002" not in {g.code for g in validate(result.data).groups}


def test_a_valid_dict_record_has_no_issue() -> None:
    assert validate_record(REFERRAL, table="referrals") == []
    assert validate_record(Referral.model_validate(REFERRAL, strict=False)) == []


def test_a_dict_record_reports_structure_and_record_rules() -> None:
    record = {
        **REFERRAL,
        "purpose": "SAFETY",
        "referral_date": "not a date",
        "child_ids": ["C1", "C1"],
        "pre_proceedings_start_date": dt.date(2025, 6, 2),
        "letter_before_proceedings_date": "2025-06-01",
        "colour": "blue",
    }
    codes = sorted((i.code, i.field) for i in validate_record(record, table="referrals"))
    assert codes == [
        ("FGC0001", "referral_date"),  # once: not also FGC0010 "required but empty"
        ("FGC0004", "colour"),
        ("FGC0011", "purpose"),
        ("FGC1201", "child_ids"),
        ("FGC1202", "letter_before_proceedings_date"),
    ]


def test_a_dict_record_needs_its_table() -> None:
    with pytest.raises(FGCError, match="give the table"):
        validate_record(REFERRAL)
    with pytest.raises(FGCError, match="no table 'nope'"):
        validate_record(REFERRAL, table="nope")


def test_a_deprecated_code_is_a_query(monkeypatch: pytest.MonkeyPatch) -> None:
    from fgc_standard.codelists import codelist
    from fgc_standard.entities import spec

    sex = codelist("sex")
    old = dataclasses.replace(
        sex,
        codes=tuple(
            dataclasses.replace(c, deprecated_since="1.0.0") if c.code == "U" else c
            for c in sex.codes
        ),
    )
    monkeypatch.setattr(spec, "codelist", lambda name: old if name == "sex" else codelist(name))
    record = {"child_id": "C1", "sex": "U", "ethnicity": "WBRI"}
    issues = validate_record(record, table="children")
    assert [(i.code, i.severity, i.value) for i in issues] == [("FGC0013", "query", "U")]


def test_two_header_rows_are_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "return"
    shutil.copytree(EXAMPLE, folder)
    header = folder / "header.csv"
    lines = header.read_text(encoding="utf-8").splitlines()
    header.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    report = validate(folder)
    assert [(i.code, i.table) for i in report.all_issues()] == [("FGC0016", "header")]
    assert report.exit_code == 1


def test_an_empty_header_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "return"
    shutil.copytree(EXAMPLE, folder)
    header = folder / "header.csv"
    header.write_text(header.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    report = validate(folder)
    assert [(i.code, i.table) for i in report.all_issues()] == [("FGC0016", "header")]
    assert report.exit_code == 1


def test_validate_record_says_what_it_takes() -> None:
    offer = {"offer_id": "O1", "referral_id": "R1", "offer_made": True, "offer_date": "2025-06-02"}
    with pytest.raises(FGCError, match="a model or a dict"):
        validate_record([1, 2], table="offers")  # type: ignore[arg-type]
    with pytest.raises(FGCError, match="a model or a dict"):
        validate_record(None, table="offers")  # type: ignore[arg-type]
    from fgc_standard.entities import Offer

    model = Offer.model_validate_json(json.dumps(offer))
    with pytest.raises(FGCError, match="record of the offers table, not of children"):
        validate_record(model, table="children")
    issues = validate_record({**offer, "offer_id": {"a": 1}, "referral_id": ["x"]}, table="offers")
    assert [(i.code, i.field) for i in issues] == [
        ("FGC0001", "offer_id"),
        ("FGC0001", "referral_id"),
    ]


def test_an_unreadable_required_value_of_one_record_is_reported_once() -> None:
    offer = {"offer_id": "O1", "referral_id": "R1", "offer_made": True, "offer_date": "soon"}
    issues = validate_record(offer, table="offers")
    assert [(i.code, i.field) for i in issues] == [("FGC0001", "offer_date")]


def test_a_null_list_whose_offsets_span_items_is_a_null_list() -> None:
    # Arrow lets a null list's offsets span items (list_flatten skips them,
    # list_parent_indices does not): such a table is taken as the plain null list
    from fgc_standard.aggregate import aggregate_return
    from fgc_standard.returns import FGCReturn
    from fgc_standard.rules import ValidationContext, run_rules

    data = example_return()
    referrals = data.tables["referrals"]
    lists = referrals.column("child_ids").combine_chunks()
    hidden = pa.ListArray.from_arrays(
        lists.offsets, lists.values, mask=pa.array([i == 1 for i in range(len(lists))])
    )
    plain = pa.array([None if i == 1 else v for i, v in enumerate(lists.to_pylist())])
    returns = {}
    for name, column in (("hidden", hidden), ("plain", plain)):
        field = referrals.schema.field("child_ids")
        table = referrals.set_column(
            referrals.column_names.index("child_ids"), field, column.cast(field.type)
        )
        returns[name] = FGCReturn({**data.tables, "referrals": table}, data.sources)
    assert returns["hidden"].equals(returns["plain"])
    messages = {n: [i.message for i in validate(r).all_issues()] for n, r in returns.items()}
    assert messages["hidden"] == messages["plain"]
    assert any("child_ids" in m for m in messages["plain"])  # required: its absence is found
    aggregates = {n: aggregate_return(r) for n, r in returns.items()}
    assert aggregates["hidden"].equals(aggregates["plain"])
    # tables handed to the rules straight, without an FGCReturn
    tables = {"referrals": returns["plain"].tables["referrals"]}
    hidden_tables = {
        "referrals": referrals.set_column(
            referrals.column_names.index("child_ids"),
            referrals.schema.field("child_ids"),
            hidden.cast(referrals.schema.field("child_ids").type),
        )
    }
    found = [
        [(h.rule.code, h.field, h.rows.to_pylist()) for h in run_rules(ValidationContext(t))]
        for t in (tables, hidden_tables)
    ]
    assert found[0] == found[1]
