"""What a reader returns: the return itself and the issues met while reading it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow as pa

from fgc_standard.io.coerce import CoercedTable
from fgc_standard.report.issue import Issue
from fgc_standard.returns import FGCReturn, TableSource, VerifiedTable

__all__ = ["ReadResult", "assemble"]


@dataclass
class ReadResult:
    """A return as read, and what could not be read.

    Attributes:
        data: The return; every row of every source table is in it.
        issues: One issue per value that could not be read (its cell is null
            in ``data``), and per extra column found.
        source: The path read, as given to :func:`~fgc_standard.io.read_return`.
    """

    data: FGCReturn
    issues: list[Issue] = field(default_factory=list)
    source: str | None = None

    @property
    def ok(self) -> bool:
        """Whether everything could be read."""
        return not any(i.severity == "error" for i in self.issues)


def assemble(parts: Iterable[tuple[str, CoercedTable, TableSource]]) -> ReadResult:
    """Put a reader's coerced tables together: the return, its sources and every issue.

    Args:
        parts: For each table read, its name, what coercing it gave, and where
            it was read from (used when coercing did not refine the source).
    """
    tables: dict[str, pa.Table] = {}
    sources: dict[str, TableSource] = {}
    extras: dict[str, pa.Table] = {}
    issues: list[Issue] = []
    verified: dict[str, VerifiedTable] = {}
    for name, coerced, source in parts:
        tables[name], sources[name] = coerced.table, coerced.source or source
        verified[name] = VerifiedTable(coerced.table, coerced.canonical)
        issues.extend(coerced.issues)
        if coerced.extra is not None:
            extras[name] = coerced.extra
    return ReadResult(FGCReturn(tables, sources, extras, verified), issues)
