"""Writing safely: atomic writes, no overwriting unless asked, never the input."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from fgc_standard.cli.main import main
from fgc_standard.errors import WriteError
from fgc_standard.files import atomic_path
from fgc_standard.io import read_return, write_return
from fgc_standard.returns import FGCReturn


def test_a_failure_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "return.json"
    target.write_text("old")

    def crash_mid_write() -> None:
        with atomic_path(target) as tmp:
            tmp.write_text("half of the new")
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        crash_mid_write()
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


# the unsaved write-only workbook complains when it is collected: expected here
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_failing_writer_leaves_the_old_workbook(
    example: FGCReturn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_return(example, tmp_path / "r.xlsx")
    before = target.read_bytes()

    def broken_save(self: object, filename: str) -> None:
        Path(filename).write_bytes(b"PK half a zip")
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.Workbook.save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        write_return(example, target, overwrite=True)
    assert target.read_bytes() == before
    gc.collect()


def test_a_failing_package_write_leaves_the_old_folder(
    example: FGCReturn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_return(example, tmp_path / "pq", format="parquet")
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    calls = []

    def broken_write(table: object, where: object, **kwargs: object) -> None:
        calls.append(where)
        if len(calls) == 3:
            raise OSError("disk full")
        Path(str(where)).write_bytes(b"new")

    monkeypatch.setattr(pq, "write_table", broken_write)
    with pytest.raises(OSError, match="disk full"):
        write_return(example, target, format="parquet", overwrite=True)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pq"]


def test_an_existing_target_is_kept_unless_overwrite(example: FGCReturn, tmp_path: Path) -> None:
    write_return(example, tmp_path / "r.json")
    with pytest.raises(WriteError, match="already exists"):
        write_return(example, tmp_path / "r.json")
    write_return(example, tmp_path / "r.json", overwrite=True)
    assert read_return(tmp_path / "r.json").data.equals(example)


def test_convert_refuses_to_overwrite_unless_asked(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.xlsx"
    assert main(["convert", str(example_path), str(out)]) == 0
    assert main(["convert", str(example_path), str(out)]) == 2
    assert "already exists; use --overwrite" in capsys.readouterr().err
    assert main(["convert", str(example_path), str(out), "--overwrite"]) == 0


def test_convert_never_writes_over_its_input(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "ret"
    shutil.copytree(example_path, src)
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    assert main(["convert", str(src), str(src), "--overwrite"]) == 2
    assert "is the input" in capsys.readouterr().err
    assert main(["convert", str(src / "header.csv"), str(tmp_path), "--overwrite"]) == 2
    assert main(["convert", str(src), str(tmp_path), "--overwrite"]) == 2
    assert "holds the input" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before


def test_convert_exit_codes_and_summary(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(tmp_path / "missing"), str(tmp_path / "x.json")]) == 2
    assert "no such folder or file" in capsys.readouterr().err
    src = tmp_path / "ret"
    shutil.copytree(example_path, src)
    path = src / "offers.csv"
    path.write_text(path.read_text().replace("2025-04-14", "14th April", 1))
    assert main(["convert", str(src), str(tmp_path / "out.json")]) == 1
    out = capsys.readouterr().out
    assert "referrals" in out
    assert "FGC0001" in out
    assert "14th April" in out
    # still written, every row kept, the unreadable value empty
    back = read_return(tmp_path / "out.json").data
    assert back.num_rows == read_return(example_path).data.num_rows
    assert back.tables["offers"].column("offer_date").to_pylist()[0] is None


def test_convert_to_parquet_streams_with_a_plain_or_rich_progress_bar(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["convert", str(example_path), str(tmp_path / "pq"), "--to", "parquet", "--progress"])
        == 0
    )
    assert read_return(tmp_path / "pq").data.equals(read_return(example_path).data)


def test_a_format_that_does_not_fit_the_name_is_refused(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(example_path), str(tmp_path / "r.json"), "--to", "xlsx"]) == 2
    assert "cannot hold the xlsx format" in capsys.readouterr().err


def test_overwriting_a_package_replaces_the_whole_folder(
    example: FGCReturn, tmp_path: Path
) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "stale.csv").write_text("left from another return")
    write_return(example, target, overwrite=True)
    assert not (target / "stale.csv").exists()
    assert read_return(target).data.equals(example)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_what_read_return_gives_can_be_written_as_it_is(example: FGCReturn, tmp_path: Path) -> None:
    write_return(example, tmp_path / "a.json")
    write_return(read_return(tmp_path / "a.json"), tmp_path / "b.json")
    assert read_return(tmp_path / "b.json").data.equals(example)
    with pytest.raises(TypeError, match="needs an FGCReturn"):
        write_return({"referrals": []}, tmp_path / "c.json")  # type: ignore[arg-type]
