"""Write aggregate tables as CSV, Parquet and JSON: the files ``fgc aggregate`` produces."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from fgc_standard.aggregate.measures import MEASURES
from fgc_standard.errors import WriteError
from fgc_standard.files import atomic_write_bytes, json_bytes

__all__ = ["FORMATS", "write_measures", "write_table"]

#: The formats every table is written in.
FORMATS: tuple[str, ...] = ("csv", "parquet", "json")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _csv_bytes(columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = list(columns)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_text(row[c]) for c in names])
    return buffer.getvalue().encode("utf-8")


def _json_ready(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def write_table(table: pa.Table, folder: str | Path, stem: str) -> list[Path]:
    """Write one table as ``stem.csv``, ``stem.parquet`` and ``stem.json`` in a folder.

    CSV writes whole numbers without a decimal point; JSON is an array of
    objects with ISO dates. Returns the paths written.

    Raises:
        WriteError: The folder cannot be created or written.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        rows = table.to_pylist()
        written = []
        path = folder / f"{stem}.csv"
        atomic_write_bytes(path, _csv_bytes(table.column_names, rows))
        written.append(path)
        path = folder / f"{stem}.parquet"
        pq.write_table(table, path)
        written.append(path)
        path = folder / f"{stem}.json"
        atomic_write_bytes(
            path, json_bytes([{k: _json_ready(v) for k, v in r.items()} for r in rows])
        )
        written.append(path)
    except OSError as error:
        raise WriteError(f"cannot write {stem} into {folder}: {error}") from None
    return written


def write_measures(folder: str | Path) -> Path:
    """Write ``measures.csv``: every measure with its written definition."""
    path = Path(folder) / "measures.csv"
    rows = [m.to_dict() for m in MEASURES]
    atomic_write_bytes(path, _csv_bytes(rows[0], rows))
    return path
