"""An analyst's aggregates: compute, suppress and compare, with pandas, then DuckDB.

Run ``python examples/analyst_aggregates.py OUT``. It makes synthetic returns for
a few LAs of one region (entirely fictional data), computes each LA's aggregate
return, combines them into regional and England tables, suppresses small counts
for publication and benchmarks one LA. The guide for analysts shows this file,
and the test suite runs it.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)

    # --8<-- [start:compute]
    from fgc_standard.aggregate import aggregate_return
    from fgc_standard.synth import generate_return

    ret = generate_return(400, seed=3, la_number="938")  # one LA's record-level return
    figures = aggregate_return(ret, engine="pandas")  # an Arrow table, computed with pandas
    table = figures.to_pandas()
    totals = table[table["breakdown"] == "total"]
    print(totals[["measure", "value"]].to_string(index=False, float_format="{:g}".format))
    # --8<-- [end:compute]

    # --8<-- [start:suppress]
    from fgc_standard.aggregate import combine_returns, publish

    areas = combine_returns([figures])  # the LA, its region and England
    published = publish(areas, threshold=6).to_pandas()  # counts 1 to 5 become "c"
    hidden = (published["value"] == "c").sum()
    print(f"{hidden} of {len(published)} published cells suppressed")
    published.to_csv(out / "published.csv", index=False)
    # --8<-- [end:suppress]

    # --8<-- [start:compare]
    from fgc_standard.aggregate import benchmark

    sizes = {"938": 400, "825": 250, "826": 600, "845": 150}  # four LAs of the South East
    returns = [
        aggregate_return(generate_return(n, seed=i, la_number=la))
        for i, (la, n) in enumerate(sizes.items(), start=3)
    ]
    areas = combine_returns(returns)
    comparison = benchmark(areas, "938").to_pandas()
    columns = ["indicator", "la_value", "region_value", "england_value", "rank", "ranked_las"]
    print(comparison[columns].round(3).to_string(index=False))
    comparison.to_csv(out / "benchmark.csv", index=False)
    # --8<-- [end:compare]

    # --8<-- [start:duckdb]
    on_duckdb = aggregate_return(ret, engine="duckdb")  # the same functions, run by DuckDB
    assert on_duckdb.equals(figures), "every engine gives the same figures"
    print(f"DuckDB and pandas agree on all {figures.num_rows} figures")
    # --8<-- [end:duckdb]
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "analyst-output")))
