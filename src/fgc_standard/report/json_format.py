"""The report for machines: one JSON document with exact counts and bounded examples."""

from __future__ import annotations

import json

from fgc_standard.report.validation import ValidationReport

__all__ = ["render_json"]


def render_json(report: ValidationReport) -> str:
    """Render a report as JSON (see :meth:`ValidationReport.to_dict` for the shape)."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
