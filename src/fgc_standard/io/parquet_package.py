"""A return as a Parquet data package: a folder of ``<table>.parquet`` files.

Each file holds one table with the standard's Arrow schema (dates as dates,
lists as list columns), so a Parquet package reads back exactly. A file with
other column types is read through the same text coercion as CSV. For issues,
the "row" of a Parquet table is the 1-based position of the record.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from fgc_standard.entities import TABLES
from fgc_standard.errors import ReadError
from fgc_standard.files import atomic_path, atomic_write_bytes, json_bytes
from fgc_standard.io.coerce import CoercedTable
from fgc_standard.io.result import ReadResult, assemble
from fgc_standard.io.typed import conform_typed_table
from fgc_standard.returns import FGCReturn, TableSource
from fgc_standard.schema.datapackage import datapackage_descriptor

__all__ = ["read_parquet_package", "write_parquet_package"]


def read_parquet_package(folder: str | Path) -> ReadResult:
    """Read a return from a folder of Parquet tables.

    Args:
        folder: The folder; ``header.parquet`` is required, other tables are optional.

    Raises:
        ReadError: The folder or its header is missing, or a file is not Parquet.
        SchemaError: A table lacks a required column.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ReadError(f"{folder}: no such folder (a Parquet return is a folder of tables)")
    if not (folder / "header.parquet").is_file():
        raise ReadError(f"{folder}: header.parquet is missing; every return needs its header")

    def parts() -> Iterator[tuple[str, CoercedTable, TableSource]]:
        for name in TABLES:
            path = folder / f"{name}.parquet"
            if not path.is_file():
                continue
            try:
                raw = pq.read_table(path)
            except (pa.ArrowException, OSError) as error:
                raise ReadError(f"{path}: cannot read as Parquet: {error}") from None
            source = TableSource(file=str(path), first_row=1)
            yield name, conform_typed_table(name, raw, source), source

    return assemble(parts())


def write_parquet_package(data: FGCReturn, folder: str | Path) -> Path:
    """Write a return as a Parquet data package (every table, and ``datapackage.json``).

    Each file is written atomically.

    Args:
        data: The return.
        folder: The folder to write (created if needed).

    Returns:
        The folder.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in data.tables.items():
        with atomic_path(folder / f"{name}.parquet") as tmp:
            pq.write_table(table, tmp, compression="zstd")
    atomic_write_bytes(folder / "datapackage.json", json_bytes(datapackage_descriptor("parquet")))
    return folder
