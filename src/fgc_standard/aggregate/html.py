"""The HTML summary a service manager reads: charts drawn as inline SVG, no script, no internet.

One self-contained page per LA: the journey from referral to plan, who was
offered an FGC and who took it up, how quickly, what happened at 12 months,
and the LA beside its region and England. It is built from the *published*
tables, so a suppressed figure shows as ``c`` on the page too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import pyarrow as pa

from fgc_standard.aggregate.measures import BREAKDOWNS, breakdown_values, measure
from fgc_standard.aggregate.suppress import MARKER, NOT_APPLICABLE
from fgc_standard.codelists import codelist

__all__ = ["summary_html"]

_BLUE = "#1d70b8"
_GREEN = "#00703c"
_GREY = "#505a5f"
_LIGHT = "#b1b4b6"
_CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; margin: 2rem auto;
       max-width: 62rem; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; font-size: 1.35rem; }
h3 { font-size: 1.05rem; margin-bottom: .2rem; }
p.lead { color: #505a5f; margin-top: 0; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border-bottom: 1px solid #b1b4b6; padding: .3rem .7rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.note { background: #f3f2f1; padding: .6rem 1rem; border-left: 5px solid #1d70b8; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(28rem, 1fr)); gap: 1rem; }
svg text { font-family: Arial, Helvetica, sans-serif; font-size: 12px; fill: #0b0c0c; }
.legend span { display: inline-block; width: .9rem; height: .9rem; margin: 0 .3rem 0 1rem;
               vertical-align: middle; }
"""


@dataclass(frozen=True)
class _Bar:
    label: str
    value: float | None
    text: str
    colour: str = _BLUE


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _share_text(text: str) -> str:
    value = _number(text)
    return text if value is None else f"{value:.0%}"


def _hbar_chart(title: str, bars: Sequence[_Bar], scale: float | None = None) -> str:
    """Horizontal bars with a label on the left and the figure on the right."""
    label_width, bar_width, row = 250, 330, 26
    height = row * len(bars) + 10
    top = scale or max((b.value or 0.0) for b in bars) or 1.0
    parts = [
        f'<svg class="chart" role="img" width="{label_width + bar_width + 70}" '
        f'height="{height}" viewBox="0 0 {label_width + bar_width + 70} {height}" '
        'style="max-width:100%;height:auto">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = 5 + i * row
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end">{escape(bar.label)}</text>'
        )
        if bar.value is not None:
            width = max(1.0, bar_width * bar.value / top)
            parts.append(
                f'<rect x="{label_width}" y="{y + 3}" width="{width:.1f}" height="{row - 8}" '
                f'fill="{bar.colour}"><title>{escape(bar.label)}: {escape(bar.text)}</title></rect>'
            )
            text_x = label_width + width + 6
        else:
            parts.append(
                f'<rect x="{label_width}" y="{y + 3}" width="24" height="{row - 8}" '
                f'fill="none" stroke="{_LIGHT}" stroke-dasharray="3 2"/>'
            )
            text_x = label_width + 30
        parts.append(f'<text x="{text_x:.1f}" y="{y + 16}">{escape(bar.text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _paired_chart(
    title: str, labels: Sequence[str], first: Sequence[_Bar], second: Sequence[_Bar]
) -> str:
    """Two bars per category (offered, took up)."""
    bars: list[_Bar] = []
    scale = max([b.value or 0.0 for b in (*first, *second)] + [1.0])
    for label, a, b in zip(labels, first, second, strict=True):
        bars.append(_Bar(f"{label}: offered", a.value, a.text, _BLUE))
        bars.append(_Bar(f"{label}: took up", b.value, b.text, _GREEN))
    return _hbar_chart(title, bars, scale)


