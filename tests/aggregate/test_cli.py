"""``fgc aggregate`` and ``fgc aggregate-template`` from the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from fgc_standard.aggregate.measures import MEASURES
from fgc_standard.cli.main import main


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_aggregate_example_writes_every_output(example_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["aggregate", str(example_path), "--output", str(out), "--html"]) == 0
    for stem in ("aggregate_areas", "benchmark"):
        for suffix in ("csv", "parquet", "json"):
            assert (out / f"{stem}.{suffix}").is_file()
    assert (out / "summary.html").is_file()
    assert not (out / "aggregate_return.csv").exists(), "raw figures are not for publication"
    rows = _csv(out / "aggregate_areas.csv")
    assert len(rows) == pq.read_table(out / "aggregate_areas.parquet").num_rows
    assert len(json.loads((out / "aggregate_areas.json").read_text())) == len(rows)
    la = {
        r["measure"]: r["value"]
        for r in rows
        if r["area_code"] == "938" and r["breakdown"] == "total"
    }
    assert la["families_referred"] == "7"
    assert la["families_accepted"] == "c"  # 4 families: below the DfE threshold of 6
    for row in rows:
        if row["value"] not in ("c", "z") and "." not in row["value"]:
            assert not 0 < int(row["value"]) < 6, row
    assert [r["name"] for r in _csv(out / "measures.csv")] == [m.name for m in MEASURES]


def test_no_suppress_writes_the_return_itself(example_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "raw"
    assert main(["aggregate", str(example_path), "-o", str(out), "--no-suppress"]) == 0
    rows = _csv(out / "aggregate_return.csv")
    totals = {r["measure"]: r["value"] for r in rows if r["breakdown"] == "total"}
    assert totals["families_accepted"] == "4"
    assert totals["median_days_referral_to_conference"] == "46.5"


def test_template_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "mine.xlsx"
    args = ["aggregate-template", str(template), "--la", "938"]
    assert main([*args, "--period-start", "2025-04-01", "--period-end", "2026-03-31"]) == 0
    assert template.is_file()
    # an empty template is not a return: every figure is missing (queries, no errors)
    assert main(["aggregate", str(template), "-o", str(tmp_path / "o")]) == 0
    assert "FGC5009" in capsys.readouterr().err


def test_hand_filled_errors_stop_publication(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "raw"
    assert main(["aggregate", str(example_path), "-o", str(raw), "--no-suppress"]) == 0
    lines = (raw / "aggregate_return.csv").read_text().splitlines()
    # families_accepted total 4 -> 9: more than the 6 families offered
    index = next(i for i, line in enumerate(lines) if ",families_accepted,total," in line)
    lines[index] = lines[index].rsplit(",", 1)[0] + ",9"
    filled = tmp_path / "filled.csv"
    filled.write_text("\n".join(lines) + "\n")
    out = tmp_path / "pub"
    assert main(["aggregate", str(filled), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "FGC5007" in err
    assert "FGC5006" in err
    assert (out / "issues.csv").is_file()
    assert not (out / "aggregate_areas.csv").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["aggregate", "nowhere", "-o", "{tmp}/o"], "no such file or folder"),
        (["aggregate", "{example}", "-o", "{tmp}/o", "--threshold", "0"], "--threshold"),
        (["aggregate", "{example}", "-o", "{example}"], "output folder is one of the inputs"),
        (
            ["aggregate-template", "{tmp}/t.txt", "--la", "938", "--period-start", "2025-04-01",
             "--period-end", "2026-03-31"],
            ".csv or .xlsx",
        ),
        (
            ["aggregate-template", "{tmp}/t.csv", "--la", "938", "--period-start", "1 April",
             "--period-end", "2026-03-31"],
            "not a date",
        ),
    ],
)  # fmt: skip
def test_user_errors_are_one_clear_line(
    argv: list[str],
    message: str,
    example_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    filled = [a.format(tmp=tmp_path, example=example_path) for a in argv]
    assert main(filled) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_bad_hand_filled_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("la,value\n938,4\n")
    assert main(["aggregate", str(bad), "-o", str(tmp_path / "o")]) == 2
    assert "FGC5001" in capsys.readouterr().err


@pytest.mark.parametrize("engine", ["pandas", "polars", "duckdb"])
def test_engines_write_the_same_files(example_path: Path, tmp_path: Path, engine: str) -> None:
    base, other = tmp_path / "pyarrow", tmp_path / engine
    assert main(["aggregate", str(example_path), "-o", str(base)]) == 0
    assert main(["aggregate", str(example_path), "-o", str(other), "--engine", engine]) == 0
    for name in ("aggregate_areas.csv", "benchmark.csv"):
        assert (base / name).read_bytes() == (other / name).read_bytes()
