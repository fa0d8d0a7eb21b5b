"""Many LAs: regional and England tables, and one LA benchmarked against them.

LAs' aggregate returns (computed or hand-filled) are stacked into an *area
table*: the aggregate columns with the LA replaced by an area (``area_level``
local_authority, region or england; ``area_code``; ``area_name``; and the
``region`` each area belongs to). Regions come from the ``region`` column of the
``la`` code list (DfE LA numbers, from ``la_codes.csv``).

Counts add up; shares are recomputed from the summed counts above and below
the line. A median cannot be made from medians, so a region's or England's
median is left empty unless a single LA contributes to it (then it is that
LA's median, which is exact); a national analyst with record-level data
computes national medians with :func:`fgc_standard.aggregate.aggregate_frames`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pyarrow as pa

from fgc_standard.aggregate.measures import ALL, TOTAL, measure
from fgc_standard.codelists import codelist
from fgc_standard.errors import FGCError

__all__ = [
    "AREA_COLUMNS",
    "ENGLAND_CODE",
    "INDICATORS",
    "Indicator",
    "area_arrow_schema",
    "benchmark",
    "combine_returns",
    "la_numbers",
]

#: The GSS code of England.
ENGLAND_CODE = "E92000001"
_LEVEL_ORDER = {"england": 0, "region": 1, "local_authority": 2}


def area_arrow_schema() -> pa.Schema:
    """The Arrow schema of an area table (LAs, regions and England)."""
    return pa.schema(
        [
            pa.field("area_level", pa.string(), nullable=False),
            pa.field("area_code", pa.string(), nullable=False),
            pa.field("area_name", pa.string(), nullable=False),
            pa.field("region", pa.string()),
            pa.field("period_start", pa.date32(), nullable=False),
            pa.field("period_end", pa.date32(), nullable=False),
            pa.field("measure", pa.string(), nullable=False),
            pa.field("breakdown", pa.string(), nullable=False),
            pa.field("breakdown_value", pa.string(), nullable=False),
            pa.field("value", pa.float64()),
        ]
    )


#: The columns of an area table, in order.
AREA_COLUMNS: tuple[str, ...] = tuple(area_arrow_schema().names)

_Cell = tuple[str, str, str]  # measure, breakdown, breakdown value
_Period = tuple[date, date]


def _region_of(la_number: str) -> str:
    region = codelist("la").attribute("region").get(la_number)
    if not region:
        raise FGCError(f"LA {la_number!r} is not in the la code list, so it has no region")
    return region


def combine_returns(aggregates: Iterable[pa.Table]) -> pa.Table:
    """Stack LAs' aggregate tables and add their regions' and England's figures.

    Args:
        aggregates: Aggregate tables (one or more LAs each), as made by
            :func:`~fgc_standard.aggregate.aggregate_return` or read from a
            hand-filled return.

    Returns:
        An area table: England first, then regions, then LAs, each in
        measure order, for every period found.

    Raises:
        FGCError: The same LA appears twice for one period, or an LA number is
            not in the ``la`` code list.
        TypeError: One table was given, not a list of them.
    """
    if isinstance(aggregates, pa.Table):
        raise TypeError(
            "combine_returns takes a list of aggregate tables: combine_returns([figures])"
        )
    la_values: dict[tuple[str, _Period], dict[_Cell, float | None]] = {}
    for table in aggregates:
        for row in table.to_pylist():
            key = (row["la_number"], (row["period_start"], row["period_end"]))
            cells = la_values.setdefault(key, {})
            cell = (row["measure"], row["breakdown"], row["breakdown_value"])
            if cell in cells:
                raise FGCError(
                    f"LA {key[0]} has two values of {'/'.join(cell)} for the period "
                    f"{key[1][0]} to {key[1][1]}: give each LA's return once"
                )
            cells[cell] = row["value"]

    names = {c.code: c.label for c in codelist("la")}
    areas: dict[tuple[str, str, str, str | None, _Period], list[dict[_Cell, float | None]]] = (
        defaultdict(list)
    )
    for (la, period), cells in la_values.items():
        la_region = _region_of(la)
        areas[("local_authority", la, names.get(la, la), la_region, period)].append(cells)
        areas[("region", la_region, la_region, la_region, period)].append(cells)
        areas[("england", ENGLAND_CODE, "England", None, period)].append(cells)

    rows: list[dict[str, Any]] = []
    ordered = sorted(areas, key=lambda k: (k[4], _LEVEL_ORDER[k[0]], k[1]))
    for level, code, name, region, period in ordered:
        figures = _sum_cells(areas[(level, code, name, region, period)])
        for (m, b, v), value in figures.items():
            rows.append(
                {
                    "area_level": level,
                    "area_code": code,
                    "area_name": name,
                    "region": region,
                    "period_start": period[0],
                    "period_end": period[1],
                    "measure": m,
                    "breakdown": b,
                    "breakdown_value": v,
                    "value": value,
                }
            )
    return pa.Table.from_pylist(rows, schema=area_arrow_schema())


def _sum_cells(parts: list[dict[_Cell, float | None]]) -> dict[_Cell, float | None]:
    """Combine LAs' figures: sum counts, recompute shares, keep a single LA's median."""
    cells = list(dict.fromkeys(cell for part in parts for cell in part))
    out: dict[_Cell, float | None] = {}
    for cell in cells:
        kind = measure(cell[0]).kind
        values = [part.get(cell) for part in parts]
        if kind == "count":
            known = [v for v in values if v is not None]
            out[cell] = float(sum(known)) if len(known) == len(values) else None
        elif kind == "median":
            out[cell] = values[0] if len(parts) == 1 else None
    for cell in cells:
        m = measure(cell[0])
        if m.kind == "share" and m.numerator and m.denominator:
            top = out.get((m.numerator, cell[1], cell[2]))
            bottom = out.get((m.denominator, cell[1], cell[2]))
            out[cell] = None if top is None or not bottom else round(top / bottom, 6)
    return out


# -- benchmarking -----------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """A rate to benchmark an LA on.

    Attributes:
        name: The indicator's name.
        title: A title for tables and charts.
        numerator: The count measure above the line, or the share or median
            measure itself when ``denominator`` is None.
        denominator: The count measure below the line, if the indicator is a
            rate of two counts.
        higher_is: ``"better"``, ``"worse"`` or ``"neutral"``, for reading the ranks.
    """

    name: str
    title: str
    numerator: str
    denominator: str | None = None
    higher_is: str = "neutral"


#: The rates an LA is benchmarked on, in the order of the journey.
INDICATORS: tuple[Indicator, ...] = (
    Indicator("offer_rate", "Referred families offered an FGC", "families_offered",
              "families_referred", "better"),
    Indicator("take_up_rate", "Offered families who took it up", "families_accepted",
              "families_offered", "better"),
    Indicator("conference_rate", "Families who took it up with a conference held",
              "families_initial_conference_held", "families_accepted", "better"),
    Indicator("plan_rate", "Families with a conference who agreed a plan",
              "families_plan_agreed", "families_initial_conference_held", "better"),
    Indicator("median_days_referral_to_conference", "Median days, referral to conference",
              "median_days_referral_to_conference", None, "worse"),
    Indicator("median_days_offer_to_conference", "Median days, offer to conference",
              "median_days_offer_to_conference", None, "worse"),
    Indicator("share_pp_meetings_before_application",
              "Pre-proceedings meetings held before the application",
              "share_pp_meetings_before_application", None, "better"),
    Indicator("share_m12_looked_after", "Looked after at 12 months",
              "share_m12_looked_after", None, "worse"),
    Indicator("share_m12_proceedings_issued", "Care proceedings issued by 12 months",
              "share_m12_proceedings_issued", None, "worse"),
    Indicator("share_m12_family_network", "Living within the family network at 12 months",
              "share_m12_family_network", None, "better"),
)  # fmt: skip


def _indicator_value(cells: dict[str, float | None], indicator: Indicator) -> float | None:
    top = cells.get(indicator.numerator)
    if indicator.denominator is None:
        return top
    bottom = cells.get(indicator.denominator)
    return None if top is None or not bottom else round(top / bottom, 6)


def _benchmark_schema() -> pa.Schema:
    return pa.schema(
        [
            ("la_number", pa.string()),
            ("la_name", pa.string()),
            ("region", pa.string()),
            ("period_start", pa.date32()),
            ("period_end", pa.date32()),
            ("indicator", pa.string()),
            ("title", pa.string()),
            ("higher_is", pa.string()),
            ("la_value", pa.float64()),
            ("region_value", pa.float64()),
            ("england_value", pa.float64()),
            ("difference_from_region", pa.float64()),
            ("difference_from_england", pa.float64()),
            ("rank", pa.int64()),
            ("ranked_las", pa.int64()),
        ]
    )


def benchmark(areas: pa.Table, la_number: str, published: pa.Table | None = None) -> pa.Table:
    """Benchmark one LA against its region and England, on every :data:`INDICATORS` rate.

    Args:
        areas: An area table from :func:`combine_returns`.
        la_number: The LA to benchmark.
        published: The same table as published (values as text, see
            :func:`~fgc_standard.aggregate.suppress.publish`). When given, a rate
            built on a suppressed figure is left empty, so that the benchmark
            cannot reveal what suppression hid.

    Returns:
        One row per period and indicator: the LA's, its region's and England's
        values, the LA's differences from them, and its rank among the LAs of
        the table with a value (1 is the highest value; ties share the best rank).

    Raises:
        FGCError: The LA is not in the table.
    """
    totals: dict[tuple[str, str, _Period], dict[str, float | None]] = defaultdict(dict)
    names: dict[str, tuple[str, str | None]] = {}
    shown = published.column("value").to_pylist() if published is not None else None
    for i, row in enumerate(areas.to_pylist()):
        if row["breakdown"] != TOTAL or row["breakdown_value"] != ALL:
            continue
        period = (row["period_start"], row["period_end"])
        key = (row["area_level"], row["area_code"], period)
        hidden = shown is not None and shown[i] == "c"
        totals[key][row["measure"]] = None if hidden else row["value"]
        if row["area_level"] == "local_authority":
            names[row["area_code"]] = (row["area_name"], row["region"])
    if la_number not in names:
        raise FGCError(f"LA {la_number!r} is not in the combined table")
    la_name, region = names[la_number]
    periods = sorted({k[2] for k in totals if k[0] == "local_authority" and k[1] == la_number})
    rows = []
    for period in periods:
        las = {k[1]: v for k, v in totals.items() if k[0] == "local_authority" and k[2] == period}
        for indicator in INDICATORS:
            mine = _indicator_value(las[la_number], indicator)
            reg = _indicator_value(totals.get(("region", region or "", period), {}), indicator)
            eng = _indicator_value(totals.get(("england", ENGLAND_CODE, period), {}), indicator)
            ranked = [
                v for v in (_indicator_value(c, indicator) for c in las.values()) if v is not None
            ]
            rows.append(
                {
                    "la_number": la_number,
                    "la_name": la_name,
                    "region": region,
                    "period_start": period[0],
                    "period_end": period[1],
                    "indicator": indicator.name,
                    "title": indicator.title,
                    "higher_is": indicator.higher_is,
                    "la_value": mine,
                    "region_value": reg,
                    "england_value": eng,
                    "difference_from_region": None
                    if mine is None or reg is None
                    else round(mine - reg, 6),
                    "difference_from_england": None
                    if mine is None or eng is None
                    else round(mine - eng, 6),
                    "rank": None if mine is None else 1 + sum(v > mine for v in ranked),
                    "ranked_las": len(ranked),
                }
            )
    return pa.Table.from_pylist(rows, schema=_benchmark_schema())


def la_numbers(areas: pa.Table) -> list[str]:
    """The LAs of an area table, in order."""
    return sorted(
        {r["area_code"] for r in areas.to_pylist() if r["area_level"] == "local_authority"}
    )
