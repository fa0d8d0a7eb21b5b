"""Lossless: CSV -> Parquet -> JSON -> XLSX -> CSV gives back the same return."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings

from fgc_standard.io import read_return, write_return
from fgc_standard.returns import FGCReturn
from fgc_standard.schema.arrow import arrow_schema
from fgc_standard.synth import generate_return

from ._strategies import tricky_returns

CHAIN = [("package", "parquet"), ("return.json", "json"), ("return.xlsx", "xlsx"), ("csv", "csv")]


def _round_trip(start: FGCReturn, folder: Path, chain: list[tuple[str, str]]) -> None:
    current = start
    for name, fmt in chain:
        write_return(current, folder / name, format=fmt, overwrite=True)
        result = read_return(folder / name)
        assert result.issues == [], (fmt, result.issues[:3])
        for table in start.tables:
            assert result.data.tables[table].equals(start.tables[table]), (fmt, table)
        current = result.data


def test_the_example_survives_every_format(example: FGCReturn, tmp_path: Path) -> None:
    _round_trip(example, tmp_path, [("csv0", "csv"), *CHAIN])


@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ret=tricky_returns())
def test_any_canonical_return_survives_every_format(ret: FGCReturn, tmp_path: Path) -> None:
    _round_trip(ret, tmp_path, [("csv0", "csv"), *CHAIN])


def test_the_edge_values_named_in_the_issue(tmp_path: Path) -> None:
    children = pa.Table.from_pylist(
        [
            {
                "child_id": "007",
                "date_of_birth": dt.date(1969, 12, 31),
                "sex": "F",
                "ethnicity": "WBRI",
                "disabilities": None,
            },
            {
                "child_id": "Zoë-001",
                "date_of_birth": dt.date(1899, 2, 28),
                "sex": "M",
                "ethnicity": "=cmd|' /C calc'!A0",
                "disabilities": ["LD", "COMM"],
            },
            {
                "child_id": "=1+1",
                "date_of_birth": None,
                "sex": "U",
                "ethnicity": "NOBT",
                "disabilities": None,
            },
        ],
        schema=arrow_schema("children"),
    )
    ret = FGCReturn({"children": children})
    _round_trip(ret, tmp_path, [("csv0", "csv"), *CHAIN])


def test_an_empty_list_is_stored_as_null_in_every_format(tmp_path: Path) -> None:
    children = pa.Table.from_pylist(
        [{"child_id": "C1", "sex": "F", "ethnicity": "WBRI", "disabilities": []}],
        schema=arrow_schema("children"),
    )
    for name, fmt in [("c", "csv"), *CHAIN]:
        write_return(FGCReturn({"children": children}), tmp_path / name, format=fmt)
        column = read_return(tmp_path / name).data.tables["children"].column("disabilities")
        assert column.to_pylist() == [None], fmt


def test_a_text_beginning_with_equals_is_never_a_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    children = pa.Table.from_pylist(
        [{"child_id": '=HYPERLINK("x")', "sex": "F", "ethnicity": "WBRI"}],
        schema=arrow_schema("children"),
    )
    write_return(FGCReturn({"children": children}), tmp_path / "r.xlsx")
    cell = load_workbook(tmp_path / "r.xlsx")["Children"]["A2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("x")'


@pytest.mark.slow
def test_a_synthetic_return_of_100000_referrals_survives_csv_and_parquet(
    tmp_path: Path,
) -> None:
    # JSON and XLSX at this size take minutes (openpyxl); bench/bench_io.py
    # --round-trip runs the whole chain at 100,000 referrals and records it.
    ret = generate_return(100_000, seed=3)
    assert ret.num_rows["referrals"] == 100_000
    _round_trip(ret, tmp_path, [("csv0", "csv"), ("package", "parquet"), ("csv", "csv")])


@pytest.mark.slow
def test_a_synthetic_return_survives_every_format(tmp_path: Path) -> None:
    _round_trip(generate_return(300, seed=5), tmp_path, [("csv0", "csv"), *CHAIN])
