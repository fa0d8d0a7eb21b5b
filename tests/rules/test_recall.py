"""Recall on synthetic faults, and silence on clean data, over several seeds."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fgc_standard.rules import CATALOGUE
from fgc_standard.synth import write_synthetic_return
from fgc_standard.validate import validate


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_injected_fault_is_reported_under_a_rule_of_its_kind(
    tmp_path: Path, seed: int
) -> None:
    write_synthetic_return(tmp_path / "faulty", 250, seed=seed, faults=0.15)
    with open(tmp_path / "faulty" / "faults.csv", encoding="utf-8") as handle:
        manifest = list(csv.DictReader(handle))
    assert len(manifest) >= 9
    report = validate(tmp_path / "faulty")
    found = {(i.table, i.key, i.field, str(CATALOGUE[i.code].kind)) for i in report.all_issues()}
    missed = [m for m in manifest if (m["entity"], m["key"], m["field"], m["kind"]) not in found]
    assert missed == []
    assert report.exit_code == 1


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_a_clean_return_raises_no_issue_at_all(tmp_path: Path, seed: int) -> None:
    write_synthetic_return(tmp_path / "clean", 300, seed=seed)
    report = validate(tmp_path / "clean")
    assert [(g.code, g.table, g.field, g.count) for g in report.groups] == []
    assert report.exit_code == 0


def test_a_workbook_return_is_located_by_sheet_and_cell(tmp_path: Path) -> None:
    out = write_synthetic_return(tmp_path / "xlsx", 60, seed=2, format="xlsx", faults=0.3)
    with open(tmp_path / "xlsx" / "faults.csv", encoding="utf-8") as handle:
        manifest = list(csv.DictReader(handle))
    report = validate(out.path)
    issues = list(report.all_issues())
    found = {(i.table, i.key, i.field, str(CATALOGUE[i.code].kind)) for i in issues}
    assert [
        m for m in manifest if (m["entity"], m["key"], m["field"], m["kind"]) not in found
    ] == []
    located = [i.location for i in issues if i.location is not None]
    assert located
    assert all(loc.sheet and loc.cell for loc in located)
