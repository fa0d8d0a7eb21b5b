"""Benchmark reading and writing returns (not a test): CSV to Parquet, and the round trip.

Usage::

    python bench/bench_io.py [--rows 5000000]          # CSV -> Parquet
    python bench/bench_io.py --round-trip [--referrals 100000]

CSV -> Parquet: writes a referrals table of ``--rows`` rows (a synthetic
table of 100,000 referrals tiled, with its ids made unique), then converts it
to Parquet three ways, each in a fresh process so that each peak memory is its
own:

- ``fgc``: :func:`fgc_standard.io.large_csv.convert_csv_table_to_parquet`,
  streamed in batches, every value checked and typed with the standard schema;
- ``pyarrow-stream``: pyarrow's own streaming reader (``pyarrow.csv.open_csv``,
  types inferred) and ``ParquetWriter``;
- ``pyarrow-whole``: ``pyarrow.csv.read_csv`` then ``pyarrow.parquet.write_table``.

Prints rows per second, seconds and peak resident memory (``ru_maxrss``) of
each, and the ratios of ``fgc`` to each peer.

Round trip: generates a synthetic return of ``--referrals`` referrals and
takes it CSV -> Parquet -> JSON -> XLSX -> CSV, printing the seconds of each
write and read and whether each read equals the original.
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


def _peak_mb() -> float:
    # VmHWM, the process's own high-water mark: unlike ru_maxrss it starts afresh at exec
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _make_csv(path: Path, rows: int) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    from fgc_standard.io.csv_package import table_to_text
    from fgc_standard.synth import generate_return

    base = table_to_text(generate_return(100_000, seed=0).tables["referrals"])
    done = 0
    with pacsv.CSVWriter(path, base.schema) as writer:
        copy = 0
        while done < rows:
            part = base.slice(0, min(base.num_rows, rows - done))
            suffix = f"-{copy}"
            ids = pc.binary_join_element_wise(part.column("referral_id"), suffix, "")
            families = pc.binary_join_element_wise(part.column("family_id"), suffix, "")
            part = part.set_column(0, "referral_id", ids).set_column(1, "family_id", families)
            writer.write_table(pa.Table.from_batches(part.to_batches(), part.schema))
            done += part.num_rows
            copy += 1


def _convert(method: str, source: Path, target: Path) -> dict[str, float]:
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    started = time.perf_counter()
    if method == "fgc":
        from fgc_standard.io.large_csv import convert_csv_table_to_parquet

        result = convert_csv_table_to_parquet(source, target, "referrals")
        rows = result.rows["referrals"]
    elif method == "pyarrow-stream":
        reader = pacsv.open_csv(source, read_options=pacsv.ReadOptions(block_size=4 << 20))
        rows = 0
        with pq.ParquetWriter(target, reader.schema, compression="zstd") as writer:
            for batch in reader:
                writer.write_batch(batch)
                rows += batch.num_rows
    else:
        table = pacsv.read_csv(source)
        pq.write_table(table, target, compression="zstd")
        rows = table.num_rows
    seconds = time.perf_counter() - started
    return {
        "rows": rows,
        "seconds": seconds,
        "rows_per_second": rows / seconds,
        "peak_mb": _peak_mb(),
        "parquet_mb": target.stat().st_size / 2**20,
    }


def _round_trip(referrals: int) -> None:
    from fgc_standard.io import read_return, write_return
    from fgc_standard.synth import generate_return

    original = generate_return(referrals, seed=3)
    print(f"round trip of {referrals:,} referrals ({sum(original.num_rows.values()):,} rows)")
    current = original
    with tempfile.TemporaryDirectory() as folder:
        for name, fmt in [
            ("csv0", "csv"),
            ("pq", "parquet"),
            ("r.json", "json"),
            ("r.xlsx", "xlsx"),
            ("csv", "csv"),
        ]:
            started = time.perf_counter()
            write_return(current, Path(folder) / name, format=fmt)
            written = time.perf_counter() - started
            result = read_return(Path(folder) / name)
            read = time.perf_counter() - started - written
            same = result.data.equals(original) and not result.issues
            print(
                f"  {fmt:<8} write {written:7.1f} s  read {read:7.1f} s  equal: {same}", flush=True
            )
            current = result.data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--round-trip", action="store_true")
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.round_trip:
        _round_trip(args.referrals)
        return
    if args.phase:
        with tempfile.TemporaryDirectory() as folder:
            figures = _convert(args.phase, Path(args.source), Path(folder) / "out.parquet")
        print(json.dumps(figures))
        return
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "referrals.csv"
        _make_csv(source, args.rows)
        size = source.stat().st_size / 2**20
        print(f"{args.rows:,} referrals, {size:,.0f} MB of CSV")
        results = {}
        for method in ("fgc", "pyarrow-stream", "pyarrow-whole"):
            done = subprocess.run(
                [sys.executable, __file__, "--phase", method, "--source", str(source)],
                capture_output=True,
                text=True,
                check=True,
            )
            results[method] = json.loads(done.stdout)
            r = results[method]
            print(
                f"  {method:<15} {r['seconds']:7.1f} s  {r['rows_per_second']:>12,.0f} rows/s"
                f"  peak {r['peak_mb']:7,.0f} MB  parquet {r['parquet_mb']:,.0f} MB",
                flush=True,
            )
        ours = results["fgc"]
        for peer in ("pyarrow-stream", "pyarrow-whole"):
            other = results[peer]
            print(
                f"  fgc / {peer}: time x{ours['seconds'] / other['seconds']:.2f}, "
                f"peak memory x{ours['peak_mb'] / other['peak_mb']:.2f}"
            )


if __name__ == "__main__":
    main()
