"""Render a validation report in one of its formats."""

from __future__ import annotations

from typing import Any

from fgc_standard.errors import FGCError
from fgc_standard.report.validation import ValidationReport

__all__ = ["FORMATS", "render"]

#: The formats a report renders to.
FORMATS = ("text", "json", "csv", "html")


def render(report: ValidationReport, fmt: str = "text", **options: Any) -> str:
    """Render a report.

    Args:
        report: The report.
        fmt: ``text`` (terminal), ``json`` (machines), ``csv`` (one issue a
            row) or ``html`` (people).
        **options: Passed to the renderer (``examples=`` for text and HTML,
            ``all_issues=`` for CSV).

    Raises:
        FGCError: Unknown format.
    """
    if fmt == "text":
        from fgc_standard.report.text import render_text

        return render_text(report, **options)
    if fmt == "json":
        from fgc_standard.report.json_format import render_json

        return render_json(report)
    if fmt == "csv":
        from fgc_standard.report.csv_format import render_csv

        return render_csv(report, **options)
    if fmt == "html":
        from fgc_standard.report.html import render_html

        return render_html(report, **options)
    raise FGCError(f"unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}")
