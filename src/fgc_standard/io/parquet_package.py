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
from fgc_standard.errors import ReadError, first_line
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
        ReadError: The folder or its header is missing, a file is not Parquet, or a
            column holds values no return can hold (records, maps, bytes not UTF-8).
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
                raw = _readable_columns(path, pq.read_table(path))
            except (pa.ArrowException, OSError, ValueError) as error:
                # ValueError: also a column name that is not UTF-8, met once decoded
                raise ReadError(f"{path}: cannot read as Parquet: {first_line(error)}") from None
            source = TableSource(file=str(path), first_row=1)
            try:
                coerced = conform_typed_table(name, raw, source)
            except (pa.ArrowException, UnicodeDecodeError) as error:
                # a value Arrow cannot turn into text, such as bytes that are not UTF-8
                raise ReadError(f"{path}: cannot read the values: {first_line(error)}") from None
            yield name, coerced, source

    return assemble(parts())


def _is_any_list(kind: pa.DataType) -> bool:
    kinds = (pa.types.is_list, pa.types.is_large_list, pa.types.is_fixed_size_list)
    return any(is_kind(kind) for is_kind in kinds)


def _plain(kind: pa.DataType) -> bool:
    """Whether a column of this type can be read as text (or as lists of text)."""
    if _is_any_list(kind):
        return _plain(kind.value_type)
    return not pa.types.is_nested(kind)


def _readable_columns(path: Path, raw: pa.Table) -> pa.Table:
    """Refuse a column no return can hold (a record or a map), naming it.

    Large and fixed-size lists (Polars writes the former) become plain lists,
    the kind the rest of the reader knows.
    """
    for i, column in enumerate(raw.schema):
        if not _plain(column.type):
            raise ReadError(
                f"{path}: column {column.name!r} holds {column.type} values; a return's "
                "values are text, numbers, dates, yes/no or lists of these"
            )
        if _is_any_list(column.type) and not pa.types.is_list(column.type):
            as_list = raw.column(i).cast(pa.list_(column.type.value_type))
            raw = raw.set_column(i, column.name, as_list)
    return raw


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
