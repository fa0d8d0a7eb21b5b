"""``fgc demo [PATH]``: show a newcomer what the library does, in one go, on a return.

Each capability adds its step: read and check against the models, validate,
aggregate (with disclosure control), derive the CIN census items, and
pseudonymise without changing a single figure. With ``--output DIR`` the demo
also writes the validation report, the aggregate tables and summary page, and
the census XML, so there is something to open in a browser.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

#: Where the wheel puts the bundled example, inside the package (see pyproject.toml).
BUNDLED_EXAMPLE = "example_return"
#: The measures shown as the funnel from referral to plan.
FUNNEL = (
    "families_referred",
    "families_offered",
    "families_accepted",
    "families_initial_conference_held",
    "families_plan_agreed",
)


def register(subparsers: Any, name: str) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser(
        name, help="load a return (the bundled example by default) and show what the library does"
    )
    parser.add_argument(
        "path",
        nargs="?",
        default=None,
        help="a return in any format (default: the hand-made example that comes with fgc)",
    )
    parser.add_argument(
        "--output",
        metavar="DIR",
        help="also write the validation report, aggregate outputs and census XML here",
    )
    parser.add_argument(
        "--synthetic",
        type=_referrals,
        default=2000,
        metavar="N",
        help="referrals in the synthetic return with known faults (default: 2000)",
    )
    parser.set_defaults(run=run)


def _referrals(text: str) -> int:
    """Read ``--synthetic``: a whole number of referrals, at least 1 (argparse says if not)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} referrals: give 1 or more")
    return number


def example_return() -> Path:
    """Return the folder of the bundled hand-made example return.

    An installed wheel has it inside the package; an editable install or a
    source checkout uses the repository's ``examples/return`` (the one copy).

    Raises:
        ReadError: Neither is there.
    """
    from importlib.resources import files

    from fgc_standard.errors import ReadError

    bundled = files("fgc_standard") / BUNDLED_EXAMPLE
    if isinstance(bundled, Path) and bundled.is_dir():
        return bundled
    # parents of this file: cli, fgc_standard, src, then the repository root
    checkout = Path(__file__).resolve().parents[3] / "examples" / "return"
    if checkout.is_dir():
        return checkout
    raise ReadError("the bundled example return is not installed; give the PATH of a return")


def _section(number: int, title: str) -> None:
    print(f"\n{number}. {title}")


