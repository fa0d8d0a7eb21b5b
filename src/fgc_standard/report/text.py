"""The report for a terminal: the verdict, one line per rule, a few examples each."""

from __future__ import annotations

from fgc_standard.report.validation import ValidationReport

__all__ = ["render_text"]


def render_text(report: ValidationReport, examples: int = 3) -> str:
    """Render a report as plain text.

    Args:
        report: The report.
        examples: How many example issues to show per rule and field.
    """
    lines = [report.summary_line()]
    if not report.groups:
        lines.append("No issues found.")
        return "\n".join(lines) + "\n"
    lines.append("")
    for group in report.groups:
        where = ".".join(p for p in (group.table, group.field) if p)
        # an issue about the file itself (a sheet, say) has no table, so no share of one
        counted = f", {group.share_text}" if group.table else ""
        lines.append(
            f"{group.severity.upper():5} {group.code}{' ' + where if where else ''}: "
            f"{group.title}: {group.count:,} issue(s){counted}"
        )
        for issue in group.examples[:examples]:
            place = str(issue.location) if issue.location else (issue.key or "")
            key = f" {issue.key}" if issue.key else ""
            lines.append(f"        {place}{key}: {issue.message}")
        if group.count > examples:
            lines.append(f"        ... and {group.count - min(examples, group.count):,} more")
    return "\n".join(lines) + "\n"
