"""A return as one XLSX workbook: a sheet per table, a header row of field names.

Writing: dates are date cells (``yyyy-mm-dd``; dates before 1 March 1900,
which Excel cannot show, are ISO text), yes/no fields are boolean cells,
counts are numbers, lists are ``a;b`` text, and every other value is a text
cell, never a formula, even when it begins with ``=``.

Reading (the LA spreadsheet template is read the same way): a sheet is
matched to its table by name, whatever its case (other sheets, such as
``Guidance``, are ignored); headers may be field names or the template's
friendly headers. Cells are read as a person would expect: date cells and
Excel serial numbers in a date column as dates, a date-and-time cell in the
production-time column as UTC (Excel stores no time zone), whole numbers
without ``.0``, ``TRUE``/``FALSE`` cells as yes/no. Formulas are read as their
last calculated value. Blank rows are skipped; every other row is kept, and an
issue names its sheet and cell, such as ``Referrals!C7``.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pyarrow as pa

from fgc_standard.entities import TABLES, FieldSpec, spec_for_table
from fgc_standard.errors import ReadError, WriteError
from fgc_standard.files import atomic_path
from fgc_standard.io.coerce import coerce_table, normalise_header
from fgc_standard.io.csv_package import table_to_text
from fgc_standard.io.result import ReadResult, assemble
from fgc_standard.io.xlsx_layout import SHEET_NAMES, friendly_headers, table_for_sheet
from fgc_standard.returns import FGCReturn, TableSource

__all__ = ["read_xlsx_workbook", "write_xlsx_workbook"]

#: The first date Excel shows correctly (it counts a 29 February 1900 that never was).
_FIRST_EXCEL_DATE = dt.date(1900, 3, 1)
#: The largest serial number Excel reads as a date (31 December 9999).
_LAST_SERIAL = 2958465
_MAX_ROWS = 1_048_576


def _cell_values(table: pa.Table, ws: Any) -> list[list[Any]]:
    """Column values ready for openpyxl, column by column."""
    from openpyxl.cell import WriteOnlyCell

    out: list[list[Any]] = []
    for column in table.columns:
        values = column.combine_chunks()
        kind = values.type
        if pa.types.is_list(kind) or pa.types.is_timestamp(kind):
            values = table_to_text(pa.table({"v": values})).column(0).combine_chunks()
            kind = values.type
        py = values.to_pylist()
        if pa.types.is_date(kind):
            py = [v if v is None or v >= _FIRST_EXCEL_DATE else v.isoformat() for v in py]
        elif pa.types.is_string(kind):
            for i, v in enumerate(py):
                if v is not None and v.startswith("="):
                    # text beginning with "=" would otherwise be stored as a formula
                    cell = WriteOnlyCell(ws, value=v)
                    cell.data_type = "s"
                    py[i] = cell
        out.append(py)
    return out


def write_xlsx_workbook(data: FGCReturn, path: str | Path) -> Path:
    """Write a return as one XLSX workbook, atomically.

    Args:
        data: The return.
        path: The ``.xlsx`` file to write.

    Returns:
        The path written.

    Raises:
        WriteError: A table has more rows than a sheet can hold, or a text
            holds a character that a workbook cannot store.
    """
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    path = Path(path)
    workbook = Workbook(write_only=True)
    for name, table in data.tables.items():
        if table.num_rows >= _MAX_ROWS:
            raise WriteError(
                f"{path}: {name} has {table.num_rows:,} rows, more than a sheet holds; "
                "write a CSV or Parquet package instead"
            )
        ws = workbook.create_sheet(SHEET_NAMES[name])
        ws.freeze_panes = "A2"
        ws.append(table.column_names)
        columns = _cell_values(table, ws)
        try:
            for row in zip(*columns, strict=True):
                ws.append(row)
        except IllegalCharacterError:
            raise WriteError(
                f"{path}: {name} holds a control character that a workbook cannot store"
            ) from None
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return path


def _text(value: Any, field: FieldSpec | None) -> str | None:
    """One cell as the text a CSV cell would hold, read as a person would expect."""
    if value is None:
        return None
    kind = field.kind if field is not None else "string"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if kind == "datetime":
            aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
            return aware.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if kind == "date" or value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        if kind == "date" and 1 <= value <= _LAST_SERIAL:
            from openpyxl.utils.datetime import from_excel

            return str(from_excel(value).date().isoformat())
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return str(value)


def _read_sheet(path: Path, ws: Any, table: str) -> tuple[pa.Table, TableSource, dict[str, str]]:
    """Read one sheet as text columns, with the file row number of each kept row."""
    spec = spec_for_table(table)
    friendly = friendly_headers(table)
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    names = [str(h).strip() if h is not None else "" for h in header]
    while names and not names[-1]:
        names.pop()
    names = [n or f"(no header, column {i + 1})" for i, n in enumerate(names)]
    fields: list[FieldSpec | None] = []
    for n in names:
        field_name = friendly.get(n) or normalise_header(n)
        fields.append(spec.field(field_name) if field_name in spec.field_names else None)
    columns: list[list[str | None]] = [[] for _ in names]
    row_numbers: list[int] = []
    width = len(names)
    for number, row in enumerate(rows, start=2):
        cells = row[:width]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
            continue
        row_numbers.append(number)
        for i in range(width):
            columns[i].append(_text(cells[i], fields[i]) if i < len(cells) else None)
    raw = pa.table({n: pa.array(c, pa.string()) for n, c in zip(names, columns, strict=True)})
    source = TableSource(
        file=str(path), sheet=ws.title, first_row=2, row_numbers=tuple(row_numbers)
    )
    return raw, source, friendly


def read_xlsx_workbook(path: str | Path) -> ReadResult:
    """Read a return from an XLSX workbook (a data workbook or a filled-in template).

    Args:
        path: The ``.xlsx`` file.

    Raises:
        ReadError: The file is missing, not a workbook, or has no header sheet.
        SchemaError: A sheet lacks a required column (the message names the sheet).
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    if not path.is_file():
        raise ReadError(f"{path}: no such file")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise ReadError(f"{path}: cannot read as an XLSX workbook: {error}") from None
    try:
        by_table = {}
        for ws in workbook.worksheets:
            table = table_for_sheet(ws.title)
            if table is not None and table not in by_table:
                by_table[table] = ws
        if "header" not in by_table:
            raise ReadError(
                f"{path}: no sheet named {SHEET_NAMES['header']!r}; every return needs its header"
            )
        parts = []
        for name in TABLES:
            if name in by_table:
                raw, source, friendly = _read_sheet(path, by_table[name], name)
                parts.append((name, coerce_table(name, raw, source, headers=friendly), source))
    finally:
        workbook.close()
    return assemble(parts)
