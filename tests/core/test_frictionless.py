"""The generated datapackage.json lets the ``frictionless`` tool check a return without us."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import frictionless
import pytest

from fgc_standard import STANDARD_VERSION
from fgc_standard.schema import datapackage_descriptor

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "return"
FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def _errors(folder: Path) -> list[tuple[str, str, int | None, str | None, str | None]]:
    """(table, error type, row, field, cell) of every error frictionless reports."""
    report = frictionless.validate(str(folder / "datapackage.json"))
    found = [
        (
            task.name,
            error.type,
            getattr(error, "row_number", None),
            getattr(error, "field_name", None),
            getattr(error, "cell", None),
        )
        for task in report.tasks
        for error in task.errors
    ]
    assert report.valid is (not found)
    return found


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    target = tmp_path / "return"
    shutil.copytree(EXAMPLE, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_committed_descriptor_is_the_generated_one() -> None:
    committed = (EXAMPLE / "datapackage.json").read_bytes()
    assert committed == (ROOT / "schema" / STANDARD_VERSION / "datapackage.json").read_bytes()
    assert json.loads(committed) == datapackage_descriptor("csv")


def test_the_example_has_no_structural_error() -> None:
    assert _errors(EXAMPLE) == []


def test_the_frictionless_command_finds_no_error_in_the_example() -> None:
    done = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report: dict[str, Any] = json.loads(done.stdout)
    assert report["valid"] is True
    assert report["stats"]["tasks"] == 8
    assert all(task["valid"] for task in report["tasks"])


def test_the_frictionless_command_fails_on_a_broken_return(broken: Path) -> None:
    _edit(broken / "children.csv", "C001,2017-03-14,,,F,WBRI,", "C001,2017-03-14,,,F,WBRX,")
    done = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
        cwd=broken,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode != 0
    assert json.loads(done.stdout)["valid"] is False


def test_a_broken_code_is_reported(broken: Path) -> None:
    _edit(broken / "children.csv", "C001,2017-03-14,,,F,WBRI,", "C001,2017-03-14,,,F,WBRX,")
    assert _errors(broken) == [("children", "constraint-error", 2, "ethnicity", "WBRX")]


def test_a_broken_code_inside_a_list_is_reported(broken: Path) -> None:
    _edit(broken / "children.csv", ",LD;COMM\n", ",LD;CMM\n")
    assert _errors(broken) == [("children", "constraint-error", 5, "disabilities", "LD;CMM")]


def test_a_bad_date_is_reported(broken: Path) -> None:
    _edit(broken / "offers.csv", "O004,R004,true,2025-07-03,", "O004,R004,true,2025-02-30,")
    assert _errors(broken) == [("offers", "type-error", 5, "offer_date", "2025-02-30")]


def test_a_uk_date_is_not_the_canonical_form(broken: Path) -> None:
    _edit(broken / "offers.csv", "O004,R004,true,2025-07-03,", "O004,R004,true,03/07/2025,")
    assert _errors(broken) == [("offers", "type-error", 5, "offer_date", "03/07/2025")]


def test_a_missing_required_value_is_reported(broken: Path) -> None:
    _edit(broken / "offers.csv", "O001,R001,true,2025-04-14,", "O001,R001,,2025-04-14,")
    assert _errors(broken) == [("offers", "constraint-error", 2, "offer_made", "")]


def test_a_duplicate_key_and_a_dangling_foreign_key_are_reported(broken: Path) -> None:
    _edit(broken / "acceptances.csv", "A002,O002,", "A001,O999,")
    errors = _errors(broken)
    assert {(t, kind) for t, kind, *_ in errors} == {
        ("acceptances", "primary-key"),
        ("acceptances", "foreign-key"),
    }
