"""``fgc convert SRC DST``: move a return between CSV, Parquet, JSON and XLSX.

Exit codes: 0 when every value was read; 1 when some values could not be read
(the output is still written, every row kept, those values empty, and each is
listed); 2 when the input cannot be read at all or the output would overwrite
something it should not.
"""

from __future__ import annotations

import argparse
from typing import Any

#: How many unreadable values to list before only counting them.
_SHOWN = 20


def register(subparsers: Any, name: str) -> None:
    """Add the ``convert`` command."""
    parser = subparsers.add_parser(
        name,
        help="convert a return between CSV and Parquet packages, JSON and XLSX",
        description="Convert a return. The source format is found from SRC (a folder of "
        ".csv or .parquet tables, a .json document or an .xlsx workbook, the LA template "
        "included); the target format from DST's extension (.json, .xlsx; a folder is a CSV "
        "package) or --to. Exit 0 if every value was read, 1 if some could not be (the "
        "output is still written with those values empty), 2 if nothing could be done.",
    )
    parser.add_argument("src", help="the return to read")
    parser.add_argument("dst", help="where to write it")
    parser.add_argument(
        "--to", choices=["csv", "parquet", "json", "xlsx"], help="the format to write"
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace DST if it exists (never SRC itself)"
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar (default: when standard error is a terminal)",
    )
    parser.set_defaults(run=run)


def _check_paths(src: Any, dst: Any, overwrite: bool) -> None:
    from fgc_standard.errors import WriteError

    src_real, dst_real = src.resolve(), dst.resolve()
    if src_real == dst_real:
        raise WriteError(f"{dst} is the input; write the converted return somewhere else")
    if dst_real in src_real.parents:
        raise WriteError(f"{dst} holds the input {src}; write the converted return elsewhere")
    exists = dst.exists() and (not dst.is_dir() or any(dst.iterdir()))
    if exists and not overwrite:
        raise WriteError(f"{dst} already exists; use --overwrite to replace it")


def run(args: argparse.Namespace) -> int:
    """Convert, print rows per table and the read issues, return the exit code."""
    import shutil
    import sys
    import tempfile
    from collections import Counter
    from pathlib import Path

    from fgc_standard.io.formats import (
        _swap_folder,
        detect_format,
        read_return,
        target_format,
        write_return,
    )
    from fgc_standard.io.large_csv import convert_csv_package_to_parquet
    from fgc_standard.io.progress import progress_bar

    src, dst = Path(args.src), Path(args.dst)
    source_format = detect_format(src)
    fmt = target_format(dst, args.to)
    _check_paths(src, dst, args.overwrite)
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    if source_format == "csv" and fmt == "parquet":
        # streamed in batches: memory stays bounded however large the tables
        if dst.exists() and not dst.is_dir():
            from fgc_standard.errors import WriteError

            raise WriteError(f"{dst} is a file; a parquet return is a folder")
        dst.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent))
        try:
            with progress_bar(f"{src} -> {dst}", enabled=show) as progress:
                streamed = convert_csv_package_to_parquet(src, staging, progress=progress)
            _swap_folder(staging, dst)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        rows, issues, count = streamed.rows, streamed.issues, streamed.issue_count
    else:
        result = read_return(src, format=source_format)
        write_return(result.data, dst, format=fmt, overwrite=args.overwrite)
        rows, issues, count = result.data.num_rows, result.issues, len(result.issues)
    print(f"wrote {dst} ({fmt}) from {src} ({source_format})")
    for name, n in rows.items():
        print(f"  {name:<12} {n:>10,} rows")
    errors = [i for i in issues if i.severity == "error"]
    if not issues:
        print("every value was read")
        return 0
    by_code = Counter(i.code for i in issues)
    print(
        f"{count:,} value(s) or column(s) to look at: "
        + ", ".join(f"{code} x{n:,}" for code, n in sorted(by_code.items()))
    )
    for issue in issues[:_SHOWN]:
        where = f"{issue.location}: " if issue.location else ""
        print(f"  {issue.code} {issue.severity}: {where}{issue.message}")
    if count > _SHOWN:
        print(f"  ... and {count - _SHOWN:,} more")
    return 1 if errors else 0
