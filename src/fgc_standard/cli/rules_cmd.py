"""``fgc rules``: print the rule catalogue (text, CSV or Markdown for the docs)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any, name: str) -> None:
    """Add the ``rules`` command."""
    parser = subparsers.add_parser(
        name, help="list every validation rule: code, severity, kind, table, message"
    )
    parser.add_argument(
        "--format",
        choices=("text", "csv", "markdown"),
        default="text",
        help="text for the terminal, csv or markdown for the docs (default: text)",
    )
    parser.add_argument("--output", "-o", help="write to this file instead of the terminal")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the catalogue."""
    from fgc_standard.errors import FGCError
    from fgc_standard.rules.export import catalogue_csv, catalogue_markdown, catalogue_text

    text = {"text": catalogue_text, "csv": catalogue_csv, "markdown": catalogue_markdown}[
        args.format
    ]()
    if args.output:
        from fgc_standard.files import atomic_write_bytes

        try:
            atomic_write_bytes(args.output, text.encode("utf-8"))  # makes missing folders
        except OSError as error:
            raise FGCError(f"{args.output}: cannot write: {error}") from None
    else:
        sys.stdout.write(text)
    return 0
