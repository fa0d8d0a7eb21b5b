"""Write a synthetic return to disk, chunk by chunk, with its fault manifest.

CSV and Parquet are streamed: each chunk of referrals is generated, faulted
if asked, and appended to the open table files, so memory stays bounded
whatever the size. The CSV output is byte for byte what
:func:`~fgc_standard.io.write_csv_package` writes for the same return. JSON
and XLSX are one file each, built in memory and written with
:func:`fgc_standard.io.write_return`; text-only faults (``wrong_type``,
``impossible_date``) are made in CSV only.

The output folder holds the return and ``faults.csv`` (``entity,key,field,kind``),
which is not a resource of the data package. A clean return (``faults=0``) has
an empty manifest (its header only).
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from fgc_standard.entities import RECORD_ENTITIES
from fgc_standard.errors import FGCError, WriteError
from fgc_standard.files import atomic_path, atomic_write_bytes, json_bytes
from fgc_standard.io.csv_package import table_to_text
from fgc_standard.report.kinds import CheckKind
from fgc_standard.returns import FGCReturn
from fgc_standard.schema.arrow import arrow_schema
from fgc_standard.schema.datapackage import datapackage_descriptor
from fgc_standard.synth.faults import (
    FAULT_KINDS,
    MANIFEST_SCHEMA,
    TEXT_ONLY_KINDS,
    apply_text_edits,
    inject_faults,
)
from fgc_standard.synth.generator import (
    CHUNK_REFERRALS,
    _check_arguments,
    header_table,
    iter_chunks,
)

__all__ = ["FORMATS", "MAX_FAULT_RATE", "SynthOutput", "fault_kinds_for", "write_synthetic_return"]

SynthFormat = Literal["csv", "parquet", "json", "xlsx"]
#: The formats a synthetic return can be written in.
FORMATS: tuple[str, ...] = ("csv", "parquet", "json", "xlsx")
#: At most this share of referrals can carry a fault (each fault needs a referral of its own).
MAX_FAULT_RATE = 0.5
MANIFEST_NAME = "faults.csv"
_RECORD_TABLES = tuple(m.table_name for m in RECORD_ENTITIES)
_CSV_OPTIONS = pacsv.WriteOptions(quoting_style="none", quoting_header="none")


@dataclass(frozen=True)
class SynthOutput:
    """What :func:`write_synthetic_return` wrote.

    Attributes:
        path: The written return: the data-package folder (CSV, Parquet) or the
            file inside the output folder (JSON, XLSX).
        faults: The fault manifest, one row per fault (``entity, key, field, kind``),
            also written as ``faults.csv`` in the output folder.
        rows: Table name -> rows written.
    """

    path: Path
    faults: pa.Table
    rows: dict[str, int]


def fault_kinds_for(format: str) -> tuple[CheckKind, ...]:
    """Return the fault kinds a format can carry.

    A typed format cannot hold a word in a number column or 30 February, so
    ``wrong_type`` and ``impossible_date`` faults are made only in CSV.
    """
    if format == "csv":
        return FAULT_KINDS
    return tuple(k for k in FAULT_KINDS if k not in TEXT_ONLY_KINDS)


def _fault_counts(referrals: int, rate: float, kinds: int) -> list[int]:
    """Faults per chunk: ``rate`` of the referrals, at least one of each kind when ``rate > 0``."""
    if referrals == 0:
        return []
    total = round(rate * referrals)
    if rate > 0:
        total = max(total, min(kinds, referrals))
    ends = [*range(CHUNK_REFERRALS, referrals, CHUNK_REFERRALS), referrals]
    cumulative = [total * end // referrals for end in ends]
    return [b - a for a, b in zip([0, *cumulative[:-1]], cumulative, strict=True)]


def _faulty_chunks(
    referrals: int, seed: int, rate: float, kinds: tuple[CheckKind, ...]
) -> Iterator[tuple[dict[str, pa.Table], pa.Table, list[Any]]]:
    counts = _fault_counts(referrals, rate, len(kinds))
    done = 0
    for chunk, tables in enumerate(iter_chunks(referrals, seed)):
        count = counts[chunk]
        if count == 0:
            yield tables, MANIFEST_SCHEMA.empty_table(), []
            continue
        rng = np.random.default_rng([seed, chunk, 1])
        faulted = inject_faults(tables, count, rng, kinds=kinds, offset=done)
        done += count
        yield faulted.tables, faulted.manifest, list(faulted.text_edits)


def _check(format: str, faults: float) -> None:
    if format not in FORMATS:
        raise FGCError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if not isinstance(faults, int | float) or not 0 <= faults <= MAX_FAULT_RATE:
        raise FGCError(
            f"faults is the share of referrals given a fault, from 0 to {MAX_FAULT_RATE}; "
            f"got {faults!r}"
        )


def write_synthetic_return(
    out: str | Path,
    referrals: int,
    seed: int = 0,
    *,
    format: str = "csv",
    faults: float = 0.0,
    la_number: str = "938",
) -> SynthOutput:
    """Generate a synthetic return and write it, with known faults if asked.

    Args:
        out: The output folder (created if needed). CSV and Parquet returns are
            written into it as a data package; JSON and XLSX as
            ``return.json`` / ``return.xlsx`` inside it. ``faults.csv`` goes in it.
        referrals: How many referrals (families).
        seed: The random seed; the same seed gives the same bytes (CSV, Parquet).
        format: ``csv`` (default), ``parquet``, ``json`` or ``xlsx``.
        faults: The share of referrals given one fault each, 0 to 0.5; when above
            0, every kind the format can carry gets at least one fault.
        la_number: The DfE LA number for the header.

    Returns:
        Where the return is, the fault manifest, and the rows written per table.

    Raises:
        FGCError: A bad argument, or a format whose writer is not available.
        WriteError: The output cannot be written.
    """
    _check_arguments(referrals, seed, la_number)
    _check(format, faults)
    if format not in ("csv", "parquet"):
        _io_writer(format)  # fail before anything is written
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise WriteError(f"{folder}: exists and is not a folder; synthetic returns go in a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WriteError(f"{folder}: cannot create the folder: {error}") from None
    kinds = fault_kinds_for(format)
    chunks = _faulty_chunks(referrals, seed, faults, kinds)
    if format == "csv":
        manifest, rows = _write_csv(folder, chunks, la_number)
        path = folder
    elif format == "parquet":
        manifest, rows = _write_parquet(folder, chunks, la_number)
        path = folder
    else:
        path = folder / f"return.{format}"
        manifest, rows = _write_with_io(path, chunks, la_number, format)
    with atomic_path(folder / MANIFEST_NAME) as tmp:
        pacsv.write_csv(manifest, tmp, write_options=_CSV_OPTIONS)
    return SynthOutput(path=path, faults=manifest, rows=rows)


_Chunks = Iterator[tuple[dict[str, pa.Table], pa.Table, list[Any]]]


def _write_csv(folder: Path, chunks: _Chunks, la_number: str) -> tuple[pa.Table, dict[str, int]]:
    rows = dict.fromkeys(("header", *_RECORD_TABLES), 0)
    manifests: list[pa.Table] = []
    with contextlib.ExitStack() as stack:
        header = table_to_text(header_table(la_number))
        with atomic_path(folder / "header.csv") as tmp:
            pacsv.write_csv(header, tmp, write_options=_CSV_OPTIONS)
        rows["header"] = 1
        writers: dict[str, pacsv.CSVWriter] = {}
        for name in _RECORD_TABLES:
            tmp = stack.enter_context(atomic_path(folder / f"{name}.csv"))
            text_schema = table_to_text(arrow_schema(name).empty_table()).schema
            writers[name] = stack.enter_context(
                pacsv.CSVWriter(tmp, text_schema, write_options=_CSV_OPTIONS)
            )
        for tables, manifest, edits in chunks:
            manifests.append(manifest)
            for name in _RECORD_TABLES:
                text = apply_text_edits(name, table_to_text(tables[name]), edits)
                writers[name].write_table(text)
                rows[name] += tables[name].num_rows
        for writer in writers.values():
            writer.close()
    atomic_write_bytes(folder / "datapackage.json", json_bytes(datapackage_descriptor("csv")))
    return _concat(manifests), rows


def _write_parquet(
    folder: Path, chunks: _Chunks, la_number: str
) -> tuple[pa.Table, dict[str, int]]:
    import pyarrow.parquet as pq

    rows = dict.fromkeys(("header", *_RECORD_TABLES), 0)
    manifests: list[pa.Table] = []
    with contextlib.ExitStack() as stack:
        # zstd, as fgc_standard.io.write_return writes Parquet packages
        with atomic_path(folder / "header.parquet") as tmp:
            pq.write_table(header_table(la_number), tmp, compression="zstd")
        rows["header"] = 1
        writers: dict[str, Any] = {}
        for name in _RECORD_TABLES:
            tmp = stack.enter_context(atomic_path(folder / f"{name}.parquet"))
            writers[name] = stack.enter_context(
                pq.ParquetWriter(tmp, arrow_schema(name), compression="zstd")
            )
        for tables, manifest, _ in chunks:
            manifests.append(manifest)
            for name in _RECORD_TABLES:
                writers[name].write_table(tables[name])
                rows[name] += tables[name].num_rows
        for writer in writers.values():
            writer.close()
    atomic_write_bytes(folder / "datapackage.json", json_bytes(datapackage_descriptor("parquet")))
    return _concat(manifests), rows


def _write_with_io(
    path: Path, chunks: _Chunks, la_number: str, format: str
) -> tuple[pa.Table, dict[str, int]]:
    """Write a whole-file format with the library's own writer (held in memory)."""
    write_return = _io_writer(format)
    parts: dict[str, list[pa.Table]] = {name: [] for name in _RECORD_TABLES}
    manifests: list[pa.Table] = []
    for tables, manifest, _ in chunks:
        manifests.append(manifest)
        for name in _RECORD_TABLES:
            parts[name].append(tables[name])
    built = {"header": header_table(la_number)}
    for name, pieces in parts.items():
        built[name] = pa.concat_tables(pieces) if pieces else arrow_schema(name).empty_table()
    data = FGCReturn(built)
    write_return(data, path, format=format, overwrite=True)
    return _concat(manifests), data.num_rows


def _io_writer(format: str) -> Any:
    """Return ``fgc_standard.io.write_return``, or say clearly that it is missing."""
    io = importlib.import_module("fgc_standard.io")
    write_return = getattr(io, "write_return", None)
    if write_return is None:
        raise FGCError(
            f"format {format!r} needs fgc_standard.io.write_return, which this version "
            "does not have yet; use csv or parquet"
        )
    return write_return


def _concat(manifests: list[pa.Table]) -> pa.Table:
    return pa.concat_tables(manifests) if manifests else MANIFEST_SCHEMA.empty_table()
