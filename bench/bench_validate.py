"""Benchmark validation against its peers on the same files (not a test).

Usage::

    python bench/bench_validate.py [--referrals 1000000] [--seed 0] [--sample 10000]
                                   [--data FOLDER] [--engines pyarrow,duckdb] [--repeat 3]

Writes a synthetic CSV return with 1% of referrals faulted (or uses
``--data``), then runs each phase in a fresh process, so that each peak memory
(``ru_maxrss``) is its own:

- ``pyarrow``: read every table with ``pyarrow.csv.read_csv`` (the floor);
- ``fgc:<engine>``: :func:`fgc_standard.validate.validate` (read, coerce, run
  every rule), split into reading and rules;
- ``pydantic``: the library's models, record by record (``model_validate`` of
  each CSV row, lists split on ``;``);
- ``jsonschema``: the exported JSON Schemas, record by record (typed records
  as JSON, ``Draft202012Validator`` with format checks);
- ``frictionless``: ``frictionless validate`` of the exported
  ``datapackage.json`` over the CSV files.

The three slow peers run on the first ``--sample`` rows of every table and are
extrapolated per row to the full return (the output says so). Each line gives
rows per second, seconds for the full return, peak memory, and the ratio of the
peer's time to ``fgc``'s.

The bare read and ``fgc`` take a second or a few, and on a shared machine the
same run can take twice as long from one minute to the next: they run
``--repeat`` times each, alternating, and each is scored by its best time (as
``timeit`` advises: the others measure the neighbours). Every phase runs with
the allocator the ``fgc`` command uses
(:func:`fgc_standard.memory.use_batch_memory_pool`), the bare read included.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schema" / "1.0.0"
TABLES = (
    "header",
    "children",
    "referrals",
    "offers",
    "acceptances",
    "conferences",
    "plans",
    "outcomes",
)


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rows(folder: Path) -> int:
    import pyarrow.csv as pacsv

    total = 0
    for name in TABLES:
        path = folder / f"{name}.csv"
        if path.is_file():
            opts = pacsv.ConvertOptions(include_columns=[])
            total += pacsv.read_csv(path, convert_options=opts).num_rows
    return total


def _sample(folder: Path, rows: int, out: Path) -> int:
    """Copy the first ``rows`` data rows of each table, with the exported descriptor."""
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name in TABLES:
        source = folder / f"{name}.csv"
        if not source.is_file():
            continue
        with (
            open(source, encoding="utf-8") as src,
            open(out / source.name, "w", encoding="utf-8") as dst,
        ):
            for i, line in enumerate(src):
                if i > rows:
                    break
                dst.write(line)
                total += i > 0
    shutil.copy(SCHEMA / "datapackage.json", out / "datapackage.json")
    return total


# -- phases (each runs in its own process) ------------------------------------------------


def _phase_pyarrow(folder: Path) -> dict[str, float]:
    import pyarrow.csv as pacsv

    started = time.perf_counter()
    rows = sum(pacsv.read_csv(folder / f"{n}.csv").num_rows for n in TABLES)
    return {"rows": rows, "seconds": time.perf_counter() - started}


def _phase_fgc(folder: Path, engine: str) -> dict[str, float]:
    from fgc_standard.io import read_csv_package
    from fgc_standard.validate import validate

    started = time.perf_counter()
    result = read_csv_package(folder)
    read = time.perf_counter() - started
    report = validate(result.data, engine=engine)
    seconds = time.perf_counter() - started
    rows = sum(result.data.num_rows.values())
    issues = report.errors + report.queries + len(result.issues)
    return {"rows": rows, "seconds": seconds, "read_seconds": read, "issues": issues}


def _csv_records(folder: Path, table: str) -> list[dict[str, Any]]:
    from fgc_standard.entities import spec_for_table

    lists = {f.name for f in spec_for_table(table).fields if f.is_list}
    records = []
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            record: dict[str, Any] = {}
            for key, value in row.items():
                if value == "":
                    continue
                record[key] = value.split(";") if key in lists else value
            records.append(record)
    return records


def _phase_pydantic(folder: Path) -> dict[str, float]:
    from pydantic import ValidationError

    from fgc_standard.entities import TABLES as MODELS

    data = {t: _csv_records(folder, t) for t in TABLES}
    started = time.perf_counter()
    rows = invalid = 0
    for table, records in data.items():
        model = MODELS[table]
        for record in records:
            rows += 1
            try:
                model.model_validate(record, strict=False)
            except ValidationError:
                invalid += 1
    return {"rows": rows, "seconds": time.perf_counter() - started, "issues": invalid}


_SCHEMA_FILES = {
    "header": "return_header",
    "children": "child",
    "referrals": "referral",
    "offers": "offer",
    "acceptances": "acceptance",
    "conferences": "conference",
    "plans": "plan",
    "outcomes": "outcome",
}


def _json_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat().replace("+00:00", "Z")
    return value


def _phase_jsonschema(folder: Path) -> dict[str, float]:
    from jsonschema import Draft202012Validator, FormatChecker

    from fgc_standard.io import read_csv_package

    data = read_csv_package(folder).data
    checker = FormatChecker()
    started = time.perf_counter()
    rows = invalid = 0
    for table in TABLES:
        schema = json.loads((SCHEMA / f"{_SCHEMA_FILES[table]}.schema.json").read_text())
        validator = Draft202012Validator(schema, format_checker=checker)
        for record in data.tables[table].to_pylist():
            rows += 1
            document = {k: _json_value(v) for k, v in record.items() if v is not None}
            if next(validator.iter_errors(document), None) is not None:
                invalid += 1
    return {"rows": rows, "seconds": time.perf_counter() - started, "issues": invalid}


def _phase_frictionless(folder: Path) -> dict[str, float]:
    import frictionless

    started = time.perf_counter()
    report = frictionless.validate(str(folder / "datapackage.json"), limit_errors=10**9)
    seconds = time.perf_counter() - started
    rows = sum(task.stats.get("rows", 0) or 0 for task in report.tasks)
    return {"rows": rows, "seconds": seconds, "issues": report.stats.get("errors", 0)}


def _run_phase(name: str, folder: Path) -> dict[str, float]:
    from fgc_standard.memory import use_batch_memory_pool

    use_batch_memory_pool()
    if name == "rows":
        result = {"rows": float(_rows(folder))}
    elif name == "pyarrow":
        result = _phase_pyarrow(folder)
    elif name.startswith("fgc:"):
        result = _phase_fgc(folder, name.split(":", 1)[1])
    elif name == "pydantic":
        result = _phase_pydantic(folder)
    elif name == "jsonschema":
        result = _phase_jsonschema(folder)
    elif name == "frictionless":
        result = _phase_frictionless(folder)
    else:
        raise SystemExit(f"unknown phase {name}")
    result["peak_mb"] = _peak_mb()
    return result


def _in_process(name: str, folder: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--phase", name, "--data", str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Run the benchmark and print one line per phase."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--referrals", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample", type=int, default=10_000, help="rows per table for slow peers")
    parser.add_argument("--data", help="validate this CSV return instead of writing one")
    parser.add_argument("--engines", default="pyarrow", help="comma-separated fgc engines")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of the bare read and of fgc, alternating"
    )
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(_run_phase(args.phase, Path(args.data))))
        return

    with tempfile.TemporaryDirectory() as tmp:
        if args.data:
            folder = Path(args.data)
        else:
            from fgc_standard.synth import write_synthetic_return

            folder = Path(tmp) / "return"
            print(f"writing a synthetic return of {args.referrals:,} referrals ...", flush=True)
            write_synthetic_return(folder, args.referrals, args.seed, faults=0.01)
        # counted in a process of its own: a child process starts with its parent's peak
        # memory (ru_maxrss), so the parent must not read the files itself
        total_rows = int(_in_process("rows", folder)["rows"])
        sample = Path(tmp) / "sample"
        sample_rows = _sample(folder, args.sample, sample)
        print(
            f"return: {folder} ({total_rows:,} rows in all tables); slow peers on a sample of "
            f"{sample_rows:,} rows ({args.sample:,} per table), extrapolated per row",
            flush=True,
        )
        results: dict[str, dict[str, float]] = {}
        runs: dict[str, list[dict[str, float]]] = {}
        fast = ["pyarrow", *(f"fgc:{e}" for e in args.engines.split(","))]
        for _ in range(max(1, args.repeat)):
            for name in fast:
                runs.setdefault(name, []).append(_in_process(name, folder))
        for name in fast:
            results[name] = _best(runs[name])
            _line(name, results[name], total_rows, None, flush=True)
            times = ", ".join(f"{r['seconds']:.2f}" for r in runs[name])
            print(f"{'':14} runs: {times} s (best kept)", flush=True)
        base = results[f"fgc:{args.engines.split(',')[0]}"]
        for name in ("pydantic", "jsonschema", "frictionless"):
            results[name] = _in_process(name, sample)
            _line(name, results[name], total_rows, base, flush=True)
        floor = results["pyarrow"]
        pairs = ", ".join(
            f"{f['seconds'] / b['seconds']:.1f}x"
            for f, b in zip(runs[fast[1]], runs["pyarrow"], strict=True)
        )
        print(
            f"fgc vs bare pyarrow read: {base['seconds'] / floor['seconds']:.1f}x the time, best "
            f"against best (reading and coercing {base['read_seconds']:.1f} s, rules "
            f"{base['seconds'] - base['read_seconds']:.1f} s); run by run: {pairs}"
        )


def _best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The fastest run, with the highest peak memory of all runs."""
    best = dict(min(runs, key=lambda r: r["seconds"]))
    best["peak_mb"] = max(r["peak_mb"] for r in runs)
    return best


def _line(
    name: str,
    result: dict[str, float],
    total_rows: int,
    base: dict[str, float] | None,
    flush: bool = False,
) -> None:
    per_row = result["seconds"] / max(result["rows"], 1)
    full = per_row * total_rows
    extrapolated = " (extrapolated)" if result["rows"] < total_rows else ""
    ratio = f", {full / base['seconds']:.1f}x fgc's time" if base else ""
    print(
        f"{name:14} {result['rows']:>12,.0f} rows  {1 / per_row:>12,.0f} rows/s  "
        f"{full:>8.1f} s for the return{extrapolated}  peak {result['peak_mb']:>7,.0f} MB{ratio}",
        flush=flush,
    )


if __name__ == "__main__":
    main()
