"""Edge cases of the CSV reader (and of typed Parquet tables rendered as text).

Every return starts as a copy of the hand-made example, re-saved the way Excel,
an old Mac or a CMS export would save it: other line endings, other text
encodings, blank lines, cells of several lines, times with milliseconds, dates
written by pandas as timestamps.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import fgc_standard.io.csv_text as csv_text
from fgc_standard.cli.main import main
from fgc_standard.errors import ReadError, SchemaError
from fgc_standard.io import (
    EXTRA_COLUMN_CODE,
    IMPOSSIBLE_DATE_CODE,
    UNREADABLE_CODE,
    read_return,
    write_return,
)
from fgc_standard.io.csv_package import read_csv_package, read_csv_table
from fgc_standard.io.large_csv import convert_csv_table_to_parquet
from fgc_standard.returns import FGCReturn
from fgc_standard.validate import validate

UTC = dt.UTC


@pytest.fixture
def package(tmp_path: Path, example_path: Path) -> Path:
    """A copy of the example return, to save again in another way."""
    return Path(shutil.copytree(example_path, tmp_path / "return"))


def _no_traceback(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run the CLI, check it ended in a one-line error with exit code 2, and return it."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    return err


# -- line endings ---------------------------------------------------------------------


def test_cr_only_line_endings_as_an_old_mac_saves_them(
    package: Path, example: FGCReturn, capsys: pytest.CaptureFixture[str]
) -> None:
    path = package / "referrals.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    result = read_return(package)
    assert result.issues == []
    assert result.data.equals(example)
    assert main(["validate", str(package)]) == 0
    capsys.readouterr()


def test_cr_only_file_names_the_line_of_a_bad_value(package: Path) -> None:
    path = package / "children.csv"
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace("2022-11-30", "30/02/2022")  # line 4
    path.write_bytes("\r".join(lines).encode() + b"\r")
    [issue] = read_return(package).issues
    assert issue.code == IMPOSSIBLE_DATE_CODE
    assert issue.location is not None
    assert issue.location.row == 4


@pytest.mark.parametrize("csv_limit", [None, 1 << 30])
def test_a_header_row_python_cannot_read_is_a_read_error(
    package: Path, capsys: pytest.CaptureFixture[str], csv_limit: int | None
) -> None:
    # a corrupt export: the header's last cell runs on for 200,000 characters; the same
    # error when another library (frictionless does) has raised the csv module's limit
    path = package / "offers.csv"
    lines = path.read_text().splitlines()
    lines[0] += "x" * 200_000
    path.write_text("\n".join(lines) + "\n")
    before = csv.field_size_limit(csv_limit) if csv_limit else None
    try:
        with pytest.raises(ReadError, match=r"offers\.csv: cannot read the header row as CSV"):
            read_return(package)
        _no_traceback(["validate", str(package)], capsys)
    finally:
        if before is not None:
            csv.field_size_limit(before)


# -- text encodings -------------------------------------------------------------------


def _children_with_ids(package: Path, ids: dict[str, bytes], bom: bytes = b"") -> Path:
    """children.csv with some child ids replaced by raw bytes (in every table's links)."""
    path = package / "children.csv"
    data = path.read_bytes().replace(b"\n", b"\r\n")
    for old, new in ids.items():
        data = data.replace(old.encode(), new)
    path.write_bytes(bom + data)
    return path


@pytest.mark.parametrize(
    "ids",
    [
        # Zoë in UTF-8 on line 2, then an Excel curly apostrophe in Windows-1252 on line 4
        {"C001": "Zoë-1".encode(), "C003": b"O\x92Neil-3"},
        # the same bytes the other way round: the Windows-1252 byte first
        {"C001": b"O\x92Neil-1", "C003": "Zoë-3".encode()},
    ],
    ids=["utf8-first", "cp1252-first"],
)
def test_a_file_mixing_utf8_and_windows_1252_is_refused_naming_the_line(
    package: Path, ids: dict[str, bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    line = 2 if b"\x92" in ids["C001"] else 4
    _children_with_ids(package, ids)
    with pytest.raises(ReadError) as caught:
        read_return(package)
    message = str(caught.value)
    assert f"children.csv:{line}: the file mixes UTF-8 with another encoding" in message
    assert "save the file as UTF-8" in message
    assert "children.csv" in _no_traceback(["validate", str(package)], capsys)


def test_a_bom_before_windows_1252_text_is_not_part_of_the_first_header(package: Path) -> None:
    # a UTF-8 byte-order mark, then text saved as Windows-1252 (£ is 0xA3)
    header = (package / "header.csv").read_text().replace("hand-made example", "£5 tool")
    (package / "header.csv").write_bytes(b"\xef\xbb\xbf" + header.encode("cp1252"))
    result = read_return(package)
    assert result.issues == []
    assert result.data.header.la_number == "938"
    assert result.data.header.software_name == "fgc-standard £5 tool"


def _big_children(package: Path, late: bytes, early: bytes = b"C001") -> Path:
    """children.csv of more than a megabyte, ``late`` as the id of its last row."""
    path = package / "children.csv"
    rows = [f"K{i:06d},2017-03-14,,,F,WBRI,NONE" for i in range(40_000)]
    data = path.read_bytes().replace(b"C001", early) + "\n".join(rows).encode() + b"\n"
    path.write_bytes(data + late + b",2016-02-29,,,M,WBRI,NONE\n")
    assert path.stat().st_size > 1 << 20
    return path


def test_windows_1252_after_the_first_megabyte_is_read_as_windows_1252(
    package: Path, tmp_path: Path
) -> None:
    path = _big_children(package, "René".encode("cp1252"))
    raw, _ = read_csv_table(path)
    assert raw.column("child_id")[-1].as_py() == "René"
    converted = convert_csv_table_to_parquet(
        path, tmp_path / "children.parquet", "children", block_size=1 << 16
    )
    assert converted.rows == {"children": raw.num_rows}
    table = pq.read_table(tmp_path / "children.parquet")
    assert table.column("child_id")[-1].as_py() == "René"


def test_utf8_then_windows_1252_after_the_first_megabyte_is_refused(
    package: Path, tmp_path: Path
) -> None:
    path = _big_children(package, "René".encode("cp1252"), early="Zoë".encode())
    line = len(path.read_bytes().splitlines())
    with pytest.raises(ReadError, match=rf"children\.csv:{line}: the file mixes UTF-8"):
        read_csv_table(path)
    with pytest.raises(ReadError, match=rf"children\.csv:{line}: the file mixes UTF-8"):
        convert_csv_table_to_parquet(
            path, tmp_path / "children.parquet", "children", block_size=1 << 16
        )
    assert not (tmp_path / "children.parquet").exists()


# -- line numbers ---------------------------------------------------------------------

#: children.csv as a CMS exported it, with Excel's CRLF: a blank line, a notes
#: column with a cell of two lines, blank lines at the end.
CHILDREN_WITH_GAPS = (
    "child_id,date_of_birth,sex,ethnicity,disabilities,notes\r\n"
    "\r\n"
    'C001,2017-03-14,F,WBRI,NONE,"moved house\r\nin May"\r\n'
    "C002,31/02/2020,M,WBRI,NONE,\r\n"
    "\r\n"
    "C003,2022-11-30,Q,MWBC,NONE,\r\n"
    "C004,2015-01-20,F,BCRB,LD;COMM,\r\n"
    "\r\n\r\n"
)


def _line_of(path: Path, text: str) -> int:
    [line] = [n for n, row in enumerate(path.read_text().splitlines(), 1) if text in row]
    return line


def test_issues_name_the_line_an_editor_shows_after_blank_lines_and_long_cells(
    package: Path,
) -> None:
    path = package / "children.csv"
    path.write_bytes(CHILDREN_WITH_GAPS.encode())
    result = read_return(package)
    rows = {i.code: i.location.row for i in result.issues if i.location}
    assert rows[IMPOSSIBLE_DATE_CODE] == _line_of(path, "31/02/2020") == 5
    assert rows[EXTRA_COLUMN_CODE] == 1
    [sex] = [i for i in validate(result).all_issues() if i.field == "sex"]
    assert sex.location is not None
    assert sex.location.row == _line_of(path, ",Q,") == 7


def test_the_streamed_reader_names_the_same_lines(package: Path, tmp_path: Path) -> None:
    path = package / "children.csv"
    path.write_bytes(CHILDREN_WITH_GAPS.encode())
    expected = {(i.code, i.location) for i in read_return(package).issues}
    # small blocks: the cell of two lines straddles two of Arrow's blocks
    streamed = convert_csv_table_to_parquet(
        path, tmp_path / "children.parquet", "children", block_size=80
    )
    assert streamed.rows == {"children": 4}
    assert {(i.code, i.location) for i in streamed.issues} == expected


def test_a_cell_of_several_lines_across_blocks_is_read(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = package / "children.csv"
    path.write_bytes(CHILDREN_WITH_GAPS.encode())
    monkeypatch.setattr(csv_text, "_BLOCK_SIZE", 80)
    raw, source = read_csv_table(path)
    assert raw.column("notes")[0].as_py() == "moved house\r\nin May"
    assert source.row_numbers == (3, 5, 7, 8)


def test_an_old_mac_file_with_a_line_feed_in_a_cell(package: Path) -> None:
    # lines end in CR alone and a cell breaks its line with LF: as many line feeds as records
    path = package / "children.csv"
    text = CHILDREN_WITH_GAPS.replace("\r\n", "\r").replace("house\r", "house\n")
    path.write_bytes(text.encode())
    rows = {i.code: i.location.row for i in read_return(package).issues if i.location}
    assert rows[IMPOSSIBLE_DATE_CODE] == 5


def test_a_file_of_one_line_per_record_needs_no_line_table(package: Path) -> None:
    # the usual file (blank lines at its end do not move any record) keeps the fast numbering
    path = package / "children.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n") + b"\r\n\r\n")
    raw, source = read_csv_table(path)
    assert source.row_numbers is None
    assert source.first_row == 2
    assert raw.num_rows == len(path.read_text().strip().splitlines()) - 1


# -- date and time of production ------------------------------------------------------


def _with_produced_at(package: Path, value: str) -> Path:
    path = package / "header.csv"
    path.write_text(path.read_text().replace("2026-07-15T09:00:00Z", value))
    return package


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # JavaScript's toISOString
        ("2026-07-15T09:00:00.123Z", dt.datetime(2026, 7, 15, 9, 0, 0, 123000, UTC)),
        ("2026-07-15 10:00:00.123456+01:00", dt.datetime(2026, 7, 15, 9, 0, 0, 123456, UTC)),
        # .NET's "o" format: seven digits, beyond the microsecond dropped as pydantic does
        ("2026-07-15T09:00:00.1234567Z", dt.datetime(2026, 7, 15, 9, 0, 0, 123456, UTC)),
        ("2026-07-15T09:00:00Z", dt.datetime(2026, 7, 15, 9, 0, 0, 0, UTC)),
    ],
)
def test_fractional_seconds_are_read_and_kept(
    package: Path, written: str, expected: dt.datetime
) -> None:
    result = read_return(_with_produced_at(package, written))
    assert result.issues == []
    assert result.data.header.produced_at == expected


