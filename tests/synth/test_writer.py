"""Written synthetic returns: same bytes for the same seed, readable, structurally valid."""

from __future__ import annotations

from pathlib import Path

import frictionless
import pyarrow.parquet as pq
import pytest

import fgc_standard.io as fgc_io
from fgc_standard.cli.main import main
from fgc_standard.entities import TABLES
from fgc_standard.errors import FGCError
from fgc_standard.io import read_csv_package, write_csv_package
from fgc_standard.synth import generate_return, generator, write_synthetic_return, writer
from fgc_standard.synth.faults import TEXT_ONLY_KINDS


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_twice_gives_identical_files(clean_csv: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert main(["synth", str(again), "--referrals", "1000", "--seed", "7"]) == 0
    assert _tree(again) == _tree(clean_csv)
    other = tmp_path / "other"
    assert main(["synth", str(other), "--referrals", "1000", "--seed", "8"]) == 0
    assert _tree(other)["referrals.csv"] != _tree(clean_csv)["referrals.csv"]


def test_clean_output_loads_without_issues_and_passes_the_models(clean_csv: Path) -> None:
    result = read_csv_package(clean_csv)
    assert result.issues == []
    assert result.data.equals(generate_return(1000, 7))
    for name in TABLES:
        assert sum(1 for _ in result.data.records(name)) == result.data.num_rows[name]
    assert (clean_csv / "faults.csv").read_text() == "entity,key,field,kind\n"


def test_clean_output_passes_the_frictionless_structural_check(clean_csv: Path) -> None:
    report = frictionless.validate(clean_csv / "datapackage.json")
    errors = [e.type for task in report.tasks for e in task.errors]
    assert report.valid, errors[:10]


@pytest.mark.parametrize("referrals", [0, 1, 300])
def test_streamed_csv_is_byte_for_byte_the_canonical_package(
    tmp_path: Path, referrals: int
) -> None:
    streamed = write_synthetic_return(tmp_path / "s", referrals, 3).path
    canonical = write_csv_package(generate_return(referrals, 3), tmp_path / "c")
    tree = _tree(streamed)
    assert tree.pop("faults.csv") == b"entity,key,field,kind\n"
    assert tree == _tree(canonical)


def test_parquet_has_the_same_bytes_for_the_same_seed_and_the_same_values(
    tmp_path: Path,
) -> None:
    first = write_synthetic_return(tmp_path / "a", 300, 4, format="parquet")
    second = write_synthetic_return(tmp_path / "b", 300, 4, format="parquet")
    assert _tree(first.path) == _tree(second.path)
    expected = generate_return(300, 4)
    for name in TABLES:
        table = pq.read_table(first.path / f"{name}.parquet")
        assert table.equals(expected.table(name)), name
    result = fgc_io.read_return(first.path)
    assert result.issues == []
    assert result.data.equals(expected)


def test_parquet_faults_leave_out_the_text_only_kinds(tmp_path: Path) -> None:
    written = write_synthetic_return(tmp_path / "p", 400, 4, format="parquet", faults=0.1)
    kinds = set(written.faults.column("kind").to_pylist())
    assert kinds
    assert not kinds & {str(k) for k in TEXT_ONLY_KINDS}


@pytest.mark.parametrize(
    "kwargs",
    [{"format": "ods"}, {"faults": 0.9}, {"faults": -0.1}, {"la_number": "000"}],
)
def test_bad_arguments_are_refused_before_writing(
    tmp_path: Path, kwargs: dict[str, object]
) -> None:
    with pytest.raises(FGCError):
        write_synthetic_return(tmp_path / "x", 10, **kwargs)  # type: ignore[arg-type]
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("referrals", "rate", "expected"),
    [(0, 0.1, 0), (5, 0.1, 5), (100, 0.0, 0), (100, 0.01, 9), (120_000, 0.01, 1200)],
)
def test_fault_counts_add_up_across_chunks(referrals: int, rate: float, expected: int) -> None:
    counts = writer._fault_counts(referrals, rate, 9)
    assert sum(counts) == expected
    assert len(counts) == -(-referrals // generator.CHUNK_REFERRALS)


@pytest.mark.parametrize("format", ["json", "xlsx"])
def test_whole_file_formats_read_back_as_the_same_return(tmp_path: Path, format: str) -> None:
    written = write_synthetic_return(tmp_path / "w", 40, 6, format=format, faults=0.1)
    assert written.path == tmp_path / "w" / f"return.{format}"
    assert (tmp_path / "w" / "faults.csv").is_file()
    clean = write_synthetic_return(tmp_path / "c", 40, 6, format=format)
    result = fgc_io.read_return(clean.path)
    assert result.issues == []
    assert result.data.equals(generate_return(40, 6))


def test_whole_file_formats_need_the_io_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(fgc_io, "write_return", raising=False)
    with pytest.raises(FGCError, match="write_return"):
        write_synthetic_return(tmp_path / "w", 5, format="json")
    assert not (tmp_path / "w").exists()