class _Figures:
    """Look-up of an area's published figures."""

    def __init__(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self._by = {(r["measure"], r["breakdown"], r["breakdown_value"]): r["value"] for r in rows}

    def text(self, name: str, breakdown: str = "total", value: str = "ALL") -> str:
        return str(self._by.get((name, breakdown, value), NOT_APPLICABLE))

    def bar(self, label: str, name: str, breakdown: str = "total", value: str = "ALL") -> _Bar:
        text = self.text(name, breakdown, value)
        return _Bar(label, _number(text), text)


def _rate(top: str, bottom: str) -> str:
    a, b = _number(top), _number(bottom)
    if a is None or not b:
        return MARKER if MARKER in (top, bottom) else NOT_APPLICABLE
    return f"{a / b:.0%}"


def _value_label(breakdown: str, value: str) -> str:
    if breakdown in ("stage_at_referral", "sex", "conference_type", "decline_reason"):
        list_name = breakdown
        return codelist(list_name).label(value) if value in codelist(list_name) else value
    return value.replace("_", " ").replace("TO", "to").capitalize()


def _funnel(fig: _Figures) -> str:
    steps = [
        ("Referred", "families_referred"),
        ("Offered an FGC", "families_offered"),
        ("Took up the offer", "families_accepted"),
        ("Initial conference held", "families_initial_conference_held"),
        ("Agreed a plan", "families_plan_agreed"),
    ]
    chart = _hbar_chart("Families from referral to plan", [fig.bar(a, b) for a, b in steps])
    rows = "".join(
        f"<tr><td>{escape(label)}</td><td class=n>{escape(fig.text(name))}</td></tr>"
        for label, name in steps
    )
    other = "".join(
        f"<tr><td>{escape(measure(n).title)}</td><td class=n>{escape(fig.text(n))}</td></tr>"
        for n in ("children_referred", "offers_declined", "conferences_held", "plans_agreed")
    )
    return (
        "<h2 id=funnel>From referral to plan</h2>"
        "<p>Families (one referral is one family) referred in the period, and how far they got.</p>"
        f"{chart}<table><tr><th>Families</th><th>Number</th></tr>{rows}{other}</table>"
    )


def _take_up(fig: _Figures) -> str:
    out = [
        "<h2 id=take-up>Who is offered an FGC, and who takes it up</h2>",
        '<p class="legend">Children of the referred families.'
        f'<span style="background:{_BLUE}"></span>offered'
        f'<span style="background:{_GREEN}"></span>took up</p><div class=grid>',
    ]
    for breakdown in ("sex", "age_band", "ethnicity_group", "disability"):
        values = breakdown_values(breakdown)
        labels = [_value_label(breakdown, v) for v in values]
        offered = [fig.bar(v, "children_offered", breakdown, v) for v in values]
        took = [fig.bar(v, "children_accepted", breakdown, v) for v in values]
        title = f"Children offered and taking up an FGC, by {breakdown.replace('_', ' ')}"
        referred = [fig.text("children_referred", breakdown, v) for v in values]
        rows = "".join(
            f"<tr><td>{escape(label)}</td><td class=n>{escape(r)}"
            f"</td><td class=n>{escape(o.text)}</td><td class=n>{escape(t.text)}</td>"
            f"<td class=n>{escape(_rate(t.text, o.text))}</td></tr>"
            for label, r, o, t in zip(labels, referred, offered, took, strict=True)
        )
        out.append(
            f"<section><h3>By {escape(breakdown.replace('_', ' '))}</h3>"
            f"{_paired_chart(title, labels, offered, took)}"
            "<table><tr><th></th><th>Referred</th><th>Offered</th><th>Took up</th>"
            f"<th>Take-up</th></tr>{rows}</table>"
            f"<p><small>{escape(BREAKDOWNS[breakdown])}</small></p></section>"
        )
    out.append("</div>")
    return "".join(out)


def _timeliness(fig: _Figures) -> str:
    medians = [
        fig.bar("Referral to initial conference", "median_days_referral_to_conference"),
        fig.bar("Offer to initial conference", "median_days_offer_to_conference"),
    ]
    medians = [
        _Bar(b.label, b.value, f"{b.text} days" if b.value is not None else b.text) for b in medians
    ]
    share = fig.text("share_pp_meetings_before_application")
    return (
        "<h2 id=timeliness>How quickly</h2>"
        f"{_hbar_chart('Median days to the initial conference', medians)}"
        "<p>Pre-proceedings: of the families who took up the offer, the share whose meeting was "
        f"held before any court application: <strong>{escape(_share_text(share))}</strong> "
        f"({escape(fig.text('pp_meetings_before_application'))} of "
        f"{escape(fig.text('pp_families_accepted'))}).</p>"
    )


def _outcomes(fig: _Figures) -> str:
    items = [
        ("Looked after", "share_m12_looked_after", "children_m12_looked_after"),
        (
            "Care proceedings issued",
            "share_m12_proceedings_issued",
            "children_m12_proceedings_issued",
        ),
        (
            "Living within the family network",
            "share_m12_family_network",
            "children_m12_family_network",
        ),
    ]
    bars = []
    for label, share, _count in items:
        text = fig.text(share)
        bars.append(_Bar(label, _number(text), _share_text(text), _GREY))
    rows = "".join(
        f"<tr><td>{escape(label)}</td><td class=n>{escape(fig.text(count))}</td>"
        f"<td class=n>{escape(_share_text(fig.text(share)))}</td></tr>"
        for label, share, count in items
    )
    return (
        "<h2 id=outcomes>Outcomes at 12 months</h2>"
        f"<p>Children with an outcome recorded 12 months after the trigger date: "
        f"{escape(fig.text('children_m12_outcome'))}.</p>"
        f"{_hbar_chart('Children at 12 months', bars, 1.0)}"
        f"<table><tr><th></th><th>Children</th><th>Share</th></tr>{rows}</table>"
    )


def _fmt_indicator(name: str, value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f} days" if name.startswith("median") else f"{value:.0%}"


def _benchmark(bench: Sequence[Mapping[str, Any]]) -> str:
    if not bench:
        return ""
    first = bench[0]
    out = [
        "<h2 id=benchmark>Beside the region and England</h2>",
        f"<p>{escape(first['la_name'])} against {escape(first['region'] or '')} and England "
        f"(rank 1 is the highest value among {first['ranked_las']} LA(s) with a value).</p>",
        f'<p class="legend"><span style="background:{_BLUE}"></span>{escape(first["la_name"])}'
        f'<span style="background:{_LIGHT}"></span>region'
        f'<span style="background:{_GREY}"></span>England</p><div class=grid>',
    ]
    rows = []
    for row in bench:
        name = row["indicator"]
        values = (row["la_value"], row["region_value"], row["england_value"])
        scale = 1.0 if not name.startswith("median") else max([v or 0 for v in values] + [1.0])
        bars = [
            _Bar(row["la_name"], values[0], _fmt_indicator(name, values[0]), _BLUE),
            _Bar(row["region"] or "Region", values[1], _fmt_indicator(name, values[1]), _LIGHT),
            _Bar("England", values[2], _fmt_indicator(name, values[2]), _GREY),
        ]
        chart = _hbar_chart(row["title"], bars, scale)
        out.append(f"<section><h3>{escape(row['title'])}</h3>{chart}</section>")
        diff = row["difference_from_england"]
        diff_text = (
            "–"
            if diff is None
            else (f"{diff:+.1f} days" if name.startswith("median") else f"{diff * 100:+.0f} points")
        )
        rank = "–" if row["rank"] is None else f"{row['rank']} of {row['ranked_las']}"
        cells = "".join(f"<td class=n>{_fmt_indicator(name, v)}</td>" for v in values)
        rows.append(
            f"<tr><td>{escape(row['title'])}</td>{cells}"
            f"<td class=n>{diff_text}</td><td class=n>{rank}</td></tr>"
        )
    out.append(
        "</div><table><tr><th></th><th>LA</th><th>Region</th><th>England</th>"
        f"<th>Difference from England</th><th>Rank</th></tr>{''.join(rows)}</table>"
    )
    return "".join(out)


def summary_html(
    published: pa.Table,
    la_number: str,
    bench: pa.Table | None = None,
    *,
    suppressed: bool = True,
    threshold: int | None = None,
) -> str:
    """Render the summary page of one LA.

    Args:
        published: The published area table (values as text, see
            :func:`~fgc_standard.aggregate.suppress.publish`).
        la_number: The LA the page is about.
        bench: Its benchmark table (see :func:`~fgc_standard.aggregate.combine.benchmark`).
        suppressed: Whether ``published`` went through disclosure control (said on the page).
        threshold: The suppression threshold used, for the note.

    Returns:
        A complete HTML document with no external resources.
    """
    rows = [
        r for r in published.to_pylist()
        if r["area_level"] == "local_authority" and r["area_code"] == la_number
    ]  # fmt: skip
    if not rows:
        raise ValueError(f"LA {la_number!r} is not in the published table")
    first = rows[0]
    fig = _Figures(rows)
    title = f"Family group conferences: {first['area_name']} ({la_number})"
    period = f"{first['period_start']:%d %B %Y} to {first['period_end']:%d %B %Y}"
    if suppressed:
        note = (
            f"Counts from 1 to {(threshold or 6) - 1} are shown as <strong>c</strong>, and other "
            "figures are hidden where they would let a small count be worked out (as in the "
            "DfE's children's social care statistics). <strong>z</strong>: not applicable."
        )
    else:
        note = (
            "<strong>Not for publication:</strong> small counts are shown unsuppressed, for the "
            "LA's own use."
        )
    body = "".join(
        [
            f"<h1>{escape(title)}</h1>",
            f'<p class="lead">Aggregate return for referrals received {escape(period)}.</p>',
            f'<p class="note">{note}</p>',
            _funnel(fig),
            _take_up(fig),
            _timeliness(fig),
            _outcomes(fig),
            _benchmark(bench.to_pylist() if bench is not None else []),
            "<p><small>Made by fgc-standard. Each measure's definition is in measures.csv "
            "beside this page.</small></p>",
        ]
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>{body}</body></html>\n"
    )
