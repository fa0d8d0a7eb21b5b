"""Writing files safely: atomically, and JSON in the one form the project commits.

An atomic write leaves the old file or the new one after a crash, never half of each.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fgc_standard.errors import WriteError

__all__ = [
    "atomic_path",
    "atomic_write_bytes",
    "check_parent_folders",
    "json_bytes",
]


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.

    The temporary file lives in the same folder, so the final ``os.replace`` is
    atomic on POSIX and Windows. On any exception the temporary file is removed
    and ``target`` is left as it was.
    """
    target = Path(target)
    tmp = _temporary_beside(target)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def check_parent_folders(target: str | Path) -> None:
    """Refuse a path under a file (``notes.txt/out.json``), naming that file.

    Raises:
        WriteError: A parent of ``target`` exists and is not a folder.
    """
    for parent in Path(target).parents:
        if parent.exists():
            if not parent.is_dir():
                raise WriteError(f"{target}: cannot write there: {parent} is a file, not a folder")
            return


def _temporary_beside(target: Path) -> Path:
    """Create an empty temporary file in ``target``'s folder (made if missing).

    Raises:
        WriteError: The folder cannot be made or written to (a parent is a file,
            no permission, a read-only file system).
    """
    check_parent_folders(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise WriteError(f"{target}: cannot write there: {error.strerror or error}") from None
    os.close(fd)
    return Path(name)


def atomic_write_bytes(target: str | Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def json_bytes(document: Any) -> bytes:
    """Serialise JSON as the project commits it: two-space indent, UTF-8, final newline."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
