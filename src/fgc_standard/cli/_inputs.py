"""Shared by the commands that read a record-level return or write an output folder.

What a reader reported is counted by kind (a value that could not be read is
not the same news as a column the standard does not define), a header is
checked before anything relies on its LA and period, and ``--output`` is
checked to be a folder before any work is done.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from fgc_standard.errors import FGCError, WriteError

if TYPE_CHECKING:
    from fgc_standard.entities import ReturnHeader
    from fgc_standard.report.issue import Issue
    from fgc_standard.returns import FGCReturn

__all__ = [
    "check_not_input",
    "check_output_folder",
    "checked_header",
    "extra_columns",
    "make_output_folder",
    "unreadable_values",
]


def unreadable_values(issues: Iterable[Issue]) -> int:
    """How many values could not be read (and are empty in the return read).

    Only the readers' FGC0001 (wrong type) and FGC0002 (impossible date) are
    values lost; an extra column (FGC0005) is kept aside, not lost.
    """
    from fgc_standard.io import IMPOSSIBLE_DATE_CODE, UNREADABLE_CODE

    return sum(1 for i in issues if i.code in (UNREADABLE_CODE, IMPOSSIBLE_DATE_CODE))


def extra_columns(issues: Iterable[Issue]) -> int:
    """How many columns the source had that the standard does not define (FGC0005)."""
    from fgc_standard.io import EXTRA_COLUMN_CODE

    return sum(1 for i in issues if i.code == EXTRA_COLUMN_CODE)


def checked_header(data: FGCReturn, path: str | Path) -> ReturnHeader:
    """Return the header of a return read from ``path``, or fail in one line saying why.

    Raises:
        FGCError: The header is missing, doubled or not valid; the message names
            the path and points at ``fgc validate`` for the details.
    """
    from fgc_standard.aggregate.compute import return_header

    try:
        return return_header(data)
    except FGCError as error:
        raise FGCError(f"{path}: {error}; run fgc validate {path} for details") from None


def check_not_input(
    output: str | Path, inputs: Iterable[str | Path], *, folder: bool = False
) -> None:
    """Refuse an output that is an input (a hard link too) or lies inside an input folder.

    Args:
        output: The file or folder to write.
        inputs: The paths the command reads.
        folder: Whether ``output`` is a folder to write files into (then being
            an input folder means writing inside it, not over it).

    Raises:
        WriteError: Writing ``output`` would change what the command reads.
    """
    target = Path(output).resolve()
    for given in inputs:
        source = Path(given).resolve()
        same = target == source or (
            target.exists() and source.exists() and os.path.samefile(target, source)
        )
        if same and not folder:
            raise WriteError(f"{output} would overwrite the input {given}; choose another path")
        if same or source in target.parents:
            raise WriteError(f"{output} would be inside the input {given}; choose another path")


def check_output_folder(path: Path, inputs: Iterable[str | Path] = ()) -> None:
    """Refuse an ``--output`` that is a file or would write into an input, before any work.

    Args:
        path: The ``--output`` folder.
        inputs: The paths the command reads.

    Raises:
        WriteError: ``path`` is a file, or it is an input or lies inside an input folder.
    """
    if path.exists() and not path.is_dir():
        raise WriteError(f"{path} is a file; --output takes a folder")
    check_not_input(path, inputs, folder=True)


def make_output_folder(path: Path) -> None:
    """Create the ``--output`` folder (and its parents) if needed.

    Raises:
        WriteError: It is a file, or it cannot be created (for example a parent is a file).
    """
    check_output_folder(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WriteError(f"cannot create the folder {path}: {error.strerror or error}") from None
