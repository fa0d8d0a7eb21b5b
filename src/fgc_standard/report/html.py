"""The report for people: one self-contained HTML page.

First the verdict and a summary table, one row per rule and field, with the
number of issues and the share of records affected (so a reader sees at once
whether a problem touches 3 referrals or 40% of them); then, per rule, what it
means and the first few examples with the record and the cell. A file with
100,000 errors still gives a page of a few hundred rows.
"""

from __future__ import annotations

from html import escape

from fgc_standard.report.validation import IssueGroup, ValidationReport

__all__ = ["render_html"]

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:2rem auto;
max-width:72rem;padding:0 1rem;color:#0b0c0c;line-height:1.4}
h1{font-size:1.8rem;margin-bottom:.25rem}h2{font-size:1.3rem;margin-top:2rem}
.verdict{font-size:1.2rem;padding:.75rem 1rem;border-left:.4rem solid}
.valid{border-color:#00703c;background:#e8f5ee}.invalid{border-color:#d4351c;background:#fbeae8}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #b1b4b6;vertical-align:top}
th{background:#f3f2f1}td.num{text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;padding:0 .4rem;border-radius:.2rem;font-weight:600;font-size:.85rem}
.error{background:#d4351c;color:#fff}.query{background:#ffdd00;color:#0b0c0c}
.bar{background:#f3f2f1;height:.6rem;width:8rem;display:inline-block;vertical-align:middle}
.bar span{display:block;height:100%;background:#1d70b8}
code{font-family:ui-monospace,Consolas,monospace;font-size:.9em}
.more{color:#505a5f}.rationale{color:#505a5f;margin:.25rem 0}
"""


def _where(group: IssueGroup) -> str:
    return ".".join(p for p in (group.table, group.field) if p)


def _anchor(group: IssueGroup) -> str:
    return f"{group.code}-{_where(group)}".replace(".", "-")


def _summary(report: ValidationReport) -> list[str]:
    out = [
        "<h2>Summary by rule</h2>",
        '<table id="summary"><thead><tr><th>Severity</th><th>Rule</th><th>What</th>'
        "<th>Where</th><th>Issues</th><th>Records affected</th><th>Share</th></tr></thead>"
        "<tbody>",
    ]
    for group in report.groups:
        share = group.share or 0.0
        out.append(
            f'<tr><td><span class="sev {group.severity}">{group.severity}</span></td>'
            f'<td><a href="#{escape(_anchor(group))}"><code>{group.code}</code></a></td>'
            f"<td>{escape(group.title)}</td><td><code>{escape(_where(group))}</code></td>"
            f'<td class="num">{group.count:,}</td>'
            f"<td>{escape(group.share_text)}</td>"
            f'<td><span class="bar" title="{share:.1%}"><span style="width:{share * 100:.1f}%">'
            "</span></span></td></tr>"
        )
    out.append("</tbody></table>")
    return out


def _examples(group: IssueGroup, limit: int, rationale: str) -> list[str]:
    out = [
        f'<section id="{escape(_anchor(group))}">',
        f'<h3><span class="sev {group.severity}">{group.severity}</span> '
        f"<code>{group.code}</code> {escape(group.title)}: <code>{escape(_where(group))}</code>"
        "</h3>",
    ]
    if rationale:
        out.append(f'<p class="rationale">{escape(rationale)}</p>')
    out.append(
        f"<p>{group.count:,} issue(s) in {escape(group.share_text)}.</p>"
        "<table><thead><tr><th>Record</th><th>Value</th><th>Message</th><th>Where in the file"
        "</th></tr></thead><tbody>"
    )
    shown = group.examples[:limit]
    for issue in shown:
        out.append(
            f"<tr><td><code>{escape(issue.key or '')}</code></td>"
            f"<td><code>{escape(issue.value or '')}</code></td>"
            f"<td>{escape(issue.message)}</td>"
            f"<td>{escape(str(issue.location) if issue.location else '')}</td></tr>"
        )
    out.append("</tbody></table>")
    if group.count > len(shown):
        out.append(
            f'<p class="more">... and {group.count - len(shown):,} more. For every issue, run '
            "<code>fgc validate PATH --format csv --all</code>.</p>"
        )
    out.append("</section>")
    return out


def render_html(report: ValidationReport, examples: int = 10) -> str:
    """Render a report as a self-contained HTML page.

    Args:
        report: The report.
        examples: How many examples to show per rule and field.
    """
    from fgc_standard.rules.catalogue import CATALOGUE

    verdict_class = "valid" if report.valid else "invalid"
    verdict = (
        "Valid: no errors." if report.valid else "Not valid: the errors below must be corrected."
    )
    rows = ", ".join(f"{n:,} {t}" for t, n in report.table_rows.items())
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>FGC return validation: {escape(report.source)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>FGC return validation</h1>",
        f"<p><code>{escape(report.source)}</code>. Records checked: {escape(rows)}.</p>",
        f'<p class="verdict {verdict_class}" id="verdict">{verdict} '
        f"<strong>{report.errors:,}</strong> error(s) and <strong>{report.queries:,}</strong> "
        "query(ies). Errors mean the data is wrong; queries are unusual values to confirm.</p>",
    ]
    if report.groups:
        parts.extend(_summary(report))
        parts.append("<h2>Examples by rule</h2>")
        for group in report.groups:
            rule = CATALOGUE.get(group.code)
            parts.extend(_examples(group, examples, rule.rationale if rule else ""))
    else:
        parts.append("<p>No issues found.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
