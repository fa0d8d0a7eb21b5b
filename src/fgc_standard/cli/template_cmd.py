"""``fgc template OUT.xlsx``: write the LA spreadsheet template."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any, name: str) -> None:
    """Add the ``template`` command."""
    parser = subparsers.add_parser(
        name,
        help="write the LA spreadsheet template (.xlsx) for keeping FGC records",
        description="Write a workbook with a sheet per table, dropdowns from the code "
        "lists, validation and guidance. A filled-in copy reads back with "
        "'fgc convert filled.xlsx out/' or 'fgc validate filled.xlsx'.",
    )
    parser.add_argument("out", help="the .xlsx file to write")
    parser.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the template."""
    from fgc_standard.io.template import write_template

    path = write_template(args.out, overwrite=args.overwrite)
    print(f"wrote {path}")
    return 0
