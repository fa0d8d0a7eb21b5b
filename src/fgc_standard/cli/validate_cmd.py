"""``fgc validate PATH``: check a return against the standard and report every problem.

Exit codes: 0 no errors (queries allowed), 1 errors found, 2 the input could
not be read.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

FORMATS = ("text", "json", "csv", "html")
ENGINES = ("pyarrow", "pandas", "polars", "duckdb")


def register(subparsers: Any, name: str) -> None:
    """Add the ``validate`` command."""
    parser = subparsers.add_parser(
        name,
        help="check a return against the standard (exit 0: no errors, 1: errors, 2: unreadable)",
        description="Check a return against every rule of the standard. Prints a summary "
        "per rule with exact counts and a few examples; exit code 0 when there is no error "
        "(queries allowed), 1 when there are errors, 2 when the input cannot be read.",
    )
    parser.add_argument("path", help="the return: a CSV data-package folder (or another format)")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="report format (default: text)"
    )
    parser.add_argument("--output", "-o", help="write the report to this file, not the terminal")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=None,
        help="the dataframe library to run the rules on (default: pyarrow, the fastest)",
    )
    parser.add_argument(
        "--examples",
        type=int,
        default=None,
        metavar="N",
        help="examples kept per rule and field (default: 50; counts are always exact)",
    )
    parser.add_argument(
        "--all",
        action="store_true",
        dest="all_issues",
        help="with --format csv: every issue, one a row, not only the examples",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate and write the report; return 0 or 1 (read errors raise, giving 2)."""
    from fgc_standard.cli._inputs import check_not_input
    from fgc_standard.errors import FGCError
    from fgc_standard.files import atomic_path
    from fgc_standard.report.csv_format import write_csv
    from fgc_standard.report.validation import DEFAULT_EXAMPLE_LIMIT
    from fgc_standard.validate import validate

    if args.all_issues and args.format != "csv":
        raise FGCError("--all goes with --format csv (the other formats keep examples only)")
    limit = args.examples if args.examples is not None else DEFAULT_EXAMPLE_LIMIT
    if limit < 0:
        raise FGCError("--examples must be 0 or more")
    if args.output:
        check_not_input(args.output, [args.path])  # before the work, and never over the return
    report = validate(args.path, engine=args.engine, example_limit=limit)
    if args.output:
        try:
            with (
                atomic_path(args.output) as tmp,
                open(tmp, "w", encoding="utf-8", newline="") as out,
            ):
                if args.format == "csv":
                    write_csv(report, out, all_issues=args.all_issues)
                else:
                    out.write(report.render(args.format))
        except OSError as error:
            raise FGCError(f"{args.output}: cannot write the report: {error}") from None
        print(report.summary_line(), file=sys.stderr)
        print(f"report written to {args.output}", file=sys.stderr)
    elif args.format == "csv":
        write_csv(report, sys.stdout, all_issues=args.all_issues)
    else:
        sys.stdout.write(report.render(args.format))
    return report.exit_code
