"""``fgc minimise SRC DST``: coarsen dates of birth, drop what the national flow does not need."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any, name: str) -> None:
    """Add the ``minimise`` command."""
    parser = subparsers.add_parser(
        name,
        help="copy a return with dates of birth coarsened and unneeded detail dropped",
        description="Copy the return SRC to the folder DST with dates of birth turned into "
        "the month of birth (or the age at the first referral), expected dates of birth "
        "coarsened to their month and the software version emptied. SRC is never changed.",
    )
    parser.add_argument(
        "src", help="the return to read (a CSV data-package folder, or any format fgc reads)"
    )
    parser.add_argument("dst", help="the folder to write the minimised return into")
    parser.add_argument(
        "--birth",
        choices=("month", "age"),
        default="month",
        help="keep the month of birth (default) or only the age in years at the first referral",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Minimise a return."""
    from fgc_standard.cli._privacy_output import check_paths, read_source, write_output
    from fgc_standard.privacy import minimise

    check_paths(args.src, args.dst)
    result = read_source(args.src)
    ret = minimise(result.data, birth=args.birth)
    write_output(ret, args.dst)
    print(f"wrote {args.dst}: dates of birth kept as {args.birth}")
    return 0
