"""``fgc synth OUT --referrals N --seed S``: write a synthetic return, with faults if asked."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

_FORMATS = ("csv", "parquet", "json", "xlsx")


def register(subparsers: Any, name: str) -> None:
    """Add the ``synth`` command."""
    parser = subparsers.add_parser(
        name,
        help="write a synthetic return (no real data), optionally with known faults",
        description=(
            "Write a realistic synthetic return: the same seed gives the same files. "
            "With --faults, a share of referrals each get one fault of a named kind, "
            "listed in OUT/faults.csv (entity,key,field,kind)."
        ),
    )
    parser.add_argument("out", help="the output folder (must be empty or new, unless --force)")
    parser.add_argument(
        "--referrals", type=int, default=1000, help="how many referrals (default 1000)"
    )
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    parser.add_argument(
        "--format", choices=_FORMATS, default="csv", help="the output format (default csv)"
    )
    parser.add_argument(
        "--faults",
        type=float,
        default=0.0,
        metavar="RATE",
        help="share of referrals given one fault each, 0 to 0.5 (default 0: a clean return)",
    )
    parser.add_argument("--la", default="938", help="the DfE LA number in the header (default 938)")
    parser.add_argument(
        "--force", action="store_true", help="write into OUT even if it is not empty"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the return and say what was written."""
    from fgc_standard.errors import WriteError
    from fgc_standard.synth import write_synthetic_return

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise WriteError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not args.force:
        raise WriteError(f"{out} is not empty; choose a new folder or add --force to write into it")
    written = write_synthetic_return(
        out,
        args.referrals,
        args.seed,
        format=args.format,
        faults=args.faults,
        la_number=args.la,
    )
    print(f"wrote a synthetic {args.format} return to {written.path} (seed {args.seed})")
    for name, rows in written.rows.items():
        print(f"  {name:<12} {rows:>10,} rows")
    faults = written.faults.num_rows
    manifest = out / "faults.csv"
    if faults:
        kinds = written.faults.column("kind").value_counts().to_pylist()
        shares = ", ".join(f"{k['values']} {k['counts']}" for k in kinds)
        print(f"  faults: {faults:,} ({shares}), listed in {manifest}")
    else:
        print(f"  faults: none (a clean return); {manifest} lists none")
    return 0
