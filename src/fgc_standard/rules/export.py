"""The catalogue as a table: for ``fgc rules``, and CSV and Markdown for the docs."""

from __future__ import annotations

import csv
import io

from fgc_standard.rules.catalogue import CATALOGUE
from fgc_standard.rules.rule import Rule

__all__ = [
    "CATALOGUE_COLUMNS",
    "catalogue_csv",
    "catalogue_markdown",
    "catalogue_rows",
    "catalogue_text",
]

#: The columns of the exported catalogue.
CATALOGUE_COLUMNS = (
    "code",
    "severity",
    "layer",
    "kind",
    "table",
    "fields",
    "title",
    "message",
    "rationale",
    "since",
    "family",
)


def _row(rule: Rule) -> dict[str, str]:
    return {
        "code": rule.code,
        "severity": rule.severity,
        "layer": rule.layer,
        "kind": str(rule.kind),
        "table": rule.table or "any",
        "fields": ", ".join(rule.fields) or "any",
        "title": rule.title,
        "message": rule.message,
        "rationale": rule.rationale,
        "since": rule.since,
        "family": rule.family,
    }


def catalogue_rows() -> list[dict[str, str]]:
    """Every rule of every family, as a row of text columns, in code order."""
    return [_row(r) for r in CATALOGUE.rules(family=None)]


def catalogue_csv() -> str:
    """The catalogue as CSV."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CATALOGUE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(catalogue_rows())
    return out.getvalue()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def catalogue_markdown() -> str:
    """The catalogue as a Markdown table for the docs."""
    columns = ("code", "severity", "kind", "table", "title", "message", "rationale")
    lines = [
        "| " + " | ".join(c.capitalize() for c in columns) + " |",
        "| " + " | ".join("---" for _ in columns) + " |",
    ]
    for row in catalogue_rows():
        cells = []
        for c in columns:
            value = _cell(row[c])
            cells.append(f"`{value}`" if c in ("code", "message") else value)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def catalogue_text() -> str:
    """The catalogue for a terminal: one rule a line, then its message."""
    lines = []
    for row in catalogue_rows():
        lines.append(
            f"{row['code']}  {row['severity']:5}  {row['layer']:9}  {row['table']:11}  "
            f"{row['title']}"
        )
        lines.append(f"        {row['message']}")
    lines.append(f"{len(CATALOGUE)} rules.")
    return "\n".join(lines) + "\n"
