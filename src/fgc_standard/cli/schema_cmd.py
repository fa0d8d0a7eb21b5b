"""``fgc schema export DIR``: write the generated schemas and code lists."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any, name: str) -> None:
    """Add the ``schema`` command."""
    parser = subparsers.add_parser(
        name, help="export the JSON Schemas, data-package descriptor and code lists"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="write schema/<standard version>/ into DIR, as committed in the repository"
    )
    export.add_argument("dir", help="the folder to write into (the versioned folder goes inside)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Export the schema files."""
    from fgc_standard.schema import export_schema

    target = export_schema(args.dir)
    print(f"wrote {target}")
    return 0
