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


def test_demo_default_path_runs_outside_the_repository(tmp_path: Path) -> None:
    done = _fgc("demo", "--synthetic", "10", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "(the bundled example)" in done.stdout
    assert "LA 938" in done.stdout


def test_the_bundled_example_is_the_repository_one_in_a_checkout() -> None:
    from fgc_standard.cli.demo_cmd import example_return

    assert example_return() == ROOT / "examples" / "return"


def test_demo_with_a_small_synthetic_return(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", str(ROOT / "examples" / "return"), "--synthetic", "10"]) == 0
    assert "10 synthetic referrals" in capsys.readouterr().out


_HEADER = "938,2025-04-01,2026-03-31,1.0.0,fictional test LA system,,2026-07-15T09:00:00Z"


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ((), "it has no row"),
        ((_HEADER, _HEADER), "it has 2 rows"),
        ((_HEADER.replace("938", "999", 1),), "la_number '999' is not in the la code list"),
        ((_HEADER.removeprefix("938"),), "la_number is empty"),
        ((_HEADER.replace("2025-04-01,2026-03-31", "2026-04-01,2025-03-31"),), "before"),
        ((_HEADER.replace("2025-04-01", "2025-02-30"),), "period_start is empty"),
    ],
)
def test_demo_on_a_bad_header_is_one_clear_line(
    rows: tuple[str, ...], words: str, tmp_path: Path
) -> None:
    import shutil

    source = tmp_path / "r"
    shutil.copytree(ROOT / "examples" / "return", source)
    names = (source / "header.csv").read_text().splitlines()[0]
    (source / "header.csv").write_text("\n".join([names, *rows]) + "\n")
    done = _fgc("demo", str(source))
    _assert_clean_error(done, "the return header is not valid", words, "fgc validate")


def test_demo_output_naming_a_file_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "out.csv"
    blocker.write_text("keep me")
    done = _fgc("demo", str(ROOT / "examples" / "return"), "--output", str(blocker))
    _assert_clean_error(done, "is a file; --output takes a folder")
    assert done.stdout == "", "refused before any step ran"
    assert blocker.read_text() == "keep me"


def test_a_bug_is_one_line_with_its_own_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fgc_standard.cli import main as cli_main
    from fgc_standard.cli import rules_cmd

    def broken(args: object) -> int:
        raise RuntimeError("something the library did not expect")

    monkeypatch.setattr(rules_cmd, "run", broken)
    monkeypatch.delenv("FGC_DEBUG", raising=False)
    assert main(["rules"]) == cli_main.BUG_EXIT_CODE == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("fgc rules: internal error: RuntimeError: something")
    assert "FGC_DEBUG=1" in err
    monkeypatch.setenv("FGC_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["rules"])


def test_demo_will_not_write_into_its_input_and_wants_a_positive_size(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "return"
    shutil.copytree(ROOT / "examples" / "return", folder)
    before = sorted(p.name for p in folder.iterdir())
    done = _fgc("demo", str(folder), "--output", str(folder / "out"))
    _assert_clean_error(done, "would be inside the input")
    assert sorted(p.name for p in folder.iterdir()) == before
    done = _fgc("demo", "--synthetic", "-5")
    assert done.returncode == 2
    assert "give 1 or more" in done.stderr
    assert "Traceback" not in done.stderr
