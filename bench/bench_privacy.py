"""Benchmark the privacy and census steps against naive row-by-row peers.

Usage::

    python bench/bench_privacy.py --referrals 100000

On one synthetic return (seed 0), each step is timed next to a peer doing the
same work one Python value at a time, and the ratio is printed:

- **pseudonymise**: :func:`fgc_standard.privacy.pseudonymise` (hash each distinct
  id once, map columns in Arrow) against ``hmac.new`` on every cell;
- **free-text query**: :func:`fgc_standard.privacy.looks_like` over every
  identifier and text column against Python's ``re`` on every cell;
- **census XML**: :func:`fgc_standard.cin.write_census_xml` then
  :func:`fgc_standard.cin.read_census_xml` (no peer; rows per second).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import re
import tempfile
import time
from pathlib import Path

from fgc_standard.cin import read_census_xml, write_census_xml
from fgc_standard.privacy import identifier_fields, looks_like, pseudonymise, text_fields
from fgc_standard.privacy.free_text import DETECTORS
from fgc_standard.returns import FGCReturn
from fgc_standard.synth import generate_return

KEY = bytes(range(32))


def naive_pseudonymise(ret: FGCReturn) -> int:
    """Hash every identifier cell in Python; return the number of cells."""
    cells = 0
    for f in identifier_fields():
        for value in ret.table(f.table).column(f.field).to_pylist():
            for item in value if f.is_list else [value]:
                if item is not None:
                    mac = hmac.new(KEY, f"{f.namespace}\x00{item}".encode(), hashlib.sha256)
                    base64.b32encode(mac.digest()[:10])
                    cells += 1
    return cells


def naive_free_text(ret: FGCReturn) -> int:
    """Search every text cell with Python's ``re``; return the number of hits."""
    patterns = [re.compile(d.pattern.replace("(?i)", ""), re.I) for d in DETECTORS]
    hits = 0
    for f in text_fields():
        for value in ret.table(f.table).column(f.field).to_pylist():
            for item in value if f.is_list else [value]:
                if item is not None and any(p.search(item) for p in patterns):
                    hits += 1
    return hits


def vectorised_free_text(ret: FGCReturn) -> int:
    """Classify every text column with :func:`looks_like`; return the number of hits."""
    hits = 0
    for f in text_fields():
        column = ret.table(f.table).column(f.field).combine_chunks()
        values = column.flatten() if f.is_list else column
        hits += len(values) - looks_like(values).null_count
    return hits


def _timed(label: str, func: object, *args: object) -> float:
    start = time.perf_counter()
    func(*args)  # type: ignore[operator]
    seconds = time.perf_counter() - start
    print(f"{label:<40} {seconds:8.2f} s")
    return seconds


def main() -> None:
    """Run the benchmark and print seconds and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=100_000)
    args = parser.parse_args()
    ret = generate_return(args.referrals, seed=0)
    rows = sum(n for t, n in ret.num_rows.items() if t != "header")
    print(f"{args.referrals:,} referrals, {rows:,} rows")
    ours = _timed("pseudonymise (vectorised)", pseudonymise, ret, KEY)
    peer = _timed("pseudonymise (hmac per cell)", naive_pseudonymise, ret)
    print(f"{'  ratio peer / ours':<40} {peer / ours:8.1f} x")
    ours = _timed("free-text query (looks_like)", vectorised_free_text, ret)
    peer = _timed("free-text query (re per cell)", naive_free_text, ret)
    print(f"{'  ratio peer / ours':<40} {peer / ours:8.1f} x")
    with tempfile.TemporaryDirectory() as folder:
        xml = Path(folder) / "cin.xml"
        start = time.perf_counter()
        blocks = write_census_xml(ret, xml)
        back = read_census_xml(xml)
        seconds = time.perf_counter() - start
        assert back.num_rows == blocks
        print(f"{'census XML export + import':<40} {seconds:8.2f} s ({blocks:,} blocks)")


if __name__ == "__main__":
    main()
