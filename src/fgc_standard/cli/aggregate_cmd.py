"""``fgc aggregate PATH... --output DIR``: the aggregate return, safe to publish, and its summary.

Also ``fgc aggregate-template OUT``: the template an LA without record-level
data fills by hand (registered from this module under its own name).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

_ENGINES = ("pyarrow", "pandas", "polars", "duckdb")


def register(subparsers: Any, name: str) -> None:
    """Add the ``aggregate`` command (or ``aggregate-template``, by name)."""
    if name.endswith("template"):
        _register_template(subparsers, name)
        return
    parser = subparsers.add_parser(
        name,
        help="compute the LA-level aggregate return, with disclosure control",
        description="Aggregate record-level returns (in any format fgc reads: a folder of "
        "CSV or Parquet tables, a .json document or an .xlsx workbook) and/or hand-filled "
        "aggregate returns (a .csv, or an .xlsx with an 'aggregate' sheet, as written by "
        "fgc aggregate-template) into LA, region and England tables, suppressing small "
        "counts for publication.",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="record-level returns (folder, .json, .xlsx) or hand-filled aggregate returns "
        "(.csv, .xlsx)",
    )
    parser.add_argument("--output", "-o", required=True, metavar="DIR", help="folder to write")
    parser.add_argument(
        "--no-suppress",
        action="store_true",
        help="publish every figure as computed (not for publication: for the LA's own use)",
    )
    parser.add_argument(
        "--threshold",
        type=int,
        default=None,
        metavar="N",
        help="suppress counts from 1 to N-1 (default 6, as in DfE statistics)",
    )
    parser.add_argument("--html", action="store_true", help="also write the HTML summary")
    parser.add_argument(
        "--engine", choices=_ENGINES, default="pyarrow", help="the dataframe engine to use"
    )
    parser.set_defaults(run=run)


def _register_template(subparsers: Any, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="write the template of a hand-filled aggregate return (.csv or .xlsx)"
    )
    parser.add_argument("out", metavar="OUT", help="the file to write: .csv or .xlsx")
    parser.add_argument("--la", required=True, help="the LA's DfE three-digit number")
    parser.add_argument("--period-start", required=True, help="first day, YYYY-MM-DD")
    parser.add_argument("--period-end", required=True, help="last day, YYYY-MM-DD")
    parser.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    parser.set_defaults(run=run_template)


def _date(text: str, what: str) -> date:
    from fgc_standard.errors import FGCError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FGCError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None


def run_template(args: argparse.Namespace) -> int:
    """Write the hand-filled return template."""
    from fgc_standard.aggregate.handfilled import write_aggregate_template

    path = write_aggregate_template(
        args.out,
        args.la,
        _date(args.period_start, "--period-start"),
        _date(args.period_end, "--period-end"),
        overwrite=args.overwrite,
    )
    print(f"wrote {path}")
    return 0


_RECORD_LEVEL = (
    "a record-level return (a folder of CSV or Parquet tables, a .json document or an "
    ".xlsx workbook)"
)


def _is_record_workbook(path: Path) -> bool:
    """Whether a workbook holds a record-level return rather than hand-filled figures.

    The aggregate template has an ``aggregate`` sheet; a record-level workbook (and
    the LA spreadsheet template) has a ``Header`` sheet. Anything else is read as
    hand-filled, whose reader says which columns are missing.
    """
    from fgc_standard.errors import ReadError
    from fgc_standard.io.xlsx_layout import table_for_sheet

    try:
        from openpyxl import load_workbook
    except ImportError:
        raise ReadError(f"{path}: reading .xlsx needs openpyxl (fgc-standard[excel])") from None
    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # openpyxl raises many types; the reader used next says what is wrong
        return False
    try:
        names = list(book.sheetnames)
    finally:
        book.close()
    return "aggregate" not in names and any(table_for_sheet(n) == "header" for n in names)


def _record_level(path: Path, engine: str) -> Any:
    """Read a record-level return in any format and compute its aggregate."""
    from fgc_standard.aggregate import aggregate_return
    from fgc_standard.cli._inputs import checked_header, unreadable_values
    from fgc_standard.io import read_return

    result = read_return(path)
    # the header gives the LA and the period: without a valid one nothing can be counted
    checked_header(result.data, path)
    unreadable = unreadable_values(result.issues)
    if unreadable:
        print(
            f"{path}: {unreadable} value(s) could not be read and count as empty; "
            f"run fgc validate {path} for details",
            file=sys.stderr,
        )
    return aggregate_return(result.data, engine)  # type: ignore[arg-type]


def _load(paths: list[str], engine: str) -> tuple[list[Any], list[Any]]:
    """Read every input: aggregate tables and the issues found."""
    from fgc_standard.aggregate.handfilled import read_aggregate
    from fgc_standard.errors import ReadError

    tables, issues = [], []
    for text in paths:
        path = Path(text)
        suffix = path.suffix.lower()
        if not path.exists():
            raise ReadError(f"{path}: no such file or folder")
        if (
            path.is_dir()
            or suffix in (".json", ".xlsm")
            or (suffix == ".xlsx" and _is_record_workbook(path))
        ):
            tables.append(_record_level(path, engine))
        elif suffix in (".csv", ".xlsx"):
            table, found = read_aggregate(path)
            tables.append(table)
            issues += found
        else:
            raise ReadError(
                f"{path}: give {_RECORD_LEVEL} or a hand-filled aggregate return (.csv, or "
                ".xlsx with an 'aggregate' sheet)"
            )
    return tables, issues


def run(args: argparse.Namespace) -> int:
    """Aggregate, suppress, and write the outputs."""
    from fgc_standard.aggregate.combine import benchmark, combine_returns, la_numbers
    from fgc_standard.aggregate.outputs import write_measures, write_table
    from fgc_standard.aggregate.suppress import DEFAULT_THRESHOLD, publish
    from fgc_standard.cli._inputs import check_output_folder, make_output_folder
    from fgc_standard.errors import FGCError

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    if threshold < 1:
        raise FGCError(f"--threshold must be 1 or more, not {threshold}")
    out = Path(args.output)
    check_output_folder(out, args.paths)  # before reading: the inputs may take a while
    tables, issues = _load(args.paths, args.engine)
    make_output_folder(out)
    written: list[Path] = []
    if issues:
        import pyarrow as pa

        table = pa.Table.from_pylist([i.to_dict() for i in issues])
        written += write_table(table, out, "issues")
        for issue in issues[:20]:
            where = f"{issue.location}: " if issue.location else ""
            print(f"{issue.code} {issue.severity}: {where}{issue.message}", file=sys.stderr)
        if len(issues) > 20:
            print(f"... and {len(issues) - 20} more in {out / 'issues.csv'}", file=sys.stderr)
        if any(i.severity == "error" for i in issues):
            print(
                f"fgc aggregate: {sum(i.severity == 'error' for i in issues)} error(s) in the "
                "hand-filled return(s); nothing published. Correct them and run again.",
                file=sys.stderr,
            )
            return 1

    areas = combine_returns(tables)
    suppress = not args.no_suppress
    published = publish(areas, threshold, suppress=suppress)
    written += write_table(published, out, "aggregate_areas")
    if not suppress:
        import pyarrow as pa

        written += write_table(pa.concat_tables(tables), out, "aggregate_return")
    las = la_numbers(areas)
    benches = [benchmark(areas, la, published if suppress else None) for la in las]
    import pyarrow as pa

    written += write_table(pa.concat_tables(benches), out, "benchmark")
    written.append(write_measures(out))
    if args.html:
        from fgc_standard.aggregate.html import summary_html
        from fgc_standard.files import atomic_write_bytes

        for la, bench in zip(las, benches, strict=True):
            name = "summary.html" if len(las) == 1 else f"summary_{la}.html"
            page = summary_html(published, la, bench, suppressed=suppress, threshold=threshold)
            atomic_write_bytes(out / name, page.encode("utf-8"))
            written.append(out / name)
    state = "suppressed for publication" if suppress else "NOT suppressed: not for publication"
    print(f"wrote {len(written)} files to {out} ({len(las)} LA(s), {state})")
    return 0
