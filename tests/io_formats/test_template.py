"""The LA spreadsheet template: its shape, and a filled-in copy read back with its mistakes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from fgc_standard.codelists import codelist
from fgc_standard.entities import TABLES, spec_for_table
from fgc_standard.errors import WriteError
from fgc_standard.io import IMPOSSIBLE_DATE_CODE, UNREADABLE_CODE, read_return
from fgc_standard.io.csv_package import table_to_text
from fgc_standard.io.template import write_template
from fgc_standard.io.xlsx_layout import SHEET_NAMES, friendly_header
from fgc_standard.returns import FGCReturn


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("template") / "fgc-template.xlsx")


def test_a_sheet_per_table_with_friendly_headers_and_hidden_lists(template: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(template)
    assert wb.sheetnames == ["Guidance", *SHEET_NAMES.values(), "Lists"]
    assert wb["Lists"].sheet_state == "hidden"
    referrals = wb["Referrals"]
    assert referrals["D1"].value == "Referral date"
    assert referrals.freeze_panes == "A2"
    headers = [c.value for c in referrals[1]]
    assert headers == [friendly_header(f) for f in spec_for_table("referrals").field_names]


def test_dropdowns_come_from_the_lists_sheet_and_messages_fit_excel(template: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(template)
    lists = wb["Lists"]
    for table in TABLES:
        ws = wb[SHEET_NAMES[table]]
        for dv in ws.data_validations.dataValidation:
            assert len(dv.prompt or "") <= 255
            assert len(dv.promptTitle or "") <= 32
            if dv.type == "list" and dv.formula1.startswith("Lists!"):
                column = dv.formula1.split("!$")[1].split("$")[0]
                name = lists[f"{column}1"].value
                codes = [c.value for c in lists[column][1:] if c.value is not None]
                assert codes == [c.code for c in codelist(name).codes]
            if dv.type == "list" and dv.formula1.startswith('"'):
                assert len(dv.formula1) <= 257  # Excel's limit on an inline list
    kinds = {dv.type for dv in wb["Conferences"].data_validations.dataValidation}
    assert {"list", "date", "whole"} <= kinds


def test_the_template_will_not_overwrite_a_file(template: Path) -> None:
    with pytest.raises(WriteError, match="already exists"):
        write_template(template)


def _fill(template: Path, ret: FGCReturn, target: Path) -> Path:
    """Type a return into the template as a person would: text, except dates as date cells."""
    from openpyxl import load_workbook

    wb = load_workbook(template)
    for table in TABLES:
        ws = wb[SHEET_NAMES[table]]
        typed = ret.tables[table].to_pylist()
        text = table_to_text(ret.tables[table]).to_pylist()
        for r, (typed_row, text_row) in enumerate(zip(typed, text, strict=True), start=2):
            for c, name in enumerate(ret.tables[table].column_names, start=1):
                value = typed_row[name]
                if isinstance(value, bool):
                    value = "Yes" if value else "No"
                elif hasattr(value, "tzinfo") and value.tzinfo is not None:
                    value = value.replace(tzinfo=None)  # Excel keeps no time zone: UTC
                elif not hasattr(value, "year"):
                    value = text_row[name]
                ws.cell(row=r, column=c).value = value  # None clears a prefilled cell
    wb.save(target)
    return target


def test_a_filled_template_reads_back_into_the_same_return(
    template: Path, example: FGCReturn, tmp_path: Path
) -> None:
    result = read_return(_fill(template, example, tmp_path / "filled.xlsx"))
    assert result.issues == []
    assert result.data.equals(example)


def test_mistakes_in_a_filled_template_name_their_sheet_and_cell(
    template: Path, example: FGCReturn, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    filled = _fill(template, example, tmp_path / "filled.xlsx")
    wb = load_workbook(filled)
    wb["Referrals"]["D3"] = "30/02/2025"  # referral_date of the second referral
    wb["Conferences"]["M4"] = "about six"  # family_network_attendees
    wb["Offers"]["C2"] = "maybe"  # offer_made
    wb.save(filled)
    result = read_return(filled)
    found = {(i.code, str(i.location), i.value, i.key) for i in result.issues}
    assert found == {
        (IMPOSSIBLE_DATE_CODE, "Referrals!D3", "30/02/2025", "R002"),
        (UNREADABLE_CODE, "Conferences!M4", "about six", "M003"),
        (UNREADABLE_CODE, "Offers!C2", "maybe", "O001"),
    }
    assert result.data.num_rows == example.num_rows  # rows in = rows out


def test_fgc_convert_reads_a_filled_template(
    template: Path, example: FGCReturn, tmp_path: Path
) -> None:
    from fgc_standard.cli.main import main

    filled = _fill(template, example, tmp_path / "filled.xlsx")
    assert main(["convert", str(filled), str(tmp_path / "out")]) == 0
    assert read_return(tmp_path / "out").data.equals(example)


@pytest.mark.libreoffice
def test_libreoffice_opens_the_template(template: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(template),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "fgc-template.pdf"
    assert done.returncode == 0, done.stderr
    assert pdf.is_file()
    assert pdf.stat().st_size > 1000


@pytest.mark.libreoffice
def test_a_filled_template_saved_by_libreoffice_reads_back(
    template: Path, example: FGCReturn, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    filled = _fill(template, example, tmp_path / "filled.xlsx")
    out = tmp_path / "saved"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(filled),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = read_return(out / "filled.xlsx")
    assert result.issues == []
    assert result.data.equals(example)
