"""Play the part of an LA filling in the aggregate-return template by hand.

``python examples/fill_aggregate.py FILE.csv [--with-mistake]`` fills the value
column of a template written by ``fgc aggregate-template`` with the figures an
LA would have counted (here: those of a fictional synthetic return). With
``--with-mistake`` the total of families who took up the offer is typed as 999,
more than were offered and more than its breakdown adds up to.

The analyst guide runs this script; the test suite runs the guide.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from fgc_standard.aggregate import aggregate_return
from fgc_standard.synth import generate_return


def counted_figures(la_number: str) -> dict[tuple[str, str, str], float | None]:
    """The figures the LA counted: (measure, breakdown, value) -> figure."""
    table = aggregate_return(generate_return(300, seed=8, la_number=la_number))
    return {
        (r["measure"], r["breakdown"], r["breakdown_value"]): r["value"] for r in table.to_pylist()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--with-mistake", action="store_true")
    args = parser.parse_args(argv)
    with args.file.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    figures = counted_figures(rows[0]["la_number"])
    for row in rows:
        value = figures.get((row["measure"], row["breakdown"], row["breakdown_value"]))
        row["value"] = "" if value is None else f"{value:g}"
        is_total = row["breakdown"] == "total"
        if args.with_mistake and is_total and row["measure"] == "families_accepted":
            row["value"] = "999"
    with args.file.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    mistake = " (one mistake)" if args.with_mistake else ""
    print(f"filled {len(rows)} figures in {args.file}{mistake}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
