"""The report as CSV: one issue a row.

By default the file holds each rule's examples (bounded, like the other
formats); with ``all_issues=True`` it holds every issue, written in batches,
which is what an analyst needs to fix a whole file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import TextIO

from fgc_standard.report.issue import Issue
from fgc_standard.report.validation import ValidationReport

__all__ = ["CSV_COLUMNS", "render_csv", "write_csv"]

#: The columns of the CSV report.
CSV_COLUMNS = (
    "code",
    "severity",
    "table",
    "key",
    "field",
    "value",
    "message",
    "source_file",
    "source_row",
    "source_sheet",
    "source_cell",
)


def _rows(issues: Iterable[Issue]) -> Iterator[list[object]]:
    for issue in issues:
        loc = issue.location
        yield [
            issue.code,
            issue.severity,
            issue.table,
            issue.key,
            issue.field,
            issue.value,
            issue.message,
            loc.file if loc else None,
            loc.row if loc else None,
            loc.sheet if loc else None,
            loc.cell if loc else None,
        ]


def write_csv(report: ValidationReport, out: TextIO, *, all_issues: bool = False) -> int:
    """Write the report as CSV to an open text file; return the number of issue rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in _rows(report.all_issues() if all_issues else report.issues()):
        writer.writerow(row)
        count += 1
    return count


def render_csv(report: ValidationReport, *, all_issues: bool = False) -> str:
    """Render the report as CSV text."""
    out = io.StringIO()
    write_csv(report, out, all_issues=all_issues)
    return out.getvalue()
