"""What a reader returns: the return itself and the issues met while reading it."""

from __future__ import annotations

from dataclasses import dataclass, field

from fgc_standard.report.issue import Issue
from fgc_standard.returns import FGCReturn

__all__ = ["ReadResult"]


@dataclass
class ReadResult:
    """A return as read, and what could not be read.

    Attributes:
        data: The return; every row of every source table is in it.
        issues: One issue per value that could not be read (its cell is null
            in ``data``), and per extra column found.
    """

    data: FGCReturn
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether everything could be read."""
        return not any(i.severity == "error" for i in self.issues)
