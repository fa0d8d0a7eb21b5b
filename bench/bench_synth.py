"""Benchmark the synthetic generator: rows per second and peak memory (not a test).

Usage::

    python bench/bench_synth.py [--referrals 1000000] [--seed 0] [--faults 0.01]

Runs each phase in a fresh process so that each peak memory is its own:

- ``write``: stream a CSV data package to a temporary folder with
  :func:`fgc_standard.synth.write_synthetic_return` (bounded memory);
- ``memory``: build the whole return in memory with
  :func:`fgc_standard.synth.generate_return` (memory grows with the return).

Prints one line per phase: rows written (all tables), seconds, rows per second,
peak resident memory (``ru_maxrss``), and the size on disk.
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
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _phase(name: str, referrals: int, seed: int, faults: float) -> dict[str, float]:
    from fgc_standard.synth import generate_return, write_synthetic_return

    started = time.perf_counter()
    if name == "write":
        with tempfile.TemporaryDirectory() as folder:
            written = write_synthetic_return(Path(folder) / "r", referrals, seed, faults=faults)
            seconds = time.perf_counter() - started
            rows = sum(written.rows.values())
            size = sum(p.stat().st_size for p in written.path.iterdir())
            fault_count = written.faults.num_rows
    else:
        ret = generate_return(referrals, seed)
        seconds = time.perf_counter() - started
        rows = sum(ret.num_rows.values())
        size = sum(t.nbytes for t in ret.tables.values())
        fault_count = 0
    return {
        "rows": rows,
        "seconds": seconds,
        "rows_per_second": rows / seconds,
        "peak_mb": _peak_mb(),
        "size_mb": size / 2**20,
        "faults": fault_count,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--faults", type=float, default=0.01)
    parser.add_argument("--phases", default="write,memory")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(_phase(args.phase, args.referrals, args.seed, args.faults)))
        return
    print(f"synthetic return of {args.referrals:,} referrals, seed {args.seed}")
    for phase in args.phases.split(","):
        command = [
            sys.executable,
            __file__,
            "--phase",
            phase,
            "--referrals",
            str(args.referrals),
            "--seed",
            str(args.seed),
            "--faults",
            str(args.faults if phase == "write" else 0),
        ]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        r = json.loads(done.stdout.strip().splitlines()[-1])
        what = "CSV package written" if phase == "write" else "in memory (Arrow)"
        print(
            f"  {phase:<7} {r['rows']:>12,.0f} rows in {r['seconds']:7.1f} s = "
            f"{r['rows_per_second']:>10,.0f} rows/s; peak memory {r['peak_mb']:,.0f} MB; "
            f"{what} {r['size_mb']:,.0f} MB; faults {r['faults']:,.0f}"
        )


if __name__ == "__main__":
    main()
