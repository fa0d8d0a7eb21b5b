"""Every example the guides include runs, and prints what the guides say it prints.

Each test runs an example file in a fresh folder, as a reader would, in a
subprocess. A test skips only when a capability the example uses has not
landed in the library (an import fails, or an ``fgc`` subcommand is missing).
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, require

pytestmark = pytest.mark.slow


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 300):
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def transcript(example_runs, name: str) -> tuple[str, Path]:
    """The output of every section of a shell example, and the folder it ran in."""
    pages, workdir = example_runs
    text = "".join(v for k, v in pages.items() if k.startswith(f"transcripts/{name}-"))
    assert "not part of this build yet" not in text
    assert "Traceback" not in text
    return text, workdir / name


def test_getting_started(example_runs):
    require(
        "fgc_standard.validate",
        "fgc_standard.aggregate",
        commands=("synth", "validate", "aggregate"),
    )
    out, folder = transcript(example_runs, "getting-started")
    assert "standard 1.0.0" in out
    # a clean synthetic return: no errors, and the HTML report
    assert (folder / "my-return" / "referrals.csv").is_file()
    assert "my-return: valid: 0 error(s)" in out
    assert "<html" in (folder / "report.html").read_text("utf-8").lower()
    # the faulty return: errors found, exit code 1, the faults listed
    assert "faulty-return: NOT valid" in out
    assert "(exit code 1)" in out
    assert list(csv.DictReader((folder / "faulty-return" / "faults.csv").open()))
    # the aggregate table, suppressed for publication, and the summary page
    figures = folder / "figures"
    for name in ("aggregate_areas.csv", "benchmark.csv", "measures.csv", "summary.html"):
        assert (figures / name).is_file(), name
    rows = list(csv.DictReader((figures / "aggregate_areas.csv").open()))
    assert {r["area_level"] for r in rows} == {"england", "region", "local_authority"}
    assert any(r["value"] == "c" for r in rows), "small counts are shown as c"
    shown = [r["value"] for r in rows if r["value"].isdigit()]
    assert not [v for v in shown if 0 < int(v) < 6]
    assert "area_level,area_code" in out  # the head of the table, as the page shows


def test_getting_started_script_runs_in_bash(tmp_path, run_env):
    """The script itself (set -e, ||) as a reader runs it; output checked above."""
    require("fgc_standard.aggregate", commands=("synth", "validate", "aggregate"))
    result = run(["bash", str(EXAMPLES / "getting_started.sh")], tmp_path, run_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "fgc validate exited with 1: errors found" in result.stdout


def script_output(example_runs, name: str) -> tuple[str, Path]:
    """What a Python example printed, and the folder it ran in."""
    pages, workdir = example_runs
    text = pages[f"transcripts/{name}.txt"]
    assert not re.match(r"^\(\S+\.py failed: ", text), text
    assert "Traceback" not in text
    return text, workdir / name


def test_cms_export(example_runs):
    require("fgc_standard.validate")
    out, folder = script_output(example_runs, "cms-export")
    assert "cms-export: valid: 0 error(s)" in out
    written = sorted(p.name for p in (folder / "cms-export").iterdir())
    assert "referrals.csv" in written
    assert "datapackage.json" in written
    referrals = list(csv.DictReader((folder / "cms-export" / "referrals.csv").open()))
    assert referrals[0]["child_ids"] == "P-0001;P-0002"


def test_cms_property_tests(tmp_path, run_env):
    require("fgc_standard.testing", "fgc_standard.validate", "hypothesis")
    result = run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            f"--rootdir={tmp_path}",
            str(EXAMPLES / "cms_property_test.py"),
        ],
        tmp_path,
        run_env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout
    assert "failed" not in result.stdout


def test_la_pipeline(example_runs):
    require(
        "fgc_standard.io:read_return",
        "fgc_standard.io:write_return",
        "fgc_standard.validate",
        "fgc_standard.cin",
        "fgc_standard.privacy",
    )
    out, folder = script_output(example_runs, "la-pipeline")
    assert "read " in out
    assert "valid: 0 error(s)" in out
    assert "referrals by stage at referral" in out
    assert (folder / "out" / "report.html").is_file()
    assert any((folder / "out" / "return-parquet").glob("*.parquet"))
    assert "census module items for" in out
    national = (folder / "out" / "national-flow" / "children.csv").read_text("utf-8")
    assert "C001" not in national, "child ids are pseudonymised"
    assert "2017-03-14" not in national, "dates of birth are reduced to a month"
    assert "<PreProceedingsandFGDM>" in (folder / "out" / "census-fgdm.xml").read_text("utf-8")


def test_analyst_aggregates(example_runs):
    require(
        "fgc_standard.aggregate:combine_returns",
        "fgc_standard.aggregate:publish",
        "fgc_standard.aggregate:benchmark",
        "duckdb",
    )
    from fgc_standard.aggregate import measure

    out, folder = script_output(example_runs, "analyst")
    assert "families_referred" in out
    assert "DuckDB and pandas agree on all" in out
    published = list(csv.DictReader((folder / "analyst-output" / "published.csv").open()))
    counts = [r for r in published if measure(r["measure"]).kind == "count"]
    assert any(r["value"] == "c" for r in counts), "small counts are suppressed"
    shown = [int(r["value"]) for r in counts if r["value"] not in ("c", "z", "")]
    assert not [v for v in shown if 0 < v < 6], "no published count is below the threshold"
    benchmark = list(csv.DictReader((folder / "analyst-output" / "benchmark.csv").open()))
    assert {r["la_number"] for r in benchmark} == {"938"}


def test_fgc_service(example_runs):
    require("openpyxl", "fgc_standard.validate", commands=("template", "validate", "convert"))
    out, folder = transcript(example_runs, "fgc-service")
    # the deliberate mistake is reported by sheet and cell, then corrected
    assert "filled.xlsx: NOT valid" in out
    assert re.search(r"Referrals!D3 \S+: '30/02/2025' is not a date that exists", out)
    assert "filled.xlsx: valid: 0 error(s)" in out
    assert (folder / "filled-report.html").is_file()
    assert (folder / "filled-return" / "referrals.csv").is_file()
    assert "every value was read" in out


def test_single_record(example_runs):
    require("fgc_standard.validate:validate_record")
    out, _ = script_output(example_runs, "single-record")
    assert "model: " in out
    assert "reason_not_offered" in out
    assert "issue: FGC" in out


def test_file_formats(example_runs):
    require("openpyxl", commands=("synth", "convert", "validate"))
    out, folder = transcript(example_runs, "file-formats")
    assert (folder / "my-return.xlsx").is_file()
    assert any((folder / "my-return-parquet").glob("*.parquet"))
    assert (folder / "my-return.json").is_file()
    assert out.count("every value was read") == 3
    assert "my-return.json: valid: 0 error(s)" in out


def test_national_flow(example_runs):
    require("fgc_standard.privacy", commands=("pseudonymise", "minimise", "validate"))
    out, folder = transcript(example_runs, "national-flow")
    assert "my-return-national: valid: 0 error(s)" in out
    children = csv.DictReader((folder / "my-return" / "children.csv").open())
    original = {r["child_id"] for r in children}
    national = list(csv.DictReader((folder / "my-return-national" / "children.csv").open()))
    assert len(national) == len(original)
    assert not original & {r["child_id"] for r in national}, "no child id leaves the LA"
    assert all(not r["date_of_birth"] for r in national), "dates of birth become months"
    key = (folder / "la.key").read_bytes()
    for path in (folder / "my-return-national").iterdir():
        assert key not in path.read_bytes(), "the key never appears in an output"


def test_hand_filled_aggregate(example_runs):
    require("fgc_standard.aggregate", commands=("aggregate-template", "aggregate"))
    out, folder = transcript(example_runs, "hand-filled-aggregate")
    # the mistake is caught, named by rule, line and figure, and nothing is published
    assert re.search(r"FGC5\d{3} error: hand-filled.csv:\d+ \[value\]: families_accepted", out)
    assert "nothing published" in out
    assert not (folder / "checked" / "aggregate_areas.csv").exists(), "nothing is published"
    assert (folder / "checked" / "issues.csv").is_file(), "the issues are written for the LA"
    # corrected, it is published with small counts suppressed
    rows = list(csv.DictReader((folder / "published" / "aggregate_areas.csv").open()))
    assert {r["area_level"] for r in rows} == {"england", "region", "local_authority"}
    shown = [r["value"] for r in rows if r["value"].isdigit()]
    assert not [v for v in shown if 0 < int(v) < 6]
