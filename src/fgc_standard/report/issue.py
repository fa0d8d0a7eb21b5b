"""An issue: one problem with one value (or row, or table) of a return.

Readers and the validator produce the same record, so a report can say, for
every problem, which rule found it, how serious it is, which record and cell it
is in, and where that cell is in the file the user gave us.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

__all__ = ["Issue", "Severity", "SourceLocation", "column_letter"]

#: ``error``: the data is wrong. ``query``: unusual, please confirm.
Severity = Literal["error", "query"]


def column_letter(index: int) -> str:
    """Return the spreadsheet column letter of a 0-based column index (0 -> ``A``)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where a value sits in the file the user supplied.

    Attributes:
        file: The file name (or path) read.
        row: The 1-based line or row number in that file, header included, so
            that it matches what a spreadsheet or text editor shows.
        column: The column name as written in the file, if known.
        sheet: For a workbook, the sheet name.
        cell: For a workbook, the cell reference such as ``C7``.
    """

    file: str | None = None
    row: int | None = None
    column: str | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        text = self.file or ""
        if self.row is not None:
            text += f":{self.row}"
        if self.column:
            text += f" [{self.column}]"
        return text


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a return.

    Attributes:
        code: The rule's stable code, ``FGC`` and four digits.
        severity: ``error`` or ``query``.
        message: What is wrong, for a practitioner.
        table: The table (``referrals``, ...), if the issue is about one.
        key: The primary key of the record, if known.
        field: The field, if the issue is about one value.
        value: The value as written in the source, if any.
        location: Where it is in the source file, if known.
    """

    code: str
    severity: Severity
    message: str
    table: str | None = None
    key: str | None = None
    field: str | None = None
    value: str | None = None
    location: SourceLocation | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a flat, JSON-ready dictionary (the location as a string and its parts)."""
        out = asdict(self)
        loc = out.pop("location") or {}
        out["location"] = str(self.location) if self.location else None
        for part in ("file", "row", "sheet", "cell"):
            out[f"source_{part}"] = loc.get(part)
        return out
