"""Shared by ``fgc pseudonymise`` and ``fgc minimise``: read, check paths, write."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from fgc_standard.errors import WriteError
from fgc_standard.files import atomic_write_bytes, check_parent_folders

__all__ = ["check_paths", "read_source", "write_output"]


def check_paths(source: str, target: str) -> None:
    """Refuse a target that is, contains or sits inside the source.

    Raises:
        WriteError: The output would overwrite or mix with the input.
    """
    src = Path(source).resolve()
    dst = Path(target).resolve()
    if dst == src or src in dst.parents or dst in src.parents:
        raise WriteError(
            f"{target} would overwrite or mix with the source {source}; give another DST"
        )
    check_parent_folders(target)
    if dst.is_file():
        raise WriteError(f"{target} is a file; give a folder to write the return into")
    if dst.is_dir() and any(dst.iterdir()) and not (dst / "datapackage.json").is_file():
        raise WriteError(f"{target} is a folder with other files in it; give a new or empty folder")


def read_source(path: str) -> Any:
    """Read a return with the best reader available."""
    from fgc_standard.io import read_return

    return read_return(path)


def write_output(ret: Any, target: str) -> None:
    """Write a return as a CSV data package, with its ``children`` extra columns (age)."""
    from fgc_standard.io import write_csv_package

    folder = write_csv_package(ret, target)
    extra = ret.extra_columns.get("children")
    if extra is None or extra.num_columns == 0:
        return
    # the standard writer writes the standard columns; append the derived ones
    path = folder / "children.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    columns = [extra.column(i).to_pylist() for i in range(extra.num_columns)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*rows[0], *extra.column_names])
    for index, row in enumerate(rows[1:]):
        values = ["" if c[index] is None else str(c[index]) for c in columns]
        writer.writerow([*row, *values])
    atomic_write_bytes(path, out.getvalue().encode("utf-8"))
