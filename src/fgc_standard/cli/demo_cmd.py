"""``fgc demo [PATH]``: show a newcomer what the library does, in one go, on a return.

Each capability adds its step here: load and check against the models, then
(as they land) validation, aggregation and the census crosswalk.
"""

from __future__ import annotations

import argparse
from typing import Any

DEFAULT_EXAMPLE = "examples/return"


def register(subparsers: Any, name: str) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser(
        name, help="load a return (the bundled example by default) and show what the library does"
    )
    parser.add_argument(
        "path",
        nargs="?",
        default=DEFAULT_EXAMPLE,
        help=f"a return (default: {DEFAULT_EXAMPLE}, the hand-made example)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run every step of the demo and print what each shows."""
    from pydantic import ValidationError

    from fgc_standard.entities import TABLES
    from fgc_standard.io import read_csv_package

    result = read_csv_package(args.path)
    data = result.data
    print(f"Return: {args.path}")
    try:
        header = data.header
        print(
            f"  LA {header.la_number}, period {header.period_start} to {header.period_end}, "
            f"standard {header.standard_version}, produced by {header.software_name}"
        )
    except (ValidationError, ValueError) as error:
        print(f"  header could not be read: {error}")
    print("\n1. Tables read (rows):")
    for name, rows in data.num_rows.items():
        print(f"   {name:<12} {rows:>8,}")
    print(f"   values that could not be read: {len(result.issues)}")
    print("\n2. Every record checked against the models:")
    for name, table in data.tables.items():
        model = TABLES[name]
        failed = 0
        for row in table.to_pylist():
            try:
                model.model_validate({k: v for k, v in row.items() if v is not None}, strict=False)
            except ValidationError:
                failed += 1
        print(f"   {name:<12} {table.num_rows - failed:>8,} of {table.num_rows:,} records pass")
    return 0 if result.ok else 1