@pytest.mark.parametrize(
    "written", ["2026-02-30T09:00:00Z", "2026-07-15T09:00:60Z", "2026-07-15T09:00:00.Z"]
)
def test_a_time_that_does_not_exist_is_not_rolled_over(package: Path, written: str) -> None:
    [issue] = read_return(_with_produced_at(package, written)).issues
    assert issue.code == UNREADABLE_CODE
    assert issue.field == "produced_at"


def test_whole_seconds_are_written_as_before(example: FGCReturn, tmp_path: Path) -> None:
    write_return(example, tmp_path / "out", format="csv")
    written = (tmp_path / "out" / "header.csv").read_text()
    assert written.rstrip().endswith(",2026-07-15T09:00:00Z")


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet", "xlsx"])
def test_fractional_seconds_are_written_to_the_digit_and_read_back(
    example: FGCReturn, tmp_path: Path, fmt: str
) -> None:
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    header = example.tables["header"]
    for micro, text in [(123000, "09:00:00.123Z"), (123456, "09:00:00.123456Z")]:
        stamp = pa.array(
            [dt.datetime(2026, 7, 15, 9, 0, 0, micro, UTC)], header["produced_at"].type
        )
        tables = dict(example.tables)
        tables["header"] = header.set_column(
            header.schema.get_field_index("produced_at"), "produced_at", stamp
        )
        data = FGCReturn(tables)
        target = tmp_path / f"{fmt}-{micro}"
        if fmt in ("json", "xlsx"):
            target = target.with_suffix(f".{fmt}")
        path = write_return(data, target, format=fmt)
        if fmt == "csv":
            assert (path / "header.csv").read_text().rstrip().endswith(f",2026-07-15T{text}")
        result = read_return(path)
        assert result.issues == []
        assert result.data.equals(data)


