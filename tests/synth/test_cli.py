"""``fgc synth``: writes what it says, refuses to overwrite, fails with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from fgc_standard.cli.main import main


def test_prints_what_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r"
    assert main(["synth", str(out), "--referrals", "50", "--faults", "0.2"]) == 0
    printed = capsys.readouterr().out
    assert "referrals" in printed
    assert "50 rows" in printed
    assert "faults: 10" in printed
    assert (out / "faults.csv").is_file()


def test_refuses_a_non_empty_folder_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert main(["synth", str(out), "--referrals", "5"]) == 2
    error = capsys.readouterr().err
    assert "not empty" in error
    assert "--force" in error
    assert "Traceback" not in error
    assert not (out / "referrals.csv").exists()
    assert main(["synth", str(out), "--referrals", "5", "--force"]) == 0
    assert (out / "referrals.csv").is_file()
    assert (out / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--referrals", "-3"], "referrals"),
        (["--faults", "0.8"], "faults"),
        (["--la", "12"], "la_number"),
    ],
)
def test_bad_options_end_in_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    assert main(["synth", str(tmp_path / "r"), *args]) == 2
    error = capsys.readouterr().err
    assert error.startswith("fgc synth: error:")
    assert words in error
    assert len(error.strip().splitlines()) == 1


def test_a_file_in_the_way_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    assert main(["synth", str(target)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_a_small_return_with_faults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r"
    assert main(["synth", str(out), "--referrals", "10", "--faults", "0.1", "--seed", "1"]) == 0
    assert "faults: " in capsys.readouterr().out
    assert (out / "faults.csv").is_file()
