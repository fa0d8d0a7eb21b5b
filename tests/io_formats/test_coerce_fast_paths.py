"""The reader's fast paths (clean ISO dates, plain digits, canonical words) read what the slow
paths read, also when a column mixes clean and messy values."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fgc_standard.entities import spec_for_table
from fgc_standard.io import coerce, csv_text, read_return, write_return
from fgc_standard.io.coerce import (
    IMPOSSIBLE_DATE_CODE,
    UNREADABLE_CODE,
    coerce_table,
)
from fgc_standard.io.csv_package import read_csv_table
from fgc_standard.validate import validate

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "return"


def _outcomes(**columns: list[str | None]) -> pa.Table:
    rows = len(next(iter(columns.values())))
    base: dict[str, list[str | None]] = {
        "outcome_id": [f"X{i}" for i in range(rows)],
        "referral_id": ["R1"] * rows,
        "child_id": ["C1"] * rows,
        "time_point": ["M3"] * rows,
        "recorded_date": ["2025-06-01"] * rows,
        "case_status": ["CIN"] * rows,
        "living_arrangement": ["PARENTS"] * rows,
    }
    base.update(columns)
    return pa.table({k: pa.array(v, pa.string()) for k, v in base.items()})


def test_iso_and_uk_dates_in_one_column_keep_their_rows() -> None:
    written = ["2025-06-01", "02/06/2025", None, "2025-02-30", "30/02/2025", "soon", "2024-02-29"]
    result = coerce_table("outcomes", _outcomes(recorded_date=written))
    assert result.table.column("recorded_date").to_pylist() == [
        dt.date(2025, 6, 1),
        dt.date(2025, 6, 2),
        None,
        None,
        None,
        None,
        dt.date(2024, 2, 29),
    ]
    assert {(i.value, i.code) for i in result.issues} == {
        ("2025-02-30", IMPOSSIBLE_DATE_CODE),
        ("30/02/2025", IMPOSSIBLE_DATE_CODE),
        ("soon", UNREADABLE_CODE),
    }


def test_an_impossible_iso_date_among_clean_ones_is_not_rolled_over() -> None:
    written = ["2025-01-31", "2025-04-31", "2025-13-01", "2023-02-29", "2025-12-31"]
    result = coerce_table("outcomes", _outcomes(recorded_date=written))
    assert result.table.column("recorded_date").to_pylist() == [
        dt.date(2025, 1, 31),
        None,
        None,
        None,
        dt.date(2025, 12, 31),
    ]
    assert [i.code for i in result.issues] == [IMPOSSIBLE_DATE_CODE] * 3


def test_plain_and_spreadsheet_numbers_in_one_column() -> None:
    written = ["12", "+5", "-3", "7.0", "7.5", "many", None, "1234567890123456"]
    result = coerce_table("outcomes", _outcomes(days_looked_after=written))
    assert result.table.column("days_looked_after").to_pylist() == [
        12,
        5,
        -3,
        7,
        None,
        None,
        None,
        None,
    ]
    assert sorted(str(i.value) for i in result.issues) == ["1234567890123456", "7.5", "many"]


def test_canonical_and_other_yes_no_words_in_one_column() -> None:
    written = ["true", "false", None, "Y", "no", "maybe"]
    result = coerce_table("outcomes", _outcomes(looked_after=written))
    assert result.table.column("looked_after").to_pylist() == [True, False, None, True, False, None]
    assert [i.value for i in result.issues] == ["maybe"]


def test_list_items_are_tidied_only_where_needed() -> None:
    table = pa.table(
        {
            "referral_id": pa.array(["R1", "R2", "R3", "R4"]),
            "referral_date": pa.array(["2025-01-01"] * 4),
            "family_id": pa.array(["F1", "F2", "F3", "F4"]),
            "child_ids": pa.array(["C1;C2", " C3 ; ;C4; ", None, "C5"]),
            "referral_source": pa.array(["COURT"] * 4),
            "stage_at_referral": pa.array(["CIN"] * 4),
            "purpose": pa.array(["CONTINGENCY"] * 4),
        }
    )
    result = coerce_table("referrals", table)
    lists = result.table.column("child_ids").to_pylist()
    assert lists == [["C1", "C2"], ["C3", "C4"], None, ["C5"]]
    assert result.issues == []


# -- the reading as written (one pass per column) against the full reading -----------------

_WRITTEN = {
    "date": [
        "2025-06-01",
        "2024-02-29",
        "2025-02-29",
        "2025-02-30",
        "01/06/2025",
        " 2025-06-01",
        "",
    ],
    "boolean": ["true", "false", "1", "0", "TRUE", "False", "yes", "n", " true", "maybe", " "],
    "integer": ["0", "7", "007", "-3", "+5", "2.0", "0x10", " 12", "1234567890123456", "ten", ""],
    "code": ["PARENTS", "KINSHIP_FOSTER", "parents", " PARENTS", "NOPE", ""],
    "id": ["X1", "X2", "x-3", " X4", "Zoë", "X 5", "", "  "],
    "codes": ["LD", "LD;VIS", "NONE", "LD;;VIS", " LD", "ld", "LD;", ""],
    "ids": ["C1", "C1;C2", "C2", "C1; C2", "C1;", "c-3", ""],
}
_FIELDS = {
    "date": ("outcomes", "recorded_date"),
    "boolean": ("outcomes", "looked_after"),
    "integer": ("outcomes", "days_looked_after"),
    "code": ("outcomes", "living_arrangement"),
    "id": ("outcomes", "outcome_id"),
    "codes": ("children", "disabilities"),
    "ids": ("referrals", "child_ids"),
}


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(sorted(_WRITTEN)),
    picks=st.lists(st.one_of(st.none(), st.integers(0, 9)), max_size=12),
    canonical=st.booleans(),
)
def test_reading_as_written_equals_the_full_reading(
    kind: str, picks: list[int | None], canonical: bool
) -> None:
    # canonical: only the first two spellings, which the one-pass reading takes
    choices = _WRITTEN[kind][:2] if canonical else _WRITTEN[kind]
    values = [None if p is None else choices[p % len(choices)] for p in picks]
    table, name = _FIELDS[kind]
    field = spec_for_table(table).field(name)
    column = pa.chunked_array([values[:3], values[3:]], pa.string())
    fast, bad, impossible, in_form = coerce._parse_column(column, field)
    slow, slow_bad, slow_impossible, _ = coerce._parse_column_fully(column, field)
    assert fast.to_pylist() == slow.to_pylist()
    # the same values unreadable (None: none of them)
    assert _flags(bad, len(values)) == _flags(slow_bad, len(values))
    assert _flags(impossible, len(values)) == _flags(slow_impossible, len(values))
    if canonical:
        assert bad is None
    # what validation then takes on trust: a text field said in canonical form holds codes
    # of its list only, or for a field with no list, letters and digits only
    if kind in ("code", "codes", "id", "ids"):
        assert in_form or not canonical
    else:
        assert not in_form
    items = [v for cell in slow.to_pylist() if cell is not None for v in _items(cell)]
    if in_form and field.codelist is not None:
        assert set(items) <= {c.code for c in field.codelist.codes}
    elif in_form:
        assert all(isinstance(v, str) and v.isascii() and v.isalnum() for v in items)


def _flags(mask: pa.Array | None, length: int) -> list[bool]:
    return [False] * length if mask is None else [bool(v) for v in mask.to_pylist()]


def _items(cell: object) -> list[object]:
    return list(cell) if isinstance(cell, list) else [cell]


@settings(max_examples=60, deadline=None)
@given(
    dates=st.lists(st.sampled_from(_WRITTEN["date"] + [""]), min_size=1, max_size=8),
    flags=st.lists(st.sampled_from(_WRITTEN["boolean"] + [""]), min_size=8, max_size=8),
)
def test_columns_the_csv_parser_types_read_as_the_text_reading(
    tmp_path_factory: pytest.TempPathFactory, dates: list[str], flags: list[str]
) -> None:
    # Arrow's parser reads dates and yes/no itself, falling back to text per column
    folder = tmp_path_factory.mktemp("typed")
    lines = ["outcome_id,referral_id,child_id,time_point,recorded_date,looked_after"]
    for i, (date, flag) in enumerate(zip(dates, flags, strict=False)):
        lines.append(f"X{i},R1,C1,M3,{_quoted(date)},{_quoted(flag)}")
    path = folder / "outcomes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    typed_raw, source = read_csv_table(path, "outcomes")
    text_raw, _ = read_csv_table(path)
    typed = coerce_table("outcomes", typed_raw, source)
    text = coerce_table("outcomes", text_raw, source)
    assert typed.table.equals(text.table)
    assert typed.issues == text.issues


def _quoted(value: str) -> str:
    return f'"{value}"' if value.strip() != value else value


@pytest.mark.parametrize("suffix", ["", ".parquet"])
def test_a_date_in_year_zero_does_not_exist(tmp_path: Path, suffix: str) -> None:
    # Arrow reads 0000-01-01 as a date (and Parquet can hold one); Python cannot
    ret = read_return(EXAMPLE).data
    offers = ret.tables["offers"]
    position = offers.column_names.index("offer_date")
    dates = offers.column("offer_date").combine_chunks().cast(pa.int32()).to_numpy().copy()
    dates[0] = -719_528  # 0000-01-01, days before 1970-01-01
    written = replace(
        ret,
        tables={
            **ret.tables,
            "offers": offers.set_column(position, "offer_date", pa.array(dates).cast(pa.date32())),
        },
    )
    target = tmp_path / f"return{suffix}"
    write_return(written, target)
    result = read_return(target)
    [issue] = [i for i in result.issues if i.field == "offer_date"]
    assert issue.code == IMPOSSIBLE_DATE_CODE
    assert result.data.tables["offers"].column("offer_date")[0].as_py() is None
    report = validate(result)  # the report builds its records in Python: no year 0 left
    assert report.errors >= 1


def test_a_date_in_year_zero_leaves_the_other_issues_of_its_table(tmp_path: Path) -> None:
    # only the early date is set aside: the table is not read again as text, which would
    # mend a code written in the wrong case and hide its issue
    ret = read_return(EXAMPLE).data
    conferences = ret.tables["conferences"]
    dates = conferences.column("conference_date").combine_chunks().cast(pa.int32()).to_numpy()
    dates = dates.copy()
    dates[0] = -719_528  # 0000-01-01
    status = conferences.column("status").to_pylist()
    status[1] = "held"
    changed = conferences.set_column(
        conferences.column_names.index("conference_date"),
        "conference_date",
        pa.array(dates).cast(pa.date32()),
    ).set_column(conferences.column_names.index("status"), "status", pa.array(status))
    written = replace(ret, tables={**ret.tables, "conferences": changed})
    write_return(written, tmp_path / "return.parquet")
    codes = {i.code for i in validate(tmp_path / "return.parquet").all_issues()}
    assert {IMPOSSIBLE_DATE_CODE, "FGC0011"} <= codes
    # the same return in memory: reported, not a crash of the report
    in_memory = {i.code for i in validate(written).all_issues()}
    assert {IMPOSSIBLE_DATE_CODE, "FGC0011"} <= in_memory


def test_typed_columns_other_than_dates_and_yes_no_are_still_read(tmp_path: Path) -> None:
    # a whole number handed over typed (not as text) is still held to 15 digits
    raw = _outcomes(recorded_date=["2025-06-01", "2025-06-01"]).append_column(
        "days_looked_after", pa.array([10**16, 3], pa.int64())
    )
    result = coerce_table("outcomes", raw)
    assert [i.code for i in result.issues] == [UNREADABLE_CODE]
    assert result.table.column("days_looked_after").to_pylist() == [None, 3]


def test_windows_1252_after_the_first_megabyte_is_parsed_twice_at_most(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a text column's bad byte is no typed column's value: no typed retry for it
    lines = (EXAMPLE / "offers.csv").read_text(encoding="utf-8").splitlines()
    body = "\n".join([lines[0]] + lines[1:] * 12_000) + "\n"
    path = tmp_path / "offers.csv"
    path.write_bytes(body.encode() + b"O\xe9999,R001,true,2025-04-14,false,\n")
    calls = []
    parse = csv_text.pacsv.read_csv

    def counted(*args: object, **kwargs: object) -> pa.Table:
        calls.append(1)
        return parse(*args, **kwargs)

    monkeypatch.setattr(csv_text.pacsv, "read_csv", counted)
    raw, _ = read_csv_table(path, "offers")
    assert raw.column("offer_id")[-1].as_py() == "Oé999"
    assert len(calls) == 2  # UTF-8 (fails at the byte), then Windows-1252


def test_a_cell_of_separators_alone_is_an_empty_list() -> None:
    # an empty list is stored as null, as an empty cell is: no empty item to report
    field = spec_for_table("children").field("disabilities")
    column = pa.chunked_array([[";", " ; ", ";;", "LD;", None], ["; ;", "LD"]], pa.string())
    values, bad, _, _ = coerce._parse_column(column, field)
    assert values.to_pylist() == [None, None, None, ["LD"], None, None, ["LD"]]
    assert bad is None or not any(bad.to_pylist())
