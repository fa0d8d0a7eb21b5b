"""``fgc pseudonymise SRC DST --key-file F``: replace every identifier by a keyed pseudonym."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any, name: str) -> None:
    """Add the ``pseudonymise`` command."""
    parser = subparsers.add_parser(
        name,
        help="copy a return with every identifier replaced by a keyed pseudonym (HMAC-SHA256)",
        description="Copy the return SRC to the folder DST with child, family and every other "
        "identifier replaced by a keyed pseudonym. The same key gives the same pseudonyms in "
        "every return. The key file holds at least 32 random bytes: raw, or as hex or base64 "
        "text (for example: openssl rand -hex 32 > fgc.key). SRC is never changed.",
    )
    parser.add_argument(
        "src", help="the return to read (a CSV data-package folder, or any format fgc reads)"
    )
    parser.add_argument("dst", help="the folder to write the pseudonymised return into")
    parser.add_argument("--key-file", required=True, help="the file holding the secret key")
    parser.add_argument(
        "--minimise",
        choices=("month", "age"),
        help="also minimise: keep the month of birth, or only the age at referral",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Pseudonymise a return."""
    from fgc_standard.cli._inputs import extra_columns, unreadable_values
    from fgc_standard.cli._privacy_output import check_paths, read_source, write_output
    from fgc_standard.privacy import minimise, pseudonymise, read_key_file

    check_paths(args.src, args.dst)
    key = read_key_file(args.key_file)
    result = read_source(args.src)
    ret = pseudonymise(result.data, key)
    if args.minimise:
        ret = minimise(ret, birth=args.minimise)
    write_output(ret, args.dst)
    rows = ", ".join(f"{n} {t}" for t, n in ret.num_rows.items() if t != "header")
    print(f"wrote {args.dst}: {rows}")
    unreadable = unreadable_values(result.issues)
    if unreadable:
        print(
            f"note: {unreadable} value(s) of the source could not be read and are "
            f"empty in the copy; run: fgc validate {args.src}"
        )
    extra = extra_columns(result.issues)
    if extra:
        # pseudonymise drops them: nothing says whether they identify someone
        print(f"note: {extra} column(s) not in the standard were left out")
    return 0
