"""Aggregate a synthetic return of many referrals on each engine; print times and ratios.

Not a test: run it by hand, for example::

    python bench/bench_aggregate.py --referrals 1000000
    python bench/bench_aggregate.py --referrals 100000 --engines pyarrow polars

Each engine runs in a fresh process (so that one engine's memory does not
weigh on the next) that generates the same return (seed 0), hands its tables
to the engine (``frames_for_engine``), and computes the aggregate with the same
narwhals functions (``aggregate_frames``). The parent checks that every engine
gave the same figures and prints seconds, ratios to the fastest engine and
peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENGINES = ("pyarrow", "pandas", "polars", "duckdb", "pyspark")


def _child(engine: str, referrals: int, out: str) -> None:
    import pyarrow.parquet as pq

    from fgc_standard.aggregate import aggregate_frames, frames_for_engine
    from fgc_standard.synth import generate_return

    started = time.perf_counter()
    ret = generate_return(referrals, seed=0)
    generated = time.perf_counter()
    spark = None
    if engine == "pyspark":
        from pyspark.sql import SparkSession

        spark = (
            SparkSession.builder.master("local[2]")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "8g")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
    ready = time.perf_counter()
    frames = frames_for_engine(ret, engine, spark)  # type: ignore[arg-type]
    handed = time.perf_counter()
    header = ret.header
    table = aggregate_frames(
        frames,
        la_number=header.la_number,
        period_start=header.period_start,
        period_end=header.period_end,
    )
    done = time.perf_counter()
    pq.write_table(table, out)
    rows = sum(ret.num_rows.values())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "engine": engine,
                "rows": rows,
                "generate_s": generated - started,
                "handover_s": handed - ready,
                "aggregate_s": done - handed,
                "peak_mb": peak_mb,
            }
        )
    )
    if spark is not None:
        spark.stop()


def main() -> int:
    """Run the benchmark and print a table of results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=1_000_000)
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.referrals, args.out)
        return 0

    import pyarrow.parquet as pq

    results = []
    tables = {}
    with tempfile.TemporaryDirectory() as tmp:
        for engine in args.engines:
            out = str(Path(tmp) / f"{engine}.parquet")
            command = [sys.executable, __file__, "--child", engine, "--out", out]
            command += ["--referrals", str(args.referrals)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
            if done.returncode != 0 or not lines:
                print(f"{engine}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            results.append(json.loads(lines[-1]))
            tables[engine] = pq.read_table(out)
            print(f"{engine}: done", file=sys.stderr)
    if not results:
        return 1
    first = next(iter(tables.values()))
    same = {engine: table.equals(first) for engine, table in tables.items()}
    fastest = min(r["aggregate_s"] for r in results)
    print(f"\n{args.referrals:,} referrals, {results[0]['rows']:,} rows in all tables\n")
    print(
        "| engine | hand over (s) | aggregate (s) | ratio to fastest | peak memory | same figures |"
    )
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        print(
            f"| {r['engine']} | {r['handover_s']:.1f} | {r['aggregate_s']:.1f} | "
            f"{r['aggregate_s'] / fastest:.1f} | {r['peak_mb']:,.0f} MB | "
            f"{'yes' if same[r['engine']] else 'NO'} |"
        )
    return 0 if all(same.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
