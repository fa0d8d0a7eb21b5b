"""A return as a CSV data package: a folder of ``<table>.csv`` files and ``datapackage.json``.

How each file's bytes are read (encodings, line ends, the line of each record)
is :mod:`fgc_standard.io.csv_text`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from fgc_standard.entities import TABLES
from fgc_standard.errors import FGCError, ReadError
from fgc_standard.files import atomic_path, atomic_write_bytes, json_bytes
from fgc_standard.io.coerce import CoercedTable, coerce_table, parsed_by_reader
from fgc_standard.io.csv_text import (
    cannot_read,
    layout_to_retry,
    read_csv_columns,
    scan_record_lines,
    sniff_csv,
)
from fgc_standard.io.result import ReadResult, assemble
from fgc_standard.returns import FGCReturn, TableSource
from fgc_standard.schema.datapackage import LIST_DELIMITER, datapackage_descriptor

__all__ = ["read_csv_package", "table_to_text", "write_csv_package"]


def read_csv_table(path: Path, table: str | None = None) -> tuple[pa.Table, TableSource]:
    """Read one CSV file's columns, with where its rows came from.

    Every column is text, except, when the standard ``table`` is given, the
    columns its reader parses itself (see
    :func:`~fgc_standard.io.coerce.parsed_by_reader`).
    """
    layout = sniff_csv(path)
    typed = parsed_by_reader(table, layout.names) if table else None
    while True:
        try:
            raw, one_a_line = read_csv_columns(path, layout, typed)
            break
        except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as error:
            retry = layout_to_retry(path, layout, error)
            if retry is None:
                raise cannot_read(path, error) from None
            layout = retry
    source = TableSource(file=str(path), first_row=2)
    lines = None if one_a_line else scan_record_lines(path, layout, raw.num_rows)
    if lines is not None:
        header, rows = lines
        source = TableSource(file=str(path), first_row=header + 1, row_numbers=rows)
    return raw, source


def read_csv_package(folder: str | Path) -> ReadResult:
    """Read a return from a folder of CSV tables.

    Every table file is optional except ``header.csv``; a missing table is an
    empty table. Values that cannot be read are reported as issues and kept as
    nulls, so every row read is in the result.

    Args:
        folder: The data-package folder.

    Raises:
        ReadError: The folder or its header is missing, or a file is not CSV.
        SchemaError: A table lacks a required column.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ReadError(f"{folder}: no such folder (a CSV return is a folder of tables)")
    if not (folder / "header.csv").is_file():
        raise ReadError(f"{folder}: header.csv is missing; every return needs its header table")

    def parts() -> Iterator[tuple[str, CoercedTable, TableSource]]:
        # each table is coerced while Arrow parses the next one: neither alone keeps
        # both cores busy
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending: list[tuple[str, Future[CoercedTable], TableSource]] = []
            for name in TABLES:
                path = folder / f"{name}.csv"
                if path.is_file():
                    try:
                        raw, source = read_csv_table(path, name)
                    except FGCError:
                        for _, coerced, _ in pending:
                            coerced.result()  # an earlier table's problem is reported first
                        raise
                    pending.append((name, pool.submit(coerce_table, name, raw, source), source))
            for name, coerced, source in pending:
                yield name, coerced.result(), source

    return assemble(parts())


def table_to_text(table: pa.Table) -> pa.Table:
    """Render a typed table as canonical text columns (ISO dates, ``true``/``false``, ``a;b``)."""
    columns = []
    for column in table.columns:
        columns.append(_text_column(column.combine_chunks()))
    return pa.Table.from_arrays(columns, names=table.column_names)


def _text_column(values: pa.Array) -> pa.Array:
    kind = values.type
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        # a null item is no item, as an empty one is in a CSV cell ("a;;b" reads as a;b):
        # Arrow's join would make the whole list null
        items = pc.fill_null(_text_column(pc.list_flatten(values)), "")
        lengths = pc.fill_null(pc.list_value_length(values), 0).to_numpy()
        offsets = pa.array(np.concatenate(([0], np.cumsum(lengths))), pa.int32())
        rebuilt = pa.ListArray.from_arrays(offsets, items, mask=values.is_null())
        return pc.binary_join(rebuilt, LIST_DELIMITER)
    if pa.types.is_date(kind):
        return pc.strftime(values, format="%Y-%m-%d")
    if pa.types.is_timestamp(kind):
        return _timestamp_text(values)
    if pa.types.is_boolean(kind):
        return pc.if_else(values, "true", "false")
    return values.cast(pa.string())


def _timestamp_text(values: pa.Array) -> pa.Array:
    """UTC with a Z, and a fraction of a second only if there is one, to its last digit.

    ``2026-07-15T09:00:00Z`` (as whole seconds were always written), or
    ``2026-07-15T09:00:00.123Z``: no value is rounded. A time without a zone is
    taken as UTC.
    """
    utc = values.cast(pa.timestamp(values.type.unit, tz="UTC"))
    # %S writes the seconds with every digit of the unit: 00.123000 for microseconds
    text = pc.strftime(utc, format="%Y-%m-%dT%H:%M:%S")
    if values.type.unit != "s":
        text = pc.replace_substring_regex(text, r"(\.\d*?)0+$", r"\1")
        text = pc.replace_substring_regex(text, r"\.$", "")
    return pc.binary_join_element_wise(text, "Z", "")


def write_text_csv(text: pa.Table, path: str | Path) -> None:
    """Write text columns as CSV, quoting only the cells that need it.

    Arrow's ``"needed"`` style quotes every string; a file that quotes only
    where CSV requires it is what people and spreadsheets expect, and it is
    byte-identical to a hand-written canonical file.
    """
    needs_quotes = any(
        pc.any(pc.match_substring_regex(column, r'[,"\r\n]')).as_py() for column in text.columns
    )
    style = "needed" if needs_quotes else "none"
    options = pacsv.WriteOptions(quoting_style=style, quoting_header="none")
    pacsv.write_csv(text, path, write_options=options)


def write_csv_package(data: FGCReturn, folder: str | Path) -> Path:
    """Write a return as a CSV data package (every table, and ``datapackage.json``).

    Each file is written atomically. Existing table files in the folder are
    replaced.

    Args:
        data: The return.
        folder: The folder to write (created if needed).

    Returns:
        The folder.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in data.tables.items():
        with atomic_path(folder / f"{name}.csv") as tmp:
            write_text_csv(table_to_text(table), tmp)
    atomic_write_bytes(folder / "datapackage.json", json_bytes(datapackage_descriptor("csv")))
    return folder


def load_descriptor(folder: Path) -> dict[str, object] | None:
    """Return the folder's ``datapackage.json`` if it has one."""
    path = folder / "datapackage.json"
    if not path.is_file():
        return None
    try:
        loaded: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ReadError(f"{path}: not valid JSON: {error}") from None
    return loaded
