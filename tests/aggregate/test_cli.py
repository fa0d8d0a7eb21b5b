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
        (["aggregate", "{example}", "-o", "{example}"], "would be inside the input"),
        (["aggregate", "{example}", "-o", "{example}/figures"], "would be inside the input"),
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


# -- header problems, hand-filled oddities, output paths and input formats -----------------

_HEADER = "938,2025-04-01,2026-03-31,1.0.0,fictional test LA system,,2026-07-15T09:00:00Z"


def _with_header(example: Path, folder: Path, *rows: str) -> Path:
    """A copy of the example return whose header.csv holds ``rows`` under its column names."""
    import shutil

    shutil.copytree(example, folder)
    names = (example / "header.csv").read_text().splitlines()[0]
    (folder / "header.csv").write_text("\n".join([names, *rows]) + "\n")
    return folder


#: Header rows ``fgc validate`` reports cleanly, and the words saying what is wrong.
HEADER_FAULTS = {
    "no row": ((), "it has no row"),
    "two rows": ((_HEADER, _HEADER), "it has 2 rows"),
    "unknown LA": ((_HEADER.replace("938", "999", 1),), "la_number '999' is not in the la"),
    "empty LA": ((_HEADER.removeprefix("938"),), "la_number is empty"),
    "reversed period": (
        (_HEADER.replace("2025-04-01,2026-03-31", "2026-04-01,2025-03-31"),),
        "before period_start",
    ),
    "impossible date": ((_HEADER.replace("2025-04-01", "2025-02-30"),), "period_start is empty"),
}


@pytest.mark.parametrize("fault", list(HEADER_FAULTS))
def test_a_bad_header_is_one_clear_line(
    fault: str, example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows, words = HEADER_FAULTS[fault]
    source = _with_header(example_path, tmp_path / "r", *rows)
    out = tmp_path / "o"
    assert main(["aggregate", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert f"{source}: the return header is not valid (" in err
    assert words in err
    assert f"run fgc validate {source}" in err
    assert not out.exists()


def _template(tmp_path: Path) -> Path:
    path = tmp_path / "at.csv"
    args = ["aggregate-template", str(path), "--la", "938"]
    assert main([*args, "--period-start", "2025-04-01", "--period-end", "2026-03-31"]) == 0
    return path


def test_a_hand_filled_file_of_column_names_only_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = _template(tmp_path)
    names_only = tmp_path / "names.csv"
    names_only.write_text(template.read_text().splitlines()[0] + "\n,,,,,,\n")
    capsys.readouterr()
    assert main(["aggregate", str(names_only), "-o", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "no rows of figures" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("nan", "FGC5003", "'nan' cannot be read as a number"),
        ("inf", "FGC5003", "'inf' cannot be read as a number"),
        ("-Infinity", "FGC5003", "cannot be read as a number"),
        ("99999999999999999999999", "FGC5005", "is not a whole number from 0 to 1,000,000"),
        ("1000001", "FGC5005", "is not a whole number from 0 to 1,000,000"),
    ],
)
def test_unusable_hand_filled_values_are_issues_at_their_cell(
    typed: str, code: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _template(tmp_path).read_text().splitlines()
    assert lines[1].startswith("938,2025-04-01,2026-03-31,families_referred,total,ALL,")
    lines[1] += typed
    filled = tmp_path / "filled.csv"
    filled.write_text("\n".join(lines) + "\n")
    capsys.readouterr()
    out = tmp_path / "o"
    assert main(["aggregate", str(filled), "-o", str(out), "--no-suppress"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{code} error: {filled}:2 [value]: " in err
    assert words in err
    assert "nothing published" in err
    assert not (out / "aggregate_return.csv").exists()


def test_output_naming_a_file_is_one_clear_line(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "figures.csv"
    blocker.write_text("keep me")
    assert main(["aggregate", str(example_path), "--output", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert f"{blocker} is a file; --output takes a folder" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert blocker.read_text() == "keep me"


def test_output_under_a_file_is_one_clear_line(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("keep me")
    assert main(["aggregate", str(example_path), "--output", str(blocker / "out")]) == 2
    err = capsys.readouterr().err
    assert "cannot create the folder" in err
    assert "Traceback" not in err


def test_template_refuses_to_overwrite_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "at.csv"
    path.write_text("my filled-in figures\n")
    args = ["aggregate-template", str(path), "--la", "938", "--period-start", "2025-04-01"]
    assert main([*args, "--period-end", "2026-03-31"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err
    assert "Traceback" not in err
    assert path.read_text() == "my filled-in figures\n"
    assert main([*args, "--period-end", "2026-03-31", "--overwrite"]) == 0
    assert path.read_text().startswith("la_number,")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_template_refuses_a_reversed_period(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"at.{suffix}"
    args = ["aggregate-template", str(path), "--la", "938", "--period-start", "2026-04-01"]
    assert main([*args, "--period-end", "2025-03-31"]) == 2
    err = capsys.readouterr().err
    assert "after it ends" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not path.exists()


@pytest.mark.parametrize("target", ["parquet", "r.json", "r.xlsx"])
def test_record_level_returns_in_every_format_aggregate_alike(
    target: str, example_path: Path, tmp_path: Path
) -> None:
    from fgc_standard.io import read_return, write_return

    source = tmp_path / target
    write_return(
        read_return(example_path), source, format="parquet" if target == "parquet" else None
    )
    base, other = tmp_path / "from-csv", tmp_path / "from-other"
    assert main(["aggregate", str(example_path), "-o", str(base)]) == 0
    assert main(["aggregate", str(source), "-o", str(other)]) == 0
    for name in ("aggregate_areas.csv", "benchmark.csv"):
        assert (base / name).read_bytes() == (other / name).read_bytes()


def test_a_blank_la_spreadsheet_template_is_read_as_a_record_level_return(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blank = tmp_path / "records.xlsx"
    assert main(["template", str(blank)]) == 0
    capsys.readouterr()
    assert main(["aggregate", str(blank), "-o", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "the return header is not valid" in err  # not "lacks the columns measure, ..."
    assert "FGC5001" not in err


def test_an_unknown_kind_of_file_says_what_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("figures")
    assert main(["aggregate", str(notes), "-o", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    for words in ("CSV or Parquet", ".json", ".xlsx", "hand-filled aggregate return"):
        assert words in err
