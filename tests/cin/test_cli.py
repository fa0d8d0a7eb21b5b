"""``fgc cin export`` and ``fgc cin import``: results, and clear errors without tracebacks."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fgc_standard.cli.main import main


def test_export_then_import(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xml = tmp_path / "cin.xml"
    assert main(["cin", "export", str(example_path), str(xml)]) == 0
    assert "2 PreProceedingsandFGDM block(s)" in capsys.readouterr().out
    out = tmp_path / "cin.csv"
    assert main(["cin", "import", str(xml), str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["child_id"] for r in rows] == ["C003", "C004"]
    assert rows[0]["fgdm_meeting_offered"] == "1"
    assert rows[1]["court_application_date"] == "2025-07-22"
    assert rows[0]["court_application_date"] == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["cin", "export", "{tmp}/none", "{tmp}/o.xml"], "no such"),
        (["cin", "export", "{example}", "{tmp}"], "is a folder"),
        (["cin", "import", "{tmp}/none.xml", "{tmp}/o.csv"], "cannot read"),
        (["cin", "import", "{tmp}/evil.xml", "{tmp}/o.csv"], "DOCTYPE"),
        (["cin", "import", "{tmp}/evil.xml", "{tmp}/evil.xml"], "overwrite"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(
    argv: list[str],
    message: str,
    example_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "evil.xml").write_text('<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>')
    args = [a.format(tmp=tmp_path, example=example_path) for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("header_rows", "words"),
    [
        ([], "which has no row"),
        (
            [",2025-04-01,2026-03-31,1.0.0,fictional test LA system,,2026-07-15T09:00:00Z"],
            "which has no la_number",
        ),
    ],
)
def test_export_refuses_a_header_without_the_la_or_the_period(
    header_rows: list[str],
    words: str,
    example_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import shutil

    source = tmp_path / "r"
    shutil.copytree(example_path, source)
    names = (source / "header.csv").read_text().splitlines()[0]
    (source / "header.csv").write_text("\n".join([names, *header_rows]) + "\n")
    xml = tmp_path / "cin.xml"
    assert main(["cin", "export", str(source), str(xml)]) == 2
    err = capsys.readouterr().err
    assert "the census needs the LA and the period" in err
    assert words in err
    assert str(source) in err
    assert "Traceback" not in err
    assert err.count("\n") == 1
    assert not xml.exists()


def test_export_counts_only_unreadable_values_in_its_note(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    source = tmp_path / "r"
    shutil.copytree(example_path, source)
    lines = (source / "children.csv").read_text().splitlines()
    lines = [lines[0] + ",nickname"] + [line + ",Sunny" for line in lines[1:]]
    (source / "children.csv").write_text("\n".join(lines) + "\n")
    assert main(["cin", "export", str(source), str(tmp_path / "cin.xml")]) == 0
    assert "could not be read" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("rx/offers.csv", "would be inside the input"),
        ("rx/new.xml", "would be inside the input"),
        ("rx", "would overwrite the input"),
        ("rx/../rx/offers.csv", "would be inside the input"),
    ],
    ids=["a-table", "a-new-file", "the-folder", "dotted-path"],
)
def test_export_refuses_to_write_into_its_own_input(
    out: str,
    message: str,
    example_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import shutil

    source = tmp_path / "rx"
    shutil.copytree(example_path, source)
    before = {p.name: p.read_bytes() for p in source.iterdir()}
    assert main(["cin", "export", str(source), str(tmp_path / out)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in source.iterdir()} == before


def test_import_refuses_a_hard_link_to_its_input(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    xml = tmp_path / "cin.xml"
    assert main(["cin", "export", str(example_path), str(xml)]) == 0
    os.link(xml, tmp_path / "link.csv")
    before = xml.read_bytes()
    assert main(["cin", "import", str(xml), str(tmp_path / "link.csv")]) == 2
    assert "would overwrite the input" in capsys.readouterr().err
    assert xml.read_bytes() == before


def test_cli_refuses_an_xml_that_is_not_a_census_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "n.xml").write_text("<NotMessage/>")
    assert main(["cin", "import", str(tmp_path / "n.xml"), str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "root element <NotMessage>" in err
    assert err.count("\n") == 1
    assert not (tmp_path / "o.csv").exists()


def test_cli_export_refuses_a_control_character_in_an_id(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    source = tmp_path / "h2"
    shutil.copytree(example_path, source)
    for table in source.glob("*.csv"):
        table.write_text(table.read_text().replace("C003", "C003\x02"))
    xml = tmp_path / "h2.xml"
    assert main(["cin", "export", str(source), str(xml)]) == 2
    err = capsys.readouterr().err
    assert "table referrals, record 'R002', field child_ids" in err
    assert "U+0002" in err
    assert err.count("\n") == 1
    assert not xml.exists()