def test_a_parquet_header_written_by_pandas_with_fractional_seconds(
    package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "parquet"
    write_return(read_return(package).data, folder, format="parquet")
    header = pd.read_parquet(folder / "header.parquet")
    header["produced_at"] = pd.Timestamp("2026-07-15 09:00:00.123456", tz="UTC")
    header.to_parquet(folder / "header.parquet")
    result = read_return(folder)
    assert result.issues == []
    assert result.data.header.produced_at == dt.datetime(2026, 7, 15, 9, 0, 0, 123456, UTC)
    assert main(["validate", str(folder)]) == 0
    assert main(["convert", str(folder), str(tmp_path / "back"), "--to", "csv"]) == 0
    capsys.readouterr()
    assert read_return(tmp_path / "back").data.equals(result.data)


# -- Parquet written by pandas: dates as timestamps, lists with null items ---------------


def _pandas_referrals(package: Path, tmp_path: Path) -> tuple[Path, pd.DataFrame]:
    """The example as Parquet, its referrals table as pandas writes a CSV it read."""
    folder = tmp_path / "parquet"
    write_return(read_return(package).data, folder, format="parquet")
    return folder, pd.read_csv(package / "referrals.csv", dtype=str)


@pytest.mark.parametrize("tz", [None, "UTC", "Europe/London"])
def test_parquet_dates_held_as_midnight_timestamps_are_dates(
    package: Path, tmp_path: Path, example: FGCReturn, tz: str | None
) -> None:
    folder, frame = _pandas_referrals(package, tmp_path)
    frame["referral_date"] = pd.to_datetime(frame["referral_date"]).dt.tz_localize(tz)
    frame.to_parquet(folder / "referrals.parquet")
    result = read_return(folder)
    assert result.issues == []
    dates = result.data.tables["referrals"].column("referral_date")
    assert dates.equals(example.tables["referrals"].column("referral_date"))


def test_a_time_of_day_in_a_parquet_date_is_an_unreadable_value(
    package: Path, tmp_path: Path
) -> None:
    folder, frame = _pandas_referrals(package, tmp_path)
    frame["referral_date"] = pd.to_datetime(frame["referral_date"])
    frame.loc[1, "referral_date"] += pd.Timedelta(hours=9, minutes=30)
    frame.to_parquet(folder / "referrals.parquet")
    result = read_return(folder)
    [issue] = result.issues
    assert issue.code == UNREADABLE_CODE
    assert issue.field == "referral_date"
    assert issue.value == "2025-05-12T09:30:00Z"
    dates = result.data.tables["referrals"].column("referral_date").to_pylist()
    assert dates[0] == dt.date(2025, 4, 10)
    assert dates[1] is None


@pytest.mark.parametrize("typed", [False, True], ids=["text-columns", "standard-types"])
def test_a_null_item_in_a_parquet_list_is_no_item(
    package: Path, tmp_path: Path, typed: bool
) -> None:
    folder, frame = _pandas_referrals(package, tmp_path)
    frame["child_ids"] = frame["child_ids"].str.split(";")
    frame.at[0, "child_ids"] = ["C001", None, "C002"]
    if typed:
        # the other columns with the standard's types: the list is taken as it is
        table = pq.read_table(folder / "referrals.parquet")
        column = pa.array(frame["child_ids"].tolist(), table.schema.field("child_ids").type)
        table = table.set_column(table.schema.get_field_index("child_ids"), "child_ids", column)
        pq.write_table(table, folder / "referrals.parquet")
    else:
        frame.to_parquet(folder / "referrals.parquet")
    result = read_return(folder)
    assert result.issues == []
    child_ids = result.data.tables["referrals"].column("child_ids")
    assert child_ids[0].as_py() == ["C001", "C002"]
    assert validate(result).valid


@pytest.mark.parametrize("line_end", ["", "\n", "\r\n"])
def test_a_table_of_its_header_only_with_or_without_a_line_end(
    package: Path, tmp_path: Path, line_end: str
) -> None:
    from fgc_standard.io.large_csv import convert_csv_package_to_parquet

    path = package / "plans.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_bytes((header + line_end).encode())
    raw, _ = read_csv_table(path)
    assert (raw.num_rows, raw.column_names) == (0, header.split(","))
    assert read_return(package).data.num_rows["plans"] == 0
    convert_csv_package_to_parquet(package, tmp_path / "parquet")
    assert read_return(tmp_path / "parquet").data.num_rows["plans"] == 0
    path.write_bytes(b"plan_id,conference_id" + line_end.encode())  # required columns missing
    with pytest.raises(SchemaError, match="required column"):
        read_csv_package(package)


def test_the_first_table_with_a_problem_is_the_one_reported(package: Path) -> None:
    # tables are coerced while the next is parsed: a later file that cannot be read
    # does not hide an earlier table's missing column
    referrals = pd.read_csv(package / "referrals.csv", dtype=str, keep_default_na=False)
    referrals.drop(columns="referral_date").to_csv(package / "referrals.csv", index=False)
    with open(package / "outcomes.csv", "a", encoding="utf-8") as handle:
        handle.write("X999,R001\n")  # a row too short: not CSV of this table
    with pytest.raises(SchemaError, match=r"referrals\.csv.*referral_date"):
        read_csv_package(package)
