"""Edge cases of the JSON, XLSX and Parquet readers: damaged files and values in odd places.

Every file is the hand-made example return, written by the library and then
changed by hand the way a person or a broken copy might change it.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fgc_standard.cli.main import main
from fgc_standard.errors import ReadError
from fgc_standard.io import EXTRA_COLUMN_CODE, read_return, write_return
from fgc_standard.report.issue import column_letter
from fgc_standard.returns import FGCReturn

# -- XLSX: a damaged workbook ------------------------------------------------------------


def _rezip(source: Path, target: Path, change: dict[str, Any]) -> Path:
    """Copy a workbook, each part named in ``change`` replaced by what its function gives."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            zout.writestr(name, change[name](data) if name in change else data)
    return target


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


@pytest.fixture(scope="module")
def workbook(example: FGCReturn, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example return as a workbook from the library's writer (sheets without dimensions)."""
    return write_return(example, tmp_path_factory.mktemp("xlsx") / "x.xlsx")


@pytest.fixture(scope="module")
def excel_like_workbook(workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workbook saved again by openpyxl, so each sheet states its dimension, as Excel's do.

    openpyxl then reads a sheet's rows only while they are iterated, not on opening.
    """
    from openpyxl import load_workbook

    path = tmp_path_factory.mktemp("xlsx") / "resaved.xlsx"
    book = load_workbook(workbook)
    book.save(path)
    return path


def test_a_truncated_sheet_is_a_read_error(workbook: Path, tmp_path: Path) -> None:
    bad = _rezip(workbook, tmp_path / "bad.xlsx", {"xl/worksheets/sheet3.xml": _half})
    with pytest.raises(ReadError, match=r"bad\.xlsx: cannot read as an XLSX workbook: "):
        read_return(bad)


def test_a_truncated_sheet_met_while_reading_rows_is_a_read_error(
    excel_like_workbook: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(excel_like_workbook) as z:
        assert b"<dimension " in z.read("xl/worksheets/sheet3.xml")
    bad = _rezip(excel_like_workbook, tmp_path / "bad.xlsx", {"xl/worksheets/sheet3.xml": _half})
    with pytest.raises(ReadError, match=r"bad\.xlsx: cannot read as an XLSX workbook: sheet Ref"):
        read_return(bad)


def test_a_workbook_part_that_is_not_xml_is_a_read_error(workbook: Path, tmp_path: Path) -> None:
    bad = _rezip(workbook, tmp_path / "bad.xlsx", {"xl/workbook.xml": lambda _: b"<notxml"})
    with pytest.raises(ReadError, match=r"bad\.xlsx: cannot read as an XLSX workbook: "):
        read_return(bad)


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["convert", "{out}.json"],
        ["minimise", "{out}"],
        ["pseudonymise", "{out}", "--key-file", "{key}"],
        ["demo", "--output", "{out}"],
    ],
    ids=lambda c: c[0],
)
def test_every_command_given_a_corrupt_workbook_exits_2_without_a_traceback(
    excel_like_workbook: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    bad = _rezip(excel_like_workbook, tmp_path / "bad.xlsx", {"xl/worksheets/sheet3.xml": _half})
    key = tmp_path / "key.txt"
    key.write_text("ab" * 32 + "\n")  # a fictional key, as hex text
    name, *rest = command
    args = [a.format(out=tmp_path / "out", key=key) for a in rest]
    argv = [name, str(bad), *args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "cannot read as an XLSX workbook" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


# -- XLSX: a value right of the last header ------------------------------------------


def _add_cell(source: Path, target: Path, sheet: str, row: int, gap: int, value: str) -> str:
    """Write ``value`` ``gap`` columns right of the sheet's last header; return its letter."""
    from openpyxl import load_workbook

    book = load_workbook(source)
    ws = book[sheet]
    column = ws.max_column + gap
    ws.cell(row=row, column=column, value=value)
    book.save(target)
    return column_letter(column - 1)


def test_a_value_right_of_the_headers_is_kept_and_reported_at_its_cell(
    workbook: Path, tmp_path: Path
) -> None:
    path = tmp_path / "orphan.xlsx"
    letter = _add_cell(workbook, path, "Referrals", row=2, gap=2, value="orphan")
    result = read_return(path)
    found = [(i.code, i.severity, str(i.location)) for i in result.issues]
    # the empty column between the headers and the value is not reported
    assert found == [(EXTRA_COLUMN_CODE, "query", f"Referrals!{letter}2")]
    extra = result.data.extra_columns["referrals"]
    assert extra.column_names == [f"(no header) {letter}"]
    assert extra.column(0).to_pylist()[:2] == ["orphan", None]
    assert result.data.tables["referrals"].num_rows == 7


def test_a_row_whose_only_value_is_right_of_the_headers_is_kept(
    workbook: Path, tmp_path: Path
) -> None:
    path = tmp_path / "orphan.xlsx"
    letter = _add_cell(workbook, path, "Referrals", row=12, gap=1, value="orphan")
    result = read_return(path)
    referrals = result.data.tables["referrals"]
    assert referrals.num_rows == 8  # the example's 7, and the row with only the value
    assert referrals.column("referral_id").to_pylist()[-1] is None
    assert result.data.extra_columns["referrals"].column(0).to_pylist()[-1] == "orphan"
    assert [str(i.location) for i in result.issues] == [f"Referrals!{letter}12"]


def test_columns_without_a_header_keep_every_cell_reference_right(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    header = book.active
    header.title = "Header"
    header.append(["la_number", "period_start", "period_end", "standard_version", "software_name"])
    header["F1"] = "produced_at"
    header.append(["938", "2025-04-01", "2026-03-31", "1.0.0", "by hand", "2026-07-15T09:00:00Z"])
    offers = book.create_sheet("Offers")
    # B is an empty spacer column; F has values but no header
    offers.append(["offer_id", None, "referral_id", "offer_made", "offer_date"])
    offers.append(["O1", None, "R1", "maybe", "2025-04-14", None])
    offers.append([None, None, None, None, None, None])  # a blank row, skipped
    offers.append(["O2", None, "R2", "Y", "2025-04-15", "a note"])
    path = tmp_path / "gaps.xlsx"
    book.save(path)
    result = read_return(path)
    found = {(i.code, i.value, str(i.location)) for i in result.issues}
    assert found == {
        ("FGC0001", "maybe", "Offers!D2"),
        (EXTRA_COLUMN_CODE, "(no header) F", "Offers!F4"),
    }
    assert result.data.extra_columns["offers"].to_pydict() == {"(no header) F": [None, "a note"]}


def test_the_cli_reports_a_value_right_of_the_headers(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "orphan.xlsx"
    letter = _add_cell(workbook, path, "Referrals", row=2, gap=2, value="orphan")
    main(["validate", str(path)])
    out = capsys.readouterr().out
    assert f"Referrals!{letter}2: column '(no header) {letter}'" in out


# -- JSON: lists written as strings, and null items ----------------------------------


@pytest.fixture(scope="module")
def document(example: FGCReturn, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The example return as a JSON document (a dict), as the library writes it."""
    path = write_return(example, tmp_path_factory.mktemp("json") / "ex.json")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _read_changed(document: dict[str, Any], tmp_path: Path, **changes: Any) -> Any:
    """Read the document after setting ``table__index__field`` values."""
    doc = json.loads(json.dumps(document))
    for where, value in changes.items():
        table, index, field = where.split("__")
        doc[table][int(index)][field] = value
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return read_return(path)


def test_a_list_written_as_a_string_is_read_as_a_csv_cell(
    document: dict[str, Any], tmp_path: Path
) -> None:
    assert isinstance(document["children"][1]["disabilities"], list)
    result = _read_changed(
        document,
        tmp_path,
        children__0__disabilities="LD",
        children__1__disabilities="HEAR; VIS",
        referrals__1__child_ids="C003",
    )
    assert result.issues == []
    disabilities = result.data.tables["children"].column("disabilities").to_pylist()
    assert disabilities[:2] == [["LD"], ["HEAR", "VIS"]]
    assert result.data.tables["referrals"].column("child_ids").to_pylist()[1] == ["C003"]


def test_a_null_item_in_a_list_is_dropped_and_the_others_kept(
    document: dict[str, Any], tmp_path: Path
) -> None:
    result = _read_changed(
        document,
        tmp_path,
        children__2__disabilities=["NONE", None],
        children__3__disabilities=[None],
        referrals__0__child_ids=["C001", None, "C002"],
    )
    assert result.issues == []
    disabilities = result.data.tables["children"].column("disabilities").to_pylist()
    assert disabilities[2:4] == [["NONE"], None]
    assert result.data.tables["referrals"].column("child_ids").to_pylist()[0] == [
        "C001",
        "C002",
    ]


def test_a_list_item_that_is_not_text_is_kept_as_written(
    document: dict[str, Any], tmp_path: Path
) -> None:
    # kept for the validator to report (not a code), never dropped
    result = _read_changed(document, tmp_path, children__0__disabilities=["LD", None, {"x": 1}])
    disabilities = result.data.tables["children"].column("disabilities").to_pylist()
    assert disabilities[0] == ["LD", '{"x": 1}']
    assert result.data.tables["children"].num_rows == 9


def test_json_nested_too_deeply_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"header": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(ReadError, match=r"deep\.json: cannot read"):
        read_return(path)


# -- Parquet: a file that is not Parquet -----------------------------------------------


@pytest.fixture(scope="module")
def parquet_package(example: FGCReturn, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example return as a Parquet package."""
    return write_return(example, tmp_path_factory.mktemp("pq") / "pq", format="parquet")


def _damaged(package: Path, tmp_path: Path, table: str, data: bytes) -> Path:
    folder = tmp_path / "damaged"
    folder.mkdir()
    for file in package.iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    (folder / f"{table}.parquet").write_bytes(data)
    return folder


@pytest.mark.parametrize("damage", ["csv", "truncated", "empty", "footer"])
def test_a_file_that_is_not_parquet_is_a_read_error(
    parquet_package: Path,
    example_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    damage: str,
) -> None:
    good = (parquet_package / "children.parquet").read_bytes()
    data = {
        "csv": (example_path / "children.csv").read_bytes(),
        "truncated": _half(good),
        "empty": b"",
        # the footer's length damaged, the magic bytes intact
        "footer": good[:-8] + (2 * len(good)).to_bytes(4, "little") + good[-4:],
    }[damage]
    folder = _damaged(parquet_package, tmp_path, "children", data)
    with pytest.raises(ReadError, match=r"children\.parquet: cannot read as Parquet"):
        read_return(folder)
    assert main(["validate", str(folder)]) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("column", "values", "message"),
    [
        ("extra", pa.array([{"a": 1}] * 9), r"column 'extra' holds struct"),
        ("child_id", pa.array([b"\xff"] * 9, pa.binary()), r"cannot read the values"),
    ],
    ids=["struct", "bytes-not-utf8"],
)
def test_a_column_no_return_can_hold_is_a_read_error(
    parquet_package: Path, tmp_path: Path, column: str, values: pa.Array, message: str
) -> None:
    table = pq.read_table(parquet_package / "children.parquet")
    if column in table.column_names:
        table = table.set_column(table.column_names.index(column), column, values)
    else:
        table = table.append_column(column, values)
    folder = _damaged(parquet_package, tmp_path, "children", b"")
    pq.write_table(table, folder / "children.parquet")
    with pytest.raises(ReadError, match=rf"children\.parquet: {message}"):
        read_return(folder)


def test_large_lists_as_polars_writes_them_are_read(parquet_package: Path, tmp_path: Path) -> None:
    table = pq.read_table(parquet_package / "children.parquet")
    index = table.column_names.index("disabilities")
    large = table.column(index).cast(pa.large_list(pa.large_string()))
    folder = _damaged(parquet_package, tmp_path, "children", b"")
    pq.write_table(table.set_column(index, "disabilities", large), folder / "children.parquet")
    result = read_return(folder)
    assert result.issues == []
    expected = table.column("disabilities").to_pylist()
    assert result.data.tables["children"].column("disabilities").to_pylist() == expected


def test_a_sheet_that_is_no_table_is_a_query_naming_it(tmp_path: Path, example_path: Path) -> None:
    from openpyxl import load_workbook

    from fgc_standard.io import read_return, write_return
    from fgc_standard.io.xlsx_workbook import UNKNOWN_SHEET_CODE
    from fgc_standard.rules import CATALOGUE

    book = tmp_path / "return.xlsx"
    write_return(read_return(example_path).data, book)
    workbook = load_workbook(book)
    workbook["Offers"].title = "Offer list"  # renamed by hand: its rows would be lost
    workbook.save(book)
    issues = [i for i in read_return(book).issues if i.code == UNKNOWN_SHEET_CODE]
    assert [(i.severity, i.value, i.location and i.location.sheet) for i in issues] == [
        ("query", "Offer list", "Offer list")
    ]
    assert CATALOGUE[UNKNOWN_SHEET_CODE].severity == "query"
    from fgc_standard.validate import validate

    text = validate(book).render("text")
    assert "QUERY FGC0006: Sheet not in the standard: 1 issue(s)\n" in text
