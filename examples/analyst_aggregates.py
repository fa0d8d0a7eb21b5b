"""An analyst's aggregates: compute, suppress and compare, with pandas then DuckDB.

Run ``python examples/analyst_aggregates.py OUT``: it makes two synthetic LA
returns, computes their aggregate returns, suppresses small counts and compares
one LA with the total. The guide for analysts shows this file, and the test suite
runs it.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(out: Path) -> int:
    # --8<-- [start:compute]
    from fgc_standard.aggregate import aggregate
    from fgc_standard.synth import generate_return

    ret = generate_return(500, seed=3, la_number="938")
    figures = aggregate(ret)  # a pandas frame: one row per measure and breakdown
    print(figures.head(10).to_string())
    # --8<-- [end:compute]

    # --8<-- [start:suppress]
    from fgc_standard.aggregate import suppress

    published = suppress(figures)
    # --8<-- [end:suppress]

    # --8<-- [start:compare]
    from fgc_standard.aggregate import benchmark, combine

    other = aggregate(generate_return(800, seed=4, la_number="202"))
    combined = combine([figures, other])
    print(benchmark(combined, la_number="938").head().to_string())
    # --8<-- [end:compare]

    # --8<-- [start:duckdb]
    import duckdb

    rel = duckdb.sql("select 1")
    # --8<-- [end:duckdb]
    out.mkdir(parents=True, exist_ok=True)
    published.to_csv(out / "aggregate.csv", index=False)
    return 0 if rel is not None else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "analyst-output")))
