"""The reader's fast paths (clean ISO dates, plain digits, canonical words) read what the slow
paths read, also when a column mixes clean and messy values."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from fgc_standard.io.coerce import (
    IMPOSSIBLE_DATE_CODE,
    UNREADABLE_CODE,
    coerce_table,
)


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
