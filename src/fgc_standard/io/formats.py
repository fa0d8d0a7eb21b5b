"""Which format a path holds, and reading or writing a return in any of them.

=========  ==================================================  ================
format     on disk                                             recognised by
=========  ==================================================  ================
csv        a folder of ``<table>.csv`` files (data package)    a folder of .csv
parquet    a folder of ``<table>.parquet`` files               a folder of .parquet
json       one JSON document (the whole-return schema)         ``.json``
xlsx       one workbook, a sheet per table (or the template)   ``.xlsx``
=========  ==================================================  ================
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal, get_args

from fgc_standard.errors import ReadError, WriteError
from fgc_standard.files import check_parent_folders
from fgc_standard.io.csv_package import read_csv_package, write_csv_package
from fgc_standard.io.json_document import read_json_document, write_json_document
from fgc_standard.io.parquet_package import read_parquet_package, write_parquet_package
from fgc_standard.io.result import ReadResult
from fgc_standard.io.xlsx_workbook import read_xlsx_workbook, write_xlsx_workbook
from fgc_standard.returns import FGCReturn

__all__ = ["FORMATS", "Format", "detect_format", "read_return", "target_format", "write_return"]

Format = Literal["csv", "parquet", "json", "xlsx"]
#: The formats a return can be read from and written to.
FORMATS: tuple[Format, ...] = get_args(Format)
#: File suffix -> format, for single-file formats.
_FILE_SUFFIXES: dict[str, Format] = {".json": "json", ".xlsx": "xlsx", ".xlsm": "xlsx"}
_FOLDER_FORMATS: tuple[Format, ...] = ("csv", "parquet")

_READERS: dict[Format, Callable[[Path], ReadResult]] = {
    "csv": read_csv_package,
    "parquet": read_parquet_package,
    "json": read_json_document,
    "xlsx": read_xlsx_workbook,
}
_WRITERS: dict[Format, Callable[[FGCReturn, Path], Path]] = {
    "csv": write_csv_package,
    "parquet": write_parquet_package,
    "json": write_json_document,
    "xlsx": write_xlsx_workbook,
}


def _check_format(format: str) -> Format:
    if format not in FORMATS:
        raise ReadError(f"unknown format {format!r}; the formats are {', '.join(FORMATS)}")
    return format


def detect_format(path: str | Path) -> Format:
    """Return the format of an existing return.

    Raises:
        ReadError: The path does not exist or is not a return in a known format.
    """
    path = Path(path)
    if path.is_dir():
        if (path / "header.parquet").is_file():
            return "parquet"
        if (path / "header.csv").is_file():
            return "csv"
        if any(path.glob("*.parquet")):
            return "parquet"
        # a folder of neither: the CSV reader says what is missing (header.csv)
        return "csv"
    if not path.exists():
        raise ReadError(f"{path}: no such folder or file")
    suffix = path.suffix.lower()
    if suffix in _FILE_SUFFIXES:
        return _FILE_SUFFIXES[suffix]
    if suffix == ".csv":
        raise ReadError(f"{path}: a CSV return is a folder of tables; give the folder")
    raise ReadError(
        f"{path}: unknown kind of file; a return is a folder of CSV or Parquet tables, "
        "a .json document or an .xlsx workbook"
    )


#: Suffixes of single files that hold no return: a folder so named would mislead.
_NOT_A_RETURN = frozenset({".csv", ".txt", ".xls", ".xlsm", ".ods", ".tsv", ".xml", ".zip"})


def target_format(path: str | Path, format: str | None = None) -> Format:
    """Return the format to write at ``path``: ``format`` if given, else from its suffix.

    A path without a ``.json`` or ``.xlsx`` suffix is a folder: a CSV package
    unless ``format`` says ``parquet``.

    Raises:
        WriteError: ``format`` is unknown, or contradicts the path's suffix.
    """
    suffix = Path(path).suffix.lower()
    by_suffix = _FILE_SUFFIXES.get(suffix)
    if format is None:
        if suffix == ".parquet":
            return "parquet"  # a folder named x.parquet: a Parquet package, as it says
        if by_suffix is None and suffix in _NOT_A_RETURN:
            raise WriteError(
                f"{path}: a return is a folder (CSV or Parquet package), a .json or an "
                f".xlsx file, not {suffix}; name a folder, or give --to"
            )
        return by_suffix or "csv"
    if format not in FORMATS:
        raise WriteError(f"unknown format {format!r}; the formats are {', '.join(FORMATS)}")
    if by_suffix is not None and by_suffix != format:
        raise WriteError(f"{path}: a {suffix} file cannot hold the {format} format")
    if by_suffix is None and format in ("json", "xlsx"):
        raise WriteError(f"{path}: a {format} return is one file; give a name ending .{format}")
    return format


def read_return(path: str | Path, *, format: str | None = None) -> ReadResult:
    """Read a return from a CSV or Parquet package, a JSON document or an XLSX workbook.

    Every row of every table is kept; values that cannot be read are nulls in
    the result, each with an issue naming where it is in the file.

    Args:
        path: The folder or file.
        format: ``"csv"``, ``"parquet"``, ``"json"`` or ``"xlsx"``; found from
            the path when not given.

    Raises:
        ReadError: The path is not a readable return.
        SchemaError: A table lacks a required column.
    """
    path = Path(path)
    fmt = _check_format(format) if format is not None else detect_format(path)
    result = _READERS[fmt](path)
    result.source = str(path)
    return result


def write_return(
    data: FGCReturn | ReadResult,
    path: str | Path,
    *,
    format: str | None = None,
    overwrite: bool = False,
) -> Path:
    """Write a return in any format, atomically.

    A single file is replaced in one step. A package folder is written in full
    beside the target and then swapped in, so a failure leaves the old folder
    as it was.

    Args:
        data: The return (or what :func:`read_return` gave, whose ``data`` is written).
        path: The file (``.json``, ``.xlsx``) or folder (CSV or Parquet package).
        format: The format; found from the path when not given (a folder is CSV).
        overwrite: Replace an existing file or non-empty folder. Without it,
            an existing target is an error.

    Returns:
        The path written.

    Raises:
        WriteError: The target exists and ``overwrite`` is false, or it cannot be written.
    """
    if isinstance(data, ReadResult):
        data = data.data
    if not isinstance(data, FGCReturn):
        raise TypeError(f"write_return needs an FGCReturn, not {type(data).__name__}")
    path = Path(path)
    fmt = target_format(path, format)
    exists = path.exists() and (not path.is_dir() or any(path.iterdir()))
    if exists and not overwrite:
        raise WriteError(f"{path} already exists; choose another name or ask to overwrite it")
    if fmt not in _FOLDER_FORMATS:
        if path.is_dir():
            raise WriteError(f"{path} is a folder; a {fmt} return is one file")
        return _WRITERS[fmt](data, path)
    if path.exists() and not path.is_dir():
        raise WriteError(f"{path} is a file; a {fmt} return is a folder")
    check_parent_folders(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    except OSError as error:
        raise WriteError(f"{path}: cannot write there: {error.strerror or error}") from None
    try:
        _WRITERS[fmt](data, staging)
        _swap_folder(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return path


def _swap_folder(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` in place of ``target`` (two renames)."""
    if not target.exists():
        os.replace(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    old.rmdir()
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
