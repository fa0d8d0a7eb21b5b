"""``fgc cin export PATH OUT.xml`` and ``fgc cin import XML OUT.csv``: the CIN census module."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any, name: str) -> None:
    """Add the ``cin`` command and its two actions."""
    parser = subparsers.add_parser(
        name, help="write or read the CIN census PreProceedingsandFGDM module"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="write the census module items a return determines as CIN census XML",
        description="Write one PreProceedingsandFGDM block per child and pre-proceedings "
        "episode, inside a minimal Message/Children/Child envelope keyed by LAchildID.",
    )
    export.add_argument(
        "path", help="the return (a CSV data-package folder, or any format fgc reads)"
    )
    export.add_argument("out", help="the XML file to write")
    export.set_defaults(run=run_export)
    read = actions.add_parser(
        "import",
        help="read the PreProceedingsandFGDM blocks of a census XML file into a CSV table",
        description="Write one row per module block: child_id, then each census item that "
        "FGC data determines, under its standard field name. DOCTYPE and entity "
        "declarations are refused.",
    )
    read.add_argument("xml", help="the census XML file")
    read.add_argument("out", help="the CSV file to write")
    read.set_defaults(run=run_import)


def _read_return(path: str) -> Any:
    from fgc_standard.io import read_return

    return read_return(path)


def run_export(args: argparse.Namespace) -> int:
    """Export the census XML of a return."""
    from fgc_standard.cin import write_census_xml
    from fgc_standard.cli._inputs import check_not_input, unreadable_values
    from fgc_standard.errors import FGCError, WriteError

    check_not_input(args.out, [args.path])
    result = _read_return(args.path)
    try:
        blocks = write_census_xml(result.data, args.out)
    except WriteError:
        raise
    except FGCError as error:  # the header lacks the LA or the period: say which return
        raise FGCError(f"{args.path}: {error}; run fgc validate {args.path}") from None
    print(f"wrote {args.out}: {blocks} PreProceedingsandFGDM block(s)")
    unreadable = unreadable_values(result.issues)
    if unreadable:
        print(
            f"note: {unreadable} value(s) of the return could not be read and were "
            f"left out; run: fgc validate {args.path}"
        )
    return 0


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return str(value.isoformat()) if hasattr(value, "isoformat") else str(value)


def _write_csv(table: Any, handle: Any) -> None:
    import csv

    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(table.column_names)
    for batch in table.to_batches(max_chunksize=10_000):
        writer.writerows([_cell(v) for v in row.values()] for row in batch.to_pylist())


def run_import(args: argparse.Namespace) -> int:
    """Import the census module blocks of an XML file into a CSV table."""
    from pathlib import Path

    from fgc_standard.cin import read_census_xml
    from fgc_standard.cli._inputs import check_not_input
    from fgc_standard.errors import WriteError
    from fgc_standard.files import atomic_path

    out = Path(args.out)
    check_not_input(args.out, [args.xml])
    if out.is_dir():
        raise WriteError(f"{out} is a folder; give the CSV file to write")
    table = read_census_xml(args.xml)
    try:
        with atomic_path(out) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
            _write_csv(table, handle)
    except OSError as error:
        raise WriteError(f"cannot write {out}: {error.strerror or error}") from None
    print(f"wrote {out}: {table.num_rows} module block(s)")
    return 0
