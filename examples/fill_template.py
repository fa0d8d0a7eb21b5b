"""Play the part of a coordinator filling in the spreadsheet template.

``python examples/fill_template.py TEMPLATE.xlsx FILLED.xlsx [--with-mistake]``
types the records of the bundled fictional example return into the template's
sheets, the way a person would: dates as dates, yes/no as Yes or No, lists
joined by ``;``. With ``--with-mistake`` one referral date is typed as
``30/02/2025``, a date that does not exist.

The guide for FGC services runs this script; the test suite runs the guide.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from fgc_standard.io import read_return

EXAMPLE = Path(__file__).resolve().parent / "return"
MISTAKE = "30/02/2025"


def field_of(header: Any) -> str:
    """The field a friendly header names: "Referral date" -> "referral_date"."""
    return "_".join(str(header).strip().lower().split())


def as_typed(value: Any) -> Any:
    """A value as a person enters it in a spreadsheet cell."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ";".join(map(str, value))
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones; the template reads UTC
    return value


def fill(template: Path, filled: Path, *, with_mistake: bool) -> None:
    """Copy every record of the example return into the template's sheets."""
    records = read_return(EXAMPLE).data
    workbook = load_workbook(template)
    sheets = {ws.title.lower(): ws for ws in workbook.worksheets}
    for table, rows in records.tables.items():
        ws = sheets[table]
        columns = {field_of(cell.value): cell.column for cell in ws[1] if cell.value}
        for r, row in enumerate(rows.to_pylist(), start=2):
            for field, value in row.items():
                if value is not None:
                    ws.cell(row=r, column=columns[field], value=as_typed(value))
        if with_mistake and table == "referrals":
            # the second referral's date, typed as a day that does not exist
            ws.cell(row=3, column=columns["referral_date"], value=MISTAKE)
    workbook.save(filled)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("template", type=Path)
    parser.add_argument("filled", type=Path)
    parser.add_argument("--with-mistake", action="store_true")
    args = parser.parse_args(argv)
    fill(args.template, args.filled, with_mistake=args.with_mistake)
    print(f"filled {args.filled}" + (f" (one mistake: {MISTAKE})" if args.with_mistake else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
