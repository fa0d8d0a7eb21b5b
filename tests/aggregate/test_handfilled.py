"""Hand-filled aggregate returns: each FGC5xxx rule fires on its fault; a good return is clean."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from fgc_standard.aggregate.handfilled import (
    AGGREGATE_RULES,
    aggregate_template,
    check_aggregate,
    read_aggregate,
    write_aggregate_template,
)
from fgc_standard.aggregate.model import AGGREGATE_COLUMNS
from fgc_standard.errors import ReadError, WriteError
from fgc_standard.report.kinds import CheckKind

_PERIOD = (date(2025, 4, 1), date(2026, 3, 31))


def _write(rows: list[dict[str, object]], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=AGGREGATE_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return path


@pytest.fixture
def good_rows(example_aggregate: pa.Table) -> list[dict[str, object]]:
    rows = example_aggregate.to_pylist()
    for row in rows:
        if row["value"] is not None and float(row["value"]).is_integer():
            row["value"] = int(row["value"])
    return rows


def _set(
    rows: list[dict[str, object]], measure: str, breakdown: str, value: str, new: object
) -> int:
    for i, row in enumerate(rows):
        if (row["measure"], row["breakdown"], row["breakdown_value"]) == (
            measure,
            breakdown,
            value,
        ):
            row["value"] = new
            return i
    raise AssertionError("no such row")


def _codes(path: Path) -> list[str]:
    return [i.code for i in read_aggregate(path)[1]]


def test_computed_return_read_back_is_clean(
    good_rows: list[dict[str, object]], tmp_path: Path
) -> None:
    table, issues = read_aggregate(_write(good_rows, tmp_path / "a.csv"))
    assert issues == []
    assert table.num_rows == len(good_rows)


def test_breakdown_not_summing_to_total(good_rows: list[dict[str, object]], tmp_path: Path) -> None:
    _set(good_rows, "children_referred", "sex", "M", 5)  # 4 + 4 + 1 became 5 + 4 + 1
    issues = read_aggregate(_write(good_rows, tmp_path / "a.csv"))[1]
    assert [i.code for i in issues] == ["FGC5006"]
    assert "add up to 10, but the total is 9" in issues[0].message
    # the issue points at the total's row
    total_row = next(
        i for i, r in enumerate(good_rows)
        if (r["measure"], r["breakdown"]) == ("children_referred", "total")
    )  # fmt: skip
    assert issues[0].location is not None
    assert issues[0].location.row == total_row + 2


def test_funnel_out_of_order(good_rows: list[dict[str, object]], tmp_path: Path) -> None:
    _set(good_rows, "families_offered", "stage_at_referral", "CIN", 2)
    _set(good_rows, "families_offered", "stage_at_referral", "CP", 1)  # sum unchanged: 6
    codes = _codes(_write(good_rows, tmp_path / "a.csv"))
    # CIN: 2 offered of 1 referred; CP: 2 accepted (R001, R005) of 1 offered
    assert codes == ["FGC5007", "FGC5007"]


def test_values_out_of_range(good_rows: list[dict[str, object]], tmp_path: Path) -> None:
    _set(good_rows, "share_m12_looked_after", "total", "ALL", 25)
    _set(good_rows, "plans_agreed", "total", "ALL", 4.5)
    codes = _codes(_write(good_rows, tmp_path / "a.csv"))
    assert codes.count("FGC5005") == 2


def test_share_not_matching_its_counts(good_rows: list[dict[str, object]], tmp_path: Path) -> None:
    _set(good_rows, "share_m12_looked_after", "total", "ALL", 0.5)  # 1 / 4 is 0.25
    assert _codes(_write(good_rows, tmp_path / "a.csv")) == ["FGC5008"]
    _set(good_rows, "share_m12_looked_after", "total", "ALL", 0.2504)  # rounding is fine
    assert _codes(_write(good_rows, tmp_path / "b.csv")) == []


def test_unknown_names_duplicates_and_bad_values(
    good_rows: list[dict[str, object]], tmp_path: Path
) -> None:
    good_rows.append({**good_rows[0]})
    good_rows.append({**good_rows[0], "measure": "families_refered"})
    good_rows.append({**good_rows[0], "breakdown": "sex", "breakdown_value": "M"})
    good_rows.append({**good_rows[1], "breakdown_value": "SPACE"})
    good_rows.append({**good_rows[0], "la_number": "999"})
    good_rows.append({**good_rows[0], "period_end": "31/03/2026"})
    _set(good_rows, "plans_agreed", "total", "ALL", "five")
    codes = _codes(_write(good_rows, tmp_path / "a.csv"))
    assert codes.count("FGC5002") == 3
    assert codes.count("FGC5003") == 3
    assert codes.count("FGC5004") == 1
    assert codes.count("FGC5009") == 1  # plans_agreed now has no readable value


@pytest.mark.parametrize(
    ("measure", "value"),
    [
        ("plans_agreed", float("nan")),
        ("plans_agreed", float("inf")),
        ("plans_agreed", 1e23),
        ("median_days_referral_to_conference", float("nan")),
        ("median_days_referral_to_conference", 1e9),
        ("share_m12_looked_after", float("nan")),
    ],
)
def test_non_finite_and_huge_values_are_out_of_range(
    good_rows: list[dict[str, object]], measure: str, value: float
) -> None:
    # an aggregate table built in code can hold what no reader lets through
    _set(good_rows, measure, "total", "ALL", value)
    table = pa.Table.from_pylist(good_rows, schema=aggregate_template("938", *_PERIOD).schema)
    issues = [i for i in check_aggregate(table) if i.code == "FGC5005"]
    assert len(issues) == 1
    assert issues[0].key == measure


def test_a_file_of_column_names_only_is_a_read_error(tmp_path: Path) -> None:
    path = _write([], tmp_path / "a.csv")
    with pytest.raises(ReadError, match="no rows of figures"):
        read_aggregate(path)


def test_template_writer_refuses_an_existing_file_and_a_reversed_period(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("mine\n")
    with pytest.raises(WriteError, match="already exists"):
        write_aggregate_template(path, "938", *_PERIOD)
    assert path.read_text() == "mine\n"
    assert write_aggregate_template(path, "938", *_PERIOD, overwrite=True) == path
    assert read_aggregate(path)[0].num_rows == aggregate_template("938", *_PERIOD).num_rows
    with pytest.raises(WriteError, match="after it ends"):
        write_aggregate_template(tmp_path / "r.csv", "938", date(2026, 4, 1), date(2025, 3, 31))
    assert not (tmp_path / "r.csv").exists()


def test_period_out_of_order() -> None:
    table = aggregate_template("938", date(2026, 4, 1), date(2025, 3, 31))
    assert "FGC5010" in [i.code for i in check_aggregate(table)]


def test_missing_columns_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("la_number,value\n938,1\n")
    with pytest.raises(ReadError, match="FGC5001"):
        read_aggregate(path)


def test_xlsx_template_filled_and_read(good_rows: list[dict[str, object]], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_aggregate_template(tmp_path / "t.xlsx", "938", date(2025, 4, 1), date(2026, 3, 31))
    book = load_workbook(path)
    sheet = book["aggregate"]
    for cell_row, row in zip(sheet.iter_rows(min_row=2), good_rows, strict=True):
        assert cell_row[3].value == row["measure"]
        cell_row[6].value = row["value"]
    sheet["G2"] = 8  # families_referred: 7 -> 8 breaks its stage breakdown
    book.save(path)
    table, issues = read_aggregate(path)
    assert table.num_rows == len(good_rows)
    assert [i.code for i in issues] == ["FGC5006"]
    assert issues[0].location is not None
    assert str(issues[0].location) == "aggregate!G2"


def test_rules_are_data_with_the_catalogue_fields() -> None:
    assert all(code.startswith("FGC5") for code in AGGREGATE_RULES)
    for rule in AGGREGATE_RULES.values():
        assert isinstance(rule.kind, CheckKind)
        assert rule.severity in ("error", "query")
        assert rule.message
        assert rule.rationale
        assert rule.title


def test_a_damaged_workbook_and_old_mac_line_ends(tmp_path: Path) -> None:
    import zipfile

    book = tmp_path / "filled.xlsx"
    write_aggregate_template(book, "938", date(2025, 4, 1), date(2026, 3, 31))
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data[: len(data) // 2] if "worksheets/" in name else data)
    with pytest.raises(ReadError, match=r"damaged\.xlsx: cannot"):
        read_aggregate(damaged)
    text = tmp_path / "filled.csv"
    write_aggregate_template(text, "938", date(2025, 4, 1), date(2026, 3, 31))
    mac = tmp_path / "mac.csv"
    mac.write_bytes(text.read_bytes().replace(b"\r\n", b"\r").replace(b"\n", b"\r"))
    assert read_aggregate(mac)[0].num_rows == read_aggregate(text)[0].num_rows
