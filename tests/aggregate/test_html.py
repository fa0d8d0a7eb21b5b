"""The summary page's content, without a browser: sections, charts, and suppression respected."""

from __future__ import annotations

import re

import pyarrow as pa

from fgc_standard.aggregate import benchmark, combine_returns, publish, summary_html


def _page(example_aggregate: pa.Table, *, suppress: bool) -> str:
    areas = combine_returns([example_aggregate])
    published = publish(areas, suppress=suppress)
    bench = benchmark(areas, "938", published if suppress else None)
    return summary_html(published, "938", bench, suppressed=suppress)


def test_page_has_every_section_and_no_script(example_aggregate: pa.Table) -> None:
    page = _page(example_aggregate, suppress=False)
    for heading in (
        "From referral to plan",
        "Who is offered an FGC",
        "How quickly",
        "Outcomes at 12 months",
        "Beside the region and England",
    ):
        assert heading in page
    assert "<script" not in page
    assert page.count("<svg") >= 10
    assert "Not for publication" in page
    # the unsuppressed funnel shows the 4 families who took up the offer
    assert re.search(r"Took up the offer</td><td class=n>4</td>", page)


def test_suppressed_page_shows_no_small_count(example_aggregate: pa.Table) -> None:
    page = _page(example_aggregate, suppress=True)
    assert "Not for publication" not in page
    assert re.search(r"Took up the offer</td><td class=n>c</td>", page)
    cells = re.findall(r"<td class=n>(\d+)</td>", page)
    assert cells, "some counts are published"
    assert all(not 0 < int(n) < 6 for n in cells)