def run(args: argparse.Namespace) -> int:
    """Run every step of the demo and print what each shows."""
    import secrets

    from fgc_standard.aggregate import aggregate_return, combine_returns, publish
    from fgc_standard.cin import census_items
    from fgc_standard.cli._inputs import check_output_folder, checked_header, unreadable_values
    from fgc_standard.io import read_return
    from fgc_standard.privacy import pseudonymise
    from fgc_standard.validate import validate

    path = example_return() if args.path is None else Path(args.path)
    if args.output:
        check_output_folder(Path(args.output), [path])  # before the steps, not after them
    result = read_return(path)
    data = result.data
    # every step but the first uses the LA and the period: stop now if the header lacks them
    header = checked_header(data, path)
    print(f"Return: {path}" + (" (the bundled example)" if args.path is None else ""))
    print(
        f"  LA {header.la_number}, period {header.period_start} to {header.period_end}, "
        f"standard {header.standard_version}, produced by {header.software_name}"
    )

    _section(1, "Tables read (rows in = rows out)")
    for name, rows in data.num_rows.items():
        print(f"   {name:<12} {rows:>9,}")
    print(f"   values that could not be read: {unreadable_values(result.issues)}")

    _section(2, "Every record checked against the models (single-record checks)")
    for name, table in data.tables.items():
        failed = _count_model_failures(data, name)
        print(f"   {name:<12} {table.num_rows - failed:>9,} of {table.num_rows:,} pass")

    _section(3, "Validated against the rule catalogue")
    report = validate(result)  # the reader's issues are reported with the rules'
    print(f"   {report.summary_line()}")
    for group in report.groups[:8]:
        where = ".".join(p for p in (group.table, group.field) if p)
        print(f"   {group.code} {group.severity:<5} {group.count:>7,}  {group.title} ({where})")
    if not report.groups:
        print("   no errors and no queries")

    _section(4, "Aggregated to the LA-level return (first phase of the national collection)")
    aggregate = aggregate_return(data)
    totals = {
        r["measure"]: r["value"]
        for r in aggregate.to_pylist()
        if r["breakdown"] == "total" and r["measure"] in FUNNEL
    }
    for measure in FUNNEL:
        value = totals.get(measure)
        print(f"   {measure:<34} {'-' if value is None else int(value):>6}")
    areas = combine_returns([aggregate])
    published = publish(areas)
    hidden = sum(1 for v in published.column("value").to_pylist() if v == "c")
    print(
        f"   published with disclosure control: {hidden} of {published.num_rows} cells suppressed"
    )

    _section(5, "CIN census items derived (PreProceedingsandFGDM)")
    items = census_items(data)
    print(f"   {items.num_rows} child pre-proceedings episodes with census items")

    _section(6, "Pseudonymised with a fresh key: same verdict, same figures")
    shadow = pseudonymise(data, secrets.token_bytes(32))
    same_figures = aggregate_return(shadow).column("value").equals(aggregate.column("value"))
    same_verdict = validate(shadow).exit_code == report.exit_code
    ids = shadow.tables["children"].column("child_id")
    first_id = ids[0].as_py() if len(ids) else "-"
    print(f"   child ids now look like {first_id!r}")
    print(f"   same validation verdict: {same_verdict}; same aggregate figures: {same_figures}")

    _section(7, "A synthetic return with known faults: does the validator find them all?")
    found, total = _fault_recall(args.synthetic)
    print(f"   {args.synthetic:,} synthetic referrals, {total} injected faults: {found} found")

    if args.output:
        _write_outputs(Path(args.output), data, report, areas, published)
    exit_code: int = report.exit_code
    return exit_code


def _count_model_failures(data: Any, name: str) -> int:
    from pydantic import ValidationError

    from fgc_standard.entities import TABLES

    model = TABLES[name]
    failed = 0
    for row in data.tables[name].to_pylist():
        try:
            model.model_validate({k: v for k, v in row.items() if v is not None}, strict=False)
        except ValidationError:
            failed += 1
    return failed


def _fault_recall(referrals: int) -> tuple[int, int]:
    """Write a faulty synthetic return, validate it, and count the faults reported."""
    import tempfile

    from fgc_standard.synth import write_synthetic_return
    from fgc_standard.validate import validate

    with tempfile.TemporaryDirectory() as tmp:
        written = write_synthetic_return(Path(tmp) / "faulty", referrals, seed=1, faults=0.02)
        report = validate(written.path)
        reported = {(issue.table, issue.key, issue.field) for issue in report.all_issues()}
        manifest = written.faults.to_pylist()
        found = sum((f["entity"], f["key"], f["field"]) in reported for f in manifest)
    return found, len(manifest)


def _write_outputs(out: Path, data: Any, report: Any, areas: Any, published: Any) -> None:
    from fgc_standard.aggregate import benchmark, summary_html, write_table
    from fgc_standard.cin import write_census_xml
    from fgc_standard.cli._inputs import make_output_folder
    from fgc_standard.files import atomic_write_bytes

    la_number = data.header.la_number
    make_output_folder(out)
    atomic_write_bytes(out / "validation.html", report.render("html").encode("utf-8"))
    write_table(published, out, "aggregate")
    page = summary_html(published, la_number, benchmark(areas, la_number, published))
    atomic_write_bytes(out / "summary.html", page.encode("utf-8"))
    write_census_xml(data, out / "census.xml")
    print(
        f"\nWrote {out}/: validation.html, aggregate.csv/.parquet/.json, summary.html, census.xml"
    )
