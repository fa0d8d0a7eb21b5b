"""Where a return is written: a path under a file, a misleading name, an empty header sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from fgc_standard.cli.main import main
from fgc_standard.errors import WriteError
from fgc_standard.io import read_return, write_return


@pytest.mark.parametrize(
    "argv",
    [
        ["convert", "{example}", "{tmp}/notes.txt/out.json"],
        ["convert", "{example}", "{tmp}/notes.txt/out"],
        ["template", "{tmp}/notes.txt/t.xlsx"],
        ["minimise", "{example}", "{tmp}/notes.txt/m"],
    ],
    ids=["file", "package", "template", "minimise"],
)
def test_a_path_under_a_file_is_one_clear_line(
    argv: list[str], tmp_path: Path, example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("not a folder")
    args = [a.format(example=example_path, tmp=tmp_path) for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "notes.txt is a file, not a folder" in err
    assert "internal error" not in err


def test_a_folder_named_parquet_is_a_parquet_package(tmp_path: Path, example_path: Path) -> None:
    assert main(["convert", str(example_path), str(tmp_path / "figures.parquet")]) == 0
    assert (tmp_path / "figures.parquet" / "referrals.parquet").is_file()
    assert read_return(tmp_path / "figures.parquet").data.equals(read_return(example_path).data)


@pytest.mark.parametrize("name", ["return.csv", "return.xls", "return.txt"])
def test_a_name_that_promises_another_kind_of_file_is_refused(
    tmp_path: Path, example_path: Path, name: str
) -> None:
    with pytest.raises(WriteError, match="a return is a folder"):
        write_return(read_return(example_path).data, tmp_path / name)
    assert not (tmp_path / name).exists()


def test_a_workbook_whose_header_sheet_has_no_row(
    tmp_path: Path, example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    book = tmp_path / "return.xlsx"
    write_return(read_return(example_path).data, book)
    workbook = load_workbook(book)
    workbook["Header"].delete_rows(2)
    workbook.save(book)
    assert main(["validate", str(book)]) == 1
    assert "FGC0016" in capsys.readouterr().out


@pytest.mark.parametrize("inside", ["", "children.csv"])
def test_validate_will_not_write_its_report_over_the_return(
    tmp_path: Path, example_path: Path, inside: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    folder = tmp_path / "return"
    shutil.copytree(example_path, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    target = folder / inside if inside else folder
    assert main(["validate", str(folder), "--format", "csv", "-o", str(target)]) == 2
    said = "would be inside the input" if inside else "would overwrite the input"
    assert said in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_the_rules_are_written_into_a_new_folder(tmp_path: Path) -> None:
    assert main(["rules", "--format", "csv", "-o", str(tmp_path / "new" / "rules.csv")]) == 0
    assert (tmp_path / "new" / "rules.csv").read_text(encoding="utf-8").startswith("code,")
