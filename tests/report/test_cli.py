"""``fgc validate`` and ``fgc rules``: output, exit codes, clear errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from fgc_standard.cli.main import main
from fgc_standard.rules import CATALOGUE


def test_the_example_return_exits_0(example_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(example_path)]) == 0
    assert "valid: 0 error(s)" in capsys.readouterr().out


def test_a_faulty_return_prints_a_summary_and_exits_1(
    many_errors_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(many_errors_folder)]) == 1
    out = capsys.readouterr().out
    assert "NOT valid" in out
    assert "FGC0011" in out


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_every_format_writes_to_a_file(
    many_errors_folder: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"report.{fmt}"
    code = main(["validate", str(many_errors_folder), "--format", fmt, "--output", str(target)])
    assert code == 1
    text = target.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(text)["valid"] is False
    elif fmt == "csv":
        assert next(csv.reader(io.StringIO(text)))[0] == "code"
    else:
        assert "<h1>FGC return validation</h1>" in text
    assert "report written to" in capsys.readouterr().err


def test_csv_all_streams_every_issue(
    many_errors_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(many_errors_folder), "--format", "csv", "--all"]) == 1
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    children = (many_errors_folder / "children.csv").read_text().count("\n") - 1
    assert len(rows) == children


@pytest.mark.parametrize("engine", ["pandas", "polars", "duckdb"])
def test_engines_can_be_chosen(example_path: Path, engine: str) -> None:
    assert main(["validate", str(example_path), "--engine", engine]) == 0


def test_unreadable_input_exits_2_with_one_clear_line(
    tmp_path: Path, example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fgc validate: error:")
    assert "Traceback" not in err
    broken = tmp_path / "broken"
    shutil.copytree(example_path, broken)
    (broken / "referrals.csv").write_text("referral_id,family_id\nR1,F1\n", encoding="utf-8")
    assert main(["validate", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "required column(s) missing" in err
    assert "Traceback" not in err


def test_all_without_csv_is_a_usage_error(
    example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(example_path), "--all"]) == 2
    assert "--all goes with --format csv" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["text", "csv", "markdown"])
def test_rules_prints_the_catalogue(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", fmt]) == 0
    out = capsys.readouterr().out
    for rule in CATALOGUE:
        assert rule.code in out
