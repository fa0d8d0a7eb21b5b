"""A return as a CSV data package: lossless round trip, every row kept, clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fgc_standard.entities import TABLES
from fgc_standard.errors import ReadError, SchemaError
from fgc_standard.io import read_csv_package, write_csv_package

from ._helpers import tree_bytes

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "return"


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    target = tmp_path / "return"
    shutil.copytree(EXAMPLE, target)
    return target


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_example_reads_without_issues() -> None:
    result = read_csv_package(EXAMPLE)
    assert result.ok
    assert result.issues == []
    assert result.data.num_rows == {
        "header": 1,
        "children": 9,
        "referrals": 7,
        "offers": 7,
        "acceptances": 6,
        "conferences": 6,
        "plans": 5,
        "outcomes": 9,
    }


def test_write_then_read_is_byte_identical(tmp_path: Path) -> None:
    first = read_csv_package(EXAMPLE).data
    write_csv_package(first, tmp_path / "out")
    assert tree_bytes(tmp_path / "out") == tree_bytes(EXAMPLE)
    second = read_csv_package(tmp_path / "out").data
    assert second.equals(first)
    write_csv_package(second, tmp_path / "again")
    assert tree_bytes(tmp_path / "again") == tree_bytes(EXAMPLE)


def test_every_table_file_and_descriptor_are_written(tmp_path: Path) -> None:
    write_csv_package(read_csv_package(EXAMPLE).data, tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == {f"{t}.csv" for t in TABLES} | {
        "datapackage.json"
    }


def test_an_impossible_date_keeps_its_row_and_names_file_row_column_and_value(
    example_copy: Path,
) -> None:
    referrals = example_copy / "referrals.csv"
    _replace_in(referrals, "R002,F002,C003,2025-05-12,", "R002,F002,C003,30/02/2025,")
    result = read_csv_package(example_copy)
    assert result.data.num_rows["referrals"] == 7
    (issue,) = result.issues
    assert issue.code in {"FGC0001", "FGC0002"}
    assert issue.severity == "error"
    assert (issue.table, issue.key, issue.field, issue.value) == (
        "referrals",
        "R002",
        "referral_date",
        "30/02/2025",
    )
    assert issue.location is not None
    assert issue.location.file == str(referrals)
    assert issue.location.row == 3  # header is line 1, R001 line 2, R002 line 3
    assert issue.location.column == "referral_date"
    assert "30/02/2025" in issue.message
    table = result.data.table("referrals")
    ids = table.column("referral_id").to_pylist()
    dates = table.column("referral_date").to_pylist()
    assert ids[1] == "R002"
    assert dates[1] is None
    # nothing shifted: the neighbours keep their own values
    assert str(dates[0]) == "2025-04-10"
    assert str(dates[2]) == "2025-06-03"
    assert table.column("family_id").to_pylist()[1] == "F002"
    assert result.data.locate("referrals", 1, "referral_date") == issue.location


def test_several_unreadable_values_each_report_and_keep_rows(example_copy: Path) -> None:
    _replace_in(example_copy / "conferences.csv", ",8,2,false", ",eight,2,false")
    _replace_in(example_copy / "offers.csv", "O004,R004,true,", "O004,R004,maybe,")
    result = read_csv_package(example_copy)
    assert result.data.num_rows["conferences"] == 6
    assert result.data.num_rows["offers"] == 7
    found = {(i.table, i.field, i.value) for i in result.issues}
    assert found == {
        ("conferences", "family_network_attendees", "eight"),
        ("offers", "offer_made", "maybe"),
    }
    assert not result.ok


def test_a_missing_required_column_is_a_schema_error(example_copy: Path) -> None:
    path = example_copy / "offers.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # drop the offer_made column (the third) from every line
    path.write_text(
        "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != 2) for line in lines)
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemaError) as caught:
        read_csv_package(example_copy)
    message = str(caught.value)
    assert "offers.csv" in message
    assert "offer_made" in message
    assert "missing" in message


def test_a_folder_without_header_is_a_read_error(example_copy: Path) -> None:
    (example_copy / "header.csv").unlink()
    with pytest.raises(ReadError, match=r"header\.csv is missing"):
        read_csv_package(example_copy)


def test_a_missing_folder_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such folder"):
        read_csv_package(tmp_path / "nowhere")


def test_an_optional_table_may_be_absent(example_copy: Path) -> None:
    (example_copy / "outcomes.csv").unlink()
    result = read_csv_package(example_copy)
    assert result.data.num_rows["outcomes"] == 0
    assert result.data.table("outcomes").column_names == list(TABLES["outcomes"].model_fields)
