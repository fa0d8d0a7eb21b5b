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
issue names its sheet and cell, such as ``Referrals!C7``. Values in a column
without a header are kept aside like any column the standard does not define,
in a column named after its letter (``(no header) H``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.entities import TABLES, FieldSpec, spec_for_table
from fgc_standard.errors import ReadError, WriteError, first_line
from fgc_standard.files import atomic_path
from fgc_standard.io.coerce import (
    EXTRA_COLUMN_CODE,
    CoercedTable,
    coerce_table,
    normalise_header,
)
from fgc_standard.io.csv_package import table_to_text
from fgc_standard.io.result import ReadResult, assemble
from fgc_standard.io.xlsx_layout import (
    GUIDANCE_SHEET,
    LISTS_SHEET,
    SHEET_NAMES,
    friendly_headers,
    table_for_sheet,
)
from fgc_standard.report.issue import Issue, SourceLocation, column_letter
from fgc_standard.returns import FGCReturn, TableSource

__all__ = ["read_xlsx_workbook", "write_xlsx_workbook"]

#: The first date Excel shows correctly (it counts a 29 February 1900 that never was).
_FIRST_EXCEL_DATE = dt.date(1900, 3, 1)
#: The largest serial number Excel reads as a date (31 December 9999).
_LAST_SERIAL = 2958465
_MAX_ROWS = 1_048_576
#: The rule code of "the workbook has a sheet that is no table of the standard" (a query).
UNKNOWN_SHEET_CODE = "FGC0006"
#: How a column without a header is named, before its letter: ``(no header) H``.
_NO_HEADER = "(no header)"


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


def _blank(value: Any) -> bool:
    """Whether a cell holds no value (empty, or spaces only)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _unreadable(path: Path, error: Exception, sheet: str | None = None) -> ReadError:
    """The one-line error for a file that openpyxl cannot read (corrupt zip or XML)."""
    where = f"sheet {sheet}: " if sheet else ""
    return ReadError(f"{path}: cannot read as an XLSX workbook: {where}{first_line(error)}")


def _sheet_rows(path: Path, ws: Any) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows as values, any error in parsing its XML as a ReadError."""
    try:
        # read-only sheets are parsed lazily, so a corrupt sheet fails here, row by row;
        # openpyxl raises many types for a bad file (ParseError, ValueError, zlib.error, ...)
        yield from ws.iter_rows(values_only=True)
    except Exception as error:
        raise _unreadable(path, error, ws.title) from None


def _no_header(position: int) -> str:
    return f"{_NO_HEADER} {column_letter(position)}"


def _read_sheet(
    path: Path, ws: Any, table: str
) -> tuple[pa.Table, TableSource, dict[str, str], set[str]]:
    """Read one sheet as text columns, with the file row number of each kept row.

    Column ``i`` of the result is column ``i`` of the sheet (cell references rely
    on it), up to the last column with a header or a value. A value in a column
    without a header is kept, in a column named ``(no header) H`` after its letter.

    Returns:
        The text columns, where they came from, the sheet's friendly headers, and
        the names given to the columns without a header.
    """
    spec = spec_for_table(table)
    friendly = friendly_headers(table)
    rows = _sheet_rows(path, ws)
    header = next(rows, None) or ()
    names = [str(h).strip() if h is not None else "" for h in header]
    while names and not names[-1]:
        names.pop()
    fields: list[FieldSpec | None] = []
    for n in names:
        field_name = friendly.get(n) or normalise_header(n)
        fields.append(spec.field(field_name) if field_name in spec.field_names else None)
    columns: list[list[str | None]] = [[] for _ in names]
    row_numbers: list[int] = []
    for number, row in enumerate(rows, start=2):
        if all(_blank(v) for v in row):
            continue
        if len(row) > len(columns):
            # a value right of the last header: widen, earlier rows are empty there
            last = max(i for i, v in enumerate(row) if not _blank(v))
            while len(columns) <= last:
                columns.append([None] * len(row_numbers))
                fields.append(None)
                names.append("")
        row_numbers.append(number)
        for i, column in enumerate(columns):
            column.append(_text(row[i], fields[i]) if i < len(row) else None)
    unnamed = {_no_header(i) for i, n in enumerate(names) if not n}
    names = [n or _no_header(i) for i, n in enumerate(names)]
    raw = pa.table({n: pa.array(c, pa.string()) for n, c in zip(names, columns, strict=True)})
    source = TableSource(
        file=str(path), sheet=ws.title, first_row=2, row_numbers=tuple(row_numbers)
    )
    return raw, source, friendly, unnamed


def _no_header_columns(
    coerced: CoercedTable, raw: pa.Table, source: TableSource, unnamed: set[str]
) -> CoercedTable:
    """Report a column without a header at its first value; one without values not at all.

    Such a column is kept in ``raw`` only so that later columns keep their letters.
    """
    empty: list[str] = []
    issues = []
    for issue in coerced.issues:
        name = issue.value or ""
        if issue.code == EXTRA_COLUMN_CODE and issue.location is not None and name in unnamed:
            position = raw.column_names.index(name)
            first = pc.index(pc.is_valid(raw.column(position)), True).as_py()
            if first < 0:
                empty.append(name)
                continue
            # its header cell is empty: point at the value to look at
            row = source.row_number(first)
            cell = f"{column_letter(position)}{row}"
            issue = replace(issue, location=replace(issue.location, row=row, cell=cell))
        issues.append(issue)
    extra = coerced.extra
    if extra is not None and empty:
        extra = extra.drop_columns(empty)
        if not extra.num_columns:
            extra = None
    return replace(coerced, issues=issues, extra=extra)


def read_xlsx_workbook(path: str | Path) -> ReadResult:
    """Read a return from an XLSX workbook (a data workbook or a filled-in template).

    Args:
        path: The ``.xlsx`` file.

    Raises:
        ReadError: The file is missing, not a workbook (or a corrupt one), or has
            no header sheet.
        SchemaError: A sheet lacks a required column (the message names the sheet).
    """
    from openpyxl import load_workbook

    path = Path(path)
    if not path.is_file():
        raise ReadError(f"{path}: no such file")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise _unreadable(path, error) from None
    try:
        by_table = {}
        unknown: list[str] = []
        for ws in workbook.worksheets:
            table = table_for_sheet(ws.title)
            if table is not None and table not in by_table:
                by_table[table] = ws
            elif ws.title not in (GUIDANCE_SHEET, LISTS_SHEET):
                unknown.append(ws.title)  # a renamed table sheet would be lost without a word
        if "header" not in by_table:
            raise ReadError(
                f"{path}: no sheet named {SHEET_NAMES['header']!r}; every return needs its header"
            )
        parts = []
        for name in TABLES:
            if name in by_table:
                raw, source, friendly, unnamed = _read_sheet(path, by_table[name], name)
                coerced = coerce_table(name, raw, source, headers=friendly)
                parts.append((name, _no_header_columns(coerced, raw, source, unnamed), source))
    finally:
        workbook.close()
    result = assemble(parts)
    result.issues.extend(_unknown_sheet_issue(path, title) for title in unknown)
    return result


def _unknown_sheet_issue(path: Path, title: str) -> Issue:
    tables = ", ".join(SHEET_NAMES.values())
    return Issue(
        code=UNKNOWN_SHEET_CODE,
        severity="query",
        message=f"sheet {title!r} is not a table of the standard and was not read "
        f"(the table sheets are {tables})",
        value=title,
        location=SourceLocation(file=str(path), sheet=title),
    )
