"""The LA spreadsheet template: a workbook an FGC service can keep its records in.

:func:`write_template` writes one sheet per table with friendly headers (which
read back to the field names), a hidden ``Lists`` sheet holding every code list
(dropdowns refer to it: Excel breaks inline lists longer than 255 characters),
data validation (codes, yes/no, dates, whole numbers), an input message per
column with the field's description, a frozen header row, column widths, and
a ``Guidance`` sheet. A filled-in template is read by
:func:`~fgc_standard.io.read_return` like any workbook, and its mistakes are
reported by sheet and cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fgc_standard._version import STANDARD_VERSION, __version__
from fgc_standard.codelists import codelist
from fgc_standard.entities import TABLES, FieldSpec, spec_for_table
from fgc_standard.files import atomic_path
from fgc_standard.io.xlsx_layout import (
    GUIDANCE_SHEET,
    LISTS_SHEET,
    SHEET_NAMES,
    friendly_header,
)
from fgc_standard.report.issue import column_letter

__all__ = ["TEMPLATE_ROWS", "write_template"]

#: How many rows of each sheet carry validation and formats.
TEMPLATE_ROWS = 5000
#: Excel's limits on a data-validation input message and its title.
_PROMPT_LIMIT = 255
_TITLE_LIMIT = 32
_REQUIRED_FILL = "FCE4D6"
_OPTIONAL_FILL = "DDEBF7"
_FIRST_DATE = "DATE(1900,3,1)"
_LAST_DATE = "DATE(2099,12,31)"


def _shorten(text: str, limit: int) -> str:
    """Cut text at a word boundary so that it fits ``limit`` characters, marking the cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _how_to_fill(field: FieldSpec) -> str:
    if field.is_list:
        how = "one or more codes separated by ;" if field.codelist_name else "values separated by ;"
    elif field.codelist_name:
        how = "pick from the list"
    elif field.kind == "date":
        how = "a date, e.g. 31/01/2025"
    elif field.kind == "datetime":
        how = "a date and time, read as UTC"
    elif field.kind == "boolean":
        how = "Yes or No"
    elif field.kind == "integer":
        how = "a whole number"
    else:
        how = "text"
    return ("Required. " if field.required else "") + how.capitalize() + ". "


def _list_ranges(workbook: Any) -> dict[str, str]:
    """Write every code list used by a field into the hidden sheet; name -> range."""
    from openpyxl.styles import Font

    names: list[str] = []
    for table in TABLES:
        for field in spec_for_table(table).fields:
            if field.codelist_name and field.codelist_name not in names:
                names.append(field.codelist_name)
    ws = workbook.create_sheet(LISTS_SHEET)
    ranges = {}
    for i, name in enumerate(names):
        code_col, label_col = column_letter(2 * i), column_letter(2 * i + 1)
        ws[f"{code_col}1"] = name
        ws[f"{label_col}1"] = f"{name} (label)"
        ws[f"{code_col}1"].font = Font(bold=True)
        for row, code in enumerate(codelist(name).codes, start=2):
            ws[f"{code_col}{row}"].value = code.code
            ws[f"{code_col}{row}"].data_type = "s"
            ws[f"{label_col}{row}"] = code.label
        last = len(codelist(name).codes) + 1
        ranges[name] = f"{LISTS_SHEET}!${code_col}$2:${code_col}${last}"
    ws.sheet_state = "hidden"
    return ranges


def _validation(field: FieldSpec, ranges: dict[str, str]) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv: Any
    if field.codelist_name and not field.is_list:
        closed = codelist(field.codelist_name).closed
        dv = DataValidation(type="list", formula1=ranges[field.codelist_name])
        # an open list takes other values too: warn, do not stop
        dv.errorStyle = "stop" if closed else "warning"
        dv.error = "Pick a code from the list." if closed else "Not a listed code: is it right?"
    elif field.kind == "boolean":
        dv = DataValidation(type="list", formula1='"Yes,No"')
        dv.error = "Yes or No."
    elif field.kind in ("date", "datetime"):
        dv = DataValidation(type="date", operator="between", formula1=_FIRST_DATE)
        dv.formula2 = _LAST_DATE
        dv.error = "A date, e.g. 31/01/2025."
    elif field.kind == "integer":
        low = field.minimum if field.minimum is not None else 0
        high = field.maximum if field.maximum is not None else 1_000_000
        dv = DataValidation(type="whole", operator="between", formula1=str(low))
        dv.formula2 = str(high)
        dv.error = f"A whole number from {low} to {high}."
    else:
        # free text and lists: no check, but still an input message
        dv = DataValidation(type=None)
    dv.allow_blank = True
    dv.showErrorMessage = dv.type is not None
    dv.errorTitle = _shorten(friendly_header(field.name), _TITLE_LIMIT)
    dv.promptTitle = _shorten(friendly_header(field.name), _TITLE_LIMIT)
    dv.prompt = _shorten(_how_to_fill(field) + field.description, _PROMPT_LIMIT)
    dv.showInputMessage = True
    return dv


