"""The ``fgc`` command: version, help, demo, and clear one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fgc_standard import STANDARD_VERSION, __version__
from fgc_standard.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def _fgc(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fgc_standard", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=120,
    )


def _assert_clean_error(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("fgc ")
    assert ": error: " in lines[0]
    for needle in needles:
        assert needle in lines[0]


def test_version_prints_both_versions() -> None:
    done = _fgc("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"fgc-standard {__version__} (standard {STANDARD_VERSION})"


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("fgc")
    assert script.exists()
    done = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0
    assert STANDARD_VERSION in done.stdout


def test_module_help_lists_the_core_commands() -> None:
    done = _fgc("--help")
    assert done.returncode == 0
    assert "usage: fgc" in done.stdout
    for command in ("schema", "demo"):
        assert command in done.stdout


def test_no_command_prints_help_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: fgc" in capsys.readouterr().out


def test_demo_on_the_example_prints_table_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", str(ROOT / "examples" / "return")]) == 0
    out = capsys.readouterr().out
    assert "LA 938" in out
    for table, rows in {"children": 9, "referrals": 7, "offers": 7, "outcomes": 9}.items():
        assert any(line.split() == [table, str(rows)] for line in out.splitlines()), table
    assert "values that could not be read: 0" in out


def test_demo_default_path_runs_from_the_repository() -> None:
    done = _fgc("demo")
    assert done.returncode == 0, done.stderr
    assert "referrals" in done.stdout


def test_demo_on_a_missing_folder_is_one_clear_line(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "path"
    _assert_clean_error(_fgc("demo", str(missing)), "no such folder", str(missing))


def test_demo_on_a_folder_without_header_is_one_clear_line(tmp_path: Path) -> None:
    _assert_clean_error(_fgc("demo", str(tmp_path)), "header.csv is missing")


def test_schema_export_onto_a_file_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    _assert_clean_error(_fgc("schema", "export", str(blocker)), "cannot write", str(blocker))
    assert blocker.read_text() == "not a folder"


def test_schema_export_into_an_impossible_path_is_one_clear_line() -> None:
    _assert_clean_error(_fgc("schema", "export", "/proc/fgc-cannot-write-here"), "cannot write")


def test_schema_export_without_a_folder_is_a_usage_error() -> None:
    done = _fgc("schema", "export")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "usage:" in done.stderr


def test_help_does_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from fgc_standard.cli.main import build_parser\n"
        "build_parser()\n"
        "heavy = [m for m in ('pandas', 'pyarrow', 'pydantic') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == ""
