"""Messy input read as a person would expect, each from a file written as Excel or a CMS would."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from fgc_standard.errors import SchemaError
from fgc_standard.io import (
    EXTRA_COLUMN_CODE,
    IMPOSSIBLE_DATE_CODE,
    UNREADABLE_CODE,
    read_return,
)

HEADER = (
    "la_number,period_start,period_end,standard_version,software_name,software_version,"
    "produced_at\r\n938,01/04/2025,31/03/2026,1.0.0,CMS export,,2026-07-15T09:00:00Z\r\n"
)


def _package(folder: Path, name: str, data: bytes) -> Path:
    """A CSV package with a header and one table, written as bytes."""
    folder.mkdir(exist_ok=True)
    (folder / "header.csv").write_bytes(HEADER.encode("utf-8"))
    (folder / f"{name}.csv").write_bytes(data)
    return folder


CHILDREN_CRLF = (
    "child_id,date_of_birth,sex,ethnicity,disabilities\r\n"
    "Zoë-001,31/01/2015,F,WBRI,LD;COMM\r\n"
    "007,2016-02-29,M,WBRI,\r\n"
)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
    ids=["utf8", "utf8-bom", "windows-1252"],
)
def test_text_encodings_excel_saves(tmp_path: Path, encoding: str, bom: bytes) -> None:
    folder = _package(tmp_path, "children", bom + CHILDREN_CRLF.encode(encoding))
    result = read_return(folder)
    assert result.issues == []
    children = result.data.tables["children"].to_pylist()
    assert [c["child_id"] for c in children] == ["Zoë-001", "007"]
    assert children[0]["date_of_birth"] == dt.date(2015, 1, 31)
    assert children[1]["date_of_birth"] == dt.date(2016, 2, 29)
    assert children[0]["disabilities"] == ["LD", "COMM"]
    assert result.data.header.period_start == dt.date(2025, 4, 1)


def test_a_pound_sign_in_windows_1252(tmp_path: Path) -> None:
    header = HEADER.replace("CMS export", "Spend £5 tool").encode("cp1252")
    tmp_path.joinpath("header.csv").write_bytes(header)
    result = read_return(tmp_path)
    assert result.data.header.software_name == "Spend £5 tool"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Y", True),
        ("n", False),
        ("Yes", True),
        ("NO", False),
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
    ],
)
def test_yes_no_in_every_spelling(tmp_path: Path, written: str, expected: bool) -> None:
    offers = f"offer_id,referral_id,offer_made,offer_date\r\nO1,R1,{written},2025-04-14\r\n"
    result = read_return(_package(tmp_path, "offers", offers.encode()))
    assert result.issues == []
    assert result.data.tables["offers"].column("offer_made").to_pylist() == [expected]


def test_stray_spaces_and_case_in_headers_and_codes(tmp_path: Path) -> None:
    text = (
        " Child ID ,Date of birth,SEX, Ethnicity,Disabilities\r\n"
        "C1 , 1/2/2015 , f , wbri , ld ; comm \r\n"
    )
    result = read_return(_package(tmp_path, "children", text.encode()))
    assert result.issues == []
    assert result.data.tables["children"].to_pylist()[0] == {
        "child_id": "C1",
        "date_of_birth": dt.date(2015, 2, 1),
        "birth_month": None,
        "expected_date_of_birth": None,
        "sex": "F",
        "ethnicity": "WBRI",
        "disabilities": ["LD", "COMM"],
    }


def test_a_code_that_is_not_a_code_in_any_case_is_kept_as_written(tmp_path: Path) -> None:
    text = "child_id,sex,ethnicity\r\nC1,F,white british\r\n"
    result = read_return(_package(tmp_path, "children", text.encode()))
    # reading never guesses: the validator reports the wrong code
    assert result.data.tables["children"].column("ethnicity").to_pylist() == ["white british"]


def test_an_extra_column_is_reported_and_kept_aside(tmp_path: Path) -> None:
    text = "child_id,sex,ethnicity,Worker name\r\nC1,F,WBRI,A. Worker\r\n"
    result = read_return(_package(tmp_path, "children", text.encode()))
    assert [(i.code, i.severity, i.value) for i in result.issues] == [
        (EXTRA_COLUMN_CODE, "query", "Worker name")
    ]
    assert "Worker name" not in result.data.tables["children"].column_names
    assert result.data.extra_columns["children"].column("Worker name").to_pylist() == ["A. Worker"]


def test_a_missing_required_column_is_a_clear_error(tmp_path: Path) -> None:
    text = "child_id,sex\r\nC1,F\r\n"
    folder = _package(tmp_path, "children", text.encode())
    with pytest.raises(SchemaError, match=r"children\.csv.*ethnicity"):
        read_return(folder)


def test_unreadable_values_are_reported_where_they_are_and_rows_are_kept(
    tmp_path: Path,
) -> None:
    text = (
        "conference_id,referral_id,conference_type,status,conference_date,"
        "family_network_attendees\r\n"
        "M1,R1,INITIAL,HELD,30/02/2025,8\r\n"
        "M2,R1,REVIEW,HELD,2025-13-01,eight\r\n"
        "M3,R1,REVIEW,HELD,next week,3.0\r\n"
    )
    result = read_return(_package(tmp_path, "conferences", text.encode()))
    table = result.data.tables["conferences"]
    assert table.num_rows == 3  # rows in = rows out
    assert table.column("conference_date").to_pylist() == [None, None, None]
    assert table.column("family_network_attendees").to_pylist() == [8, None, 3]
    found = {
        (i.code, i.key, i.field, i.value, i.location.row if i.location else None)
        for i in result.issues
    }
    assert found == {
        (IMPOSSIBLE_DATE_CODE, "M1", "conference_date", "30/02/2025", 2),
        (IMPOSSIBLE_DATE_CODE, "M2", "conference_date", "2025-13-01", 3),
        (UNREADABLE_CODE, "M2", "family_network_attendees", "eight", 3),
        (UNREADABLE_CODE, "M3", "conference_date", "next week", 4),
    }
    first = next(i for i in result.issues if i.key == "M1")
    assert str(first.location).endswith("conferences.csv:2 [conference_date]")


def test_an_impossible_date_is_never_shifted(tmp_path: Path, example_path: Path) -> None:
    folder = tmp_path / "ret"
    shutil.copytree(example_path, folder)
    path = folder / "referrals.csv"
    path.write_text(path.read_text().replace("2025-04-10", "31/04/2025", 1))
    result = read_return(folder)
    assert [(i.code, i.value) for i in result.issues] == [(IMPOSSIBLE_DATE_CODE, "31/04/2025")]
    dates = result.data.tables["referrals"].column("referral_date").to_pylist()
    assert dates[0] is None
    assert dt.date(2025, 5, 1) not in dates


def _excel_workbook(path: Path) -> None:
    """A workbook as a person makes it in Excel: date cells, raw serials, numbers, booleans."""
    from openpyxl import Workbook

    wb = Workbook()
    header = wb.active
    header.title = "Header"
    header.append(
        [
            "LA number",
            "Period start",
            "Period end",
            "Standard version",
            "Software name",
            "Produced at",
        ]
    )
    header.append(
        [938, dt.datetime(2025, 4, 1), 46112, "1.0.0", "Excel", dt.datetime(2026, 7, 15, 9, 0)]
    )
    offers = wb.create_sheet("offers")  # any case
    offers.append(["Offer ID", "Referral ID", "Offer made", "Offer date", "Colour"])
    offers.append(["007", "R1", True, dt.datetime(2025, 4, 14), "blue"])
    offers.append([None, None, None, None, None])  # a blank row, skipped
    offers.append([8, "R2", "N", 45761.0, None])
    offers.append(["O9", "R3", "Y", "31/02/2025", None])
    offers["D3"].number_format = "General"
    wb.create_sheet("Notes").append(["anything"])
    wb.save(path)


def test_an_excel_workbook_with_date_cells_and_serial_numbers(tmp_path: Path) -> None:
    path = tmp_path / "made-in-excel.xlsx"
    _excel_workbook(path)
    result = read_return(path)
    header = result.data.header
    assert (header.la_number, header.period_start, header.period_end) == (
        "938",
        dt.date(2025, 4, 1),
        dt.date(2026, 3, 31),
    )
    assert header.produced_at == dt.datetime(2026, 7, 15, 9, 0, tzinfo=dt.UTC)
    offers = result.data.tables["offers"].to_pylist()
    assert [o["offer_id"] for o in offers] == ["007", "8", "O9"]
    assert [o["offer_made"] for o in offers] == [True, False, True]
    assert [o["offer_date"] for o in offers] == [dt.date(2025, 4, 14), dt.date(2025, 4, 14), None]
    issues = {(i.code, str(i.location), i.value) for i in result.issues}
    assert issues == {
        (EXTRA_COLUMN_CODE, "offers!E1", "Colour"),
        ("FGC0006", "Notes", "Notes"),  # a sheet that is no table: not read, and said so
        (IMPOSSIBLE_DATE_CODE, "offers!D5", "31/02/2025"),
    }


def test_a_workbook_missing_a_required_column_names_the_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Header"
    wb.active.append(["la_number"])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    with pytest.raises(SchemaError, match=r"bad\.xlsx, sheet Header.*period_start"):
        read_return(path)


def test_a_hand_written_json_document(tmp_path: Path) -> None:
    import json

    document = {
        "header": {
            "la_number": 938,
            "period_start": "01/04/2025",
            "period_end": "2026-03-31",
            "standard_version": "1.0.0",
            "software_name": "by hand",
            "produced_at": "2026-07-15T09:00:00Z",
        },
        "offers": [
            {"offer_id": "O1", "referral_id": "R1", "offer_made": "Y", "offer_date": "2025-04-14"},
            {
                "offer_id": "O2",
                "referral_id": "R2",
                "offer_made": "maybe",
                "offer_date": "2025-02-30",
                "colour": "red",
            },
        ],
    }
    path = tmp_path / "return.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = read_return(path)
    offers = result.data.tables["offers"]
    assert offers.num_rows == 2
    assert offers.column("offer_made").to_pylist() == [True, None]
    assert result.data.header.la_number == "938"
    found = {(i.code, i.key, i.field, i.value, str(i.location)) for i in result.issues}
    assert found == {
        (UNREADABLE_CODE, "O2", "offer_made", "maybe", f"{path} (offers):2 [offer_made]"),
        (IMPOSSIBLE_DATE_CODE, "O2", "offer_date", "2025-02-30", f"{path} (offers):2 [offer_date]"),
        (EXTRA_COLUMN_CODE, None, None, "colour", f"{path} (offers) [colour]"),
    }


def test_a_parquet_table_with_other_types_is_read_like_csv(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from fgc_standard.io import read_csv_package, write_parquet_package

    ret = read_csv_package(Path(__file__).parents[2] / "examples" / "return").data
    write_parquet_package(ret, tmp_path)
    # a CMS that wrote its own Parquet: text dates, a whole-number LA, a float count
    pq.write_table(
        pa.table(
            {
                "offer_id": ["O1"],
                "referral_id": ["R1"],
                "offer_made": ["yes"],
                "offer_date": ["14/04/2025"],
            }
        ),
        tmp_path / "offers.parquet",
    )
    result = read_return(tmp_path)
    assert result.issues == []
    assert result.data.tables["offers"].to_pylist()[0]["offer_date"] == dt.date(2025, 4, 14)


def test_empty_cells_quoted_or_not_or_blank_are_null(tmp_path: Path) -> None:
    # the CSV reader reads "" and an empty cell as null itself; a cell of spaces is
    # trimmed to nothing by the coercion: all three are "not given"
    children = (
        "child_id,date_of_birth,sex,ethnicity,disabilities\r\n"
        'C1,"",F,"",""\r\n'
        "C2,,M,,\r\n"
        'C3,  ,F," ", \r\n'
    )
    result = read_return(_package(tmp_path, "children", children.encode()))
    assert result.issues == []
    rows = result.data.tables["children"].to_pylist()
    for field in ("date_of_birth", "ethnicity", "disabilities"):
        assert [row[field] for row in rows] == [None, None, None], field