def _number_format(field: FieldSpec) -> str:
    if field.kind == "date" and not field.is_list:
        return "dd/mm/yyyy"
    if field.kind == "datetime":
        return "dd/mm/yyyy hh:mm"
    if field.kind == "integer":
        return "0"
    if field.kind == "string":
        # text, so that an id typed as 007 keeps its zeros
        return "@"
    return "General"


def _entity_sheet(workbook: Any, table: str, ranges: dict[str, str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    spec = spec_for_table(table)
    ws = workbook.create_sheet(SHEET_NAMES[table])
    for i, field in enumerate(spec.fields):
        letter = column_letter(i)
        cell = ws.cell(row=1, column=i + 1, value=friendly_header(field.name))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        colour = _REQUIRED_FILL if field.required else _OPTIONAL_FILL
        cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
        ws.column_dimensions[letter].width = max(14, min(40, len(cell.value) + 4))
        ws.column_dimensions[letter].number_format = _number_format(field)
        dv = _validation(field, ranges)
        dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32


def _prefill_header(workbook: Any) -> None:
    ws = workbook[SHEET_NAMES["header"]]
    names = spec_for_table("header").field_names
    prefill = {
        "standard_version": STANDARD_VERSION,
        "software_name": "fgc-standard LA spreadsheet template",
        "software_version": __version__,
    }
    for field_name, value in prefill.items():
        cell = ws.cell(row=2, column=names.index(field_name) + 1, value=value)
        cell.data_type = "s"


def _guidance(workbook: Any) -> None:
    from openpyxl.styles import Alignment, Font

    ws = workbook.active
    ws.title = GUIDANCE_SHEET
    lines: list[tuple[str, str]] = [
        ("Family Group Conference record: LA spreadsheet template", ""),
        (f"Data standard version {STANDARD_VERSION}.", ""),
        ("", ""),
        ("How to fill it in", ""),
        ("One row per record", "Each sheet holds one kind of record; one row is one record."),
        (
            "Headers",
            "Do not rename, reorder or delete the header row. Red headers are "
            "required, blue ones optional. Extra columns of your own are kept aside and reported.",
        ),
        (
            "Dates",
            "Type a date as 31/01/2025 (or 2025-01-31). A date that does not exist, "
            "such as 30/02/2025, is reported, never changed.",
        ),
        ("Yes/No", "Pick Yes or No (Y/N, TRUE/FALSE and 1/0 are read too)."),
        ("Codes", "Pick from the dropdown; the hidden Lists sheet holds every code and its label."),
        (
            "Lists of values",
            "Where a field holds several values (child IDs, disabilities, "
            "plan elements), separate them with ; for example LD;COMM.",
        ),
        (
            "IDs",
            "Keep IDs as your system writes them; leading zeros are kept. An ID may not "
            "contain ; and is the same everywhere it is used.",
        ),
        ("Names", "Do not enter names, addresses or other identifying details."),
        ("", ""),
        ("The sheets", ""),
    ]
    for table in TABLES:
        spec = spec_for_table(table)
        lines.append((SHEET_NAMES[table], f"{spec.description} One row per {spec.row_meaning}."))
    lines += [
        ("", ""),
        (
            "Checking your data",
            "Run: fgc validate this-file.xlsx. Problems are reported by "
            "sheet and cell, for example Referrals!D7.",
        ),
        ("Contact", "Not applicable: this template is part of the open data standard."),
    ]
    for row, (topic, text) in enumerate(lines, start=1):
        ws.cell(row=row, column=1, value=topic).font = Font(bold=bool(topic) and not text)
        ws.cell(row=row, column=2, value=text).alignment = Alignment(wrap_text=True)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100


def write_template(path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the LA spreadsheet template, atomically.

    Args:
        path: The ``.xlsx`` file to write.
        overwrite: Replace an existing file.

    Returns:
        The path written.

    Raises:
        WriteError: The file exists and ``overwrite`` is false, or the name
            does not end ``.xlsx``.
    """
    from openpyxl import Workbook

    from fgc_standard.errors import WriteError

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise WriteError(f"{path}: the template is a workbook; give a name ending .xlsx")
    if path.exists() and not overwrite:
        raise WriteError(f"{path} already exists; choose another name or ask to overwrite it")
    workbook = Workbook()
    _guidance(workbook)
    ranges = _list_ranges(workbook)
    for table in TABLES:
        _entity_sheet(workbook, table, ranges)
    # the hidden lookup sheet goes last, after the sheets people fill in
    workbook.move_sheet(LISTS_SHEET, offset=len(TABLES))
    _prefill_header(workbook)
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return path
