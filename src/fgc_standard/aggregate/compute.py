"""Compute the aggregate return from record-level tables, on any dataframe engine.

The functions here are written once against `narwhals <https://narwhals-dev.github.io/>`_
and run unchanged on pandas, PyArrow, Polars, DuckDB and PySpark: the engine
does the joins, filters and group-bys over the records, and hands back small
grouped tables (a few thousand rows at most) from which the figures are
assembled in Python. An analyst with national data on a Spark cluster calls
:func:`aggregate_frames` with Spark DataFrames and gets the same figures, by the
same definitions, as an LA running it on pandas.

Only operations every backend supports are used: no ``explode`` on PyArrow (the
referral-child link table is built before, see :func:`referral_children`), no
duration arithmetic (days between dates come from an ordinal day number built
from year and day of year), and medians are taken exactly in Python from the
engine's frequency table of day counts, because backends disagree on how (and
whether exactly) they compute a median.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Literal

import narwhals as nw
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.aggregate.measures import (
    ALL,
    CHILD_BREAKDOWNS,
    MEASURES,
    NOT_RECORDED,
    TOTAL,
    breakdown_values,
)
from fgc_standard.aggregate.model import aggregate_arrow_schema
from fgc_standard.codelists import codelist
from fgc_standard.entities import ReturnHeader
from fgc_standard.errors import FGCError
from fgc_standard.io.result import ReadResult
from fgc_standard.returns import FGCReturn

__all__ = [
    "ENGINES",
    "Engine",
    "aggregate_frames",
    "aggregate_return",
    "exact_median",
    "frames_for_engine",
    "referral_children",
    "return_header",
]

Engine = Literal["pandas", "pyarrow", "polars", "duckdb", "pyspark"]
#: The engines :func:`frames_for_engine` can hand a return to.
ENGINES: tuple[Engine, ...] = ("pandas", "pyarrow", "polars", "duckdb", "pyspark")

#: The tables :func:`aggregate_frames` reads.
INPUT_TABLES: tuple[str, ...] = (
    "referrals",
    "referral_children",
    "children",
    "offers",
    "acceptances",
    "conferences",
    "plans",
    "outcomes",
)

_I64 = nw.Int64


# -- preparing inputs -------------------------------------------------------------------


def referral_children(referrals: pa.Table) -> pa.Table:
    """Return the link table ``(referral_id, child_id)``: one row per child of a referral.

    Built with Arrow compute because narwhals cannot ``explode`` a PyArrow
    table; on Polars, DuckDB or Spark data an analyst may equally use
    ``frame.select("referral_id", "child_ids").explode("child_ids")``.
    """
    lists = referrals.column("child_ids").combine_chunks()
    parents = pc.list_parent_indices(lists)
    return pa.table(
        {
            "referral_id": pc.take(referrals.column("referral_id"), parents),
            "child_id": pc.list_flatten(lists),
        }
    )


def _arrow_inputs(ret: FGCReturn) -> dict[str, pa.Table]:
    tables = {name: ret.table(name) for name in INPUT_TABLES if name != "referral_children"}
    tables["referral_children"] = referral_children(ret.table("referrals"))
    return tables


def frames_for_engine(ret: FGCReturn, engine: Engine, spark: Any = None) -> dict[str, Any]:
    """Hand a return's tables to one engine, as that engine's native frames.

    Args:
        ret: The record-level return.
        engine: One of :data:`ENGINES`.
        spark: For ``pyspark``, the SparkSession to use.

    Raises:
        FGCError: Unknown engine, or ``pyspark`` without a session.
    """
    tables = _arrow_inputs(ret)
    if engine == "pyarrow":
        return dict(tables)
    if engine == "pandas":
        import pandas as pd

        return {k: t.to_pandas(types_mapper=pd.ArrowDtype) for k, t in tables.items()}
    if engine == "polars":
        import polars as pl

        return {k: pl.from_arrow(t) for k, t in tables.items()}
    if engine == "duckdb":
        import duckdb

        connection = duckdb.connect()
        return {k: connection.from_arrow(t) for k, t in tables.items()}
    if engine == "pyspark":
        if spark is None:
            raise FGCError("the pyspark engine needs a SparkSession (pass spark=...)")
        return {k: spark.createDataFrame(t) for k, t in tables.items()}
    raise FGCError(f"unknown engine {engine!r}; the engines are {', '.join(ENGINES)}")


# -- expressions ------------------------------------------------------------------------


def _day_number(column: str) -> nw.Expr:
    """An ordinal day number (days since 1 January of year 1, plus one) of a date column.

    Built from year and day of year with integer arithmetic, which every backend
    supports, so that days between two dates are a plain subtraction.
    """
    year = nw.col(column).dt.year().cast(_I64)
    before = year - 1
    return (
        year * 365
        + before // 4
        - before // 100
        + before // 400
        + nw.col(column).dt.ordinal_day().cast(_I64)
    )


def _flag(expr: nw.Expr) -> nw.Expr:
    return expr.fill_null(False).cast(_I64)


def _birth() -> dict[str, nw.Expr]:
    """Year and month-day (``month * 100 + day``) of birth, from the date or else the month.

    A return minimised for the national flow keeps only ``birth_month``
    (YYYY-MM); its children are taken as born on the first of that month, so an
    age can be one year too high for a child referred in its birth month.
    """
    dob = nw.col("date_of_birth")
    known = ~dob.is_null()
    month_year = nw.col("birth_month").str.slice(0, 4).cast(_I64)
    month_md = nw.col("birth_month").str.slice(5, 2).cast(_I64) * 100 + 1
    return {
        "birth_year": nw.when(known).then(dob.dt.year().cast(_I64)).otherwise(month_year),
        "birth_md": nw.when(known)
        .then(dob.dt.month().cast(_I64) * 100 + dob.dt.day().cast(_I64))
        .otherwise(month_md),
    }


def _age_band() -> nw.Expr:
    referral = nw.col("referral_date")
    ref_year = referral.dt.year().cast(_I64)
    ref_md = referral.dt.month().cast(_I64) * 100 + referral.dt.day().cast(_I64)
    age = ref_year - nw.col("birth_year") - (ref_md < nw.col("birth_md")).cast(_I64)
    no_birth = nw.col("birth_year").is_null()
    born_later = nw.col("birth_year") * 10000 + nw.col("birth_md") > ref_year * 10000 + ref_md
    return (
        nw.when(no_birth & ~nw.col("expected_date_of_birth").is_null())
        .then(nw.lit("UNBORN"))
        .when(no_birth)
        .then(nw.lit(NOT_RECORDED))
        .when(born_later)
        .then(nw.lit("UNBORN"))
        .when(age < 1)
        .then(nw.lit("UNDER_1"))
        .when(age < 5)
        .then(nw.lit("1_TO_4"))
        .when(age < 10)
        .then(nw.lit("5_TO_9"))
        .when(age < 16)
        .then(nw.lit("10_TO_15"))
        .otherwise(nw.lit("16_PLUS"))
    )


def _disability() -> nw.Expr:
    n = nw.col("disabilities").list.len()
    return (
        nw.when(n.is_null() | (n == 0))
        .then(nw.lit(NOT_RECORDED))
        .when(nw.col("disabilities").list.contains("NONE"))
        .then(nw.lit("NONE"))
        .otherwise(nw.lit("ANY"))
    )


# -- the engine's part ------------------------------------------------------------------


def _rows(frame: nw.LazyFrame[Any]) -> list[dict[str, Any]]:
    return list(frame.collect().rows(named=True))


def _grouped(frames: Mapping[str, nw.LazyFrame[Any]], start: date, end: date) -> dict[str, Any]:
    """Run the record-level work on the engine; return small grouped results."""
    referrals = frames["referrals"]
    offers = frames["offers"]
    acceptances = frames["acceptances"]
    conferences = frames["conferences"]

    cohort = referrals.filter(
        (nw.col("referral_date") >= nw.lit(start)) & (nw.col("referral_date") <= nw.lit(end))
    ).select(
        "referral_id",
        "referral_date",
        stage=nw.col("stage_at_referral"),
        lbp=nw.col("letter_before_proceedings_date"),
        court=nw.col("court_application_date"),
    )
    cohort_ids = cohort.select("referral_id")
    made = offers.filter(nw.col("offer_made").fill_null(False)).select(
        "offer_id", "referral_id", "offer_date"
    )
    first_offer = made.group_by("referral_id").agg(first_offer=nw.col("offer_date").min())
    accepted = (
        acceptances.filter(nw.col("decision") == "ACCEPTED")
        .select("offer_id")
        .join(made.select("offer_id", "referral_id"), on="offer_id", how="inner")
        .group_by("referral_id")
        .agg(n_accepted=nw.len())
    )
    held = conferences.filter(nw.col("status") == "HELD")
    first_conference = (
        held.filter(nw.col("conference_type") == "INITIAL")
        .group_by("referral_id")
        .agg(first_conference=nw.col("conference_date").min())
    )
    agreed_plans = (
        frames["plans"]
        .filter(nw.col("agreed_by_family").fill_null(False))
        .select("plan_id", "conference_id")
        .join(conferences.select("conference_id", "referral_id"), on="conference_id", how="inner")
    )
    plan_families = agreed_plans.group_by("referral_id").agg(n_plans=nw.len())

    facts = (
        cohort.join(first_offer, on="referral_id", how="left")
        .join(accepted, on="referral_id", how="left")
        .join(first_conference, on="referral_id", how="left")
        .join(plan_families, on="referral_id", how="left")
        .with_columns(
            offered=_flag(~nw.col("first_offer").is_null()),
            accepted=_flag(~nw.col("n_accepted").is_null()),
            conference=_flag(~nw.col("first_conference").is_null()),
            plan=_flag(~nw.col("n_plans").is_null()),
        )
        .with_columns(
            offered_conference=nw.col("offered") * nw.col("conference"),
            pp_accepted=nw.col("accepted") * _flag(~nw.col("lbp").is_null()),
        )
        .with_columns(
            pp_before=nw.col("pp_accepted")
            * nw.col("conference")
            * _flag(nw.col("court").is_null() | (nw.col("first_conference") < nw.col("court"))),
        )
    )
    flags = ("offered", "accepted", "conference", "plan", "offered_conference")
    flags_pp = ("pp_accepted", "pp_before")
    families = facts.group_by("stage").agg(
        nw.len().alias("referred"), *(nw.col(f).sum() for f in (*flags, *flags_pp))
    )
    days_referral = (
        facts.filter(nw.col("conference") == 1)
        .with_columns(days=_day_number("first_conference") - _day_number("referral_date"))
        .group_by("days")
        .agg(n=nw.len())
    )
    days_offer = (
        facts.filter(nw.col("offered_conference") == 1)
        .with_columns(days=_day_number("first_conference") - _day_number("first_offer"))
        .group_by("days")
        .agg(n=nw.len())
    )

    child_facts = frames["children"].select(
        "child_id",
        "expected_date_of_birth",
        **_birth(),
        sex=nw.col("sex").fill_null("U"),
        ethnicity=nw.col("ethnicity").fill_null("NOBT"),
        disability=_disability(),
    )
    children = (
        frames["referral_children"]
        .join(
            facts.select("referral_id", "referral_date", "stage", "offered", "accepted"),
            on="referral_id",
            how="inner",
        )
        .join(child_facts, on="child_id", how="left")
        .with_columns(
            age_band=_age_band(),
            sex=nw.col("sex").fill_null("U"),
            ethnicity=nw.col("ethnicity").fill_null("NOBT"),
            disability=nw.col("disability").fill_null(NOT_RECORDED),
        )
        .group_by("stage", "sex", "ethnicity", "age_band", "disability")
        .agg(nw.len().alias("referred"), nw.col("offered").sum(), nw.col("accepted").sum())
    )

    declines = (
        acceptances.filter(nw.col("decision").is_in(["DECLINED", "WITHDRAWN"]))
        .select("offer_id", reason=nw.col("decline_reason").fill_null(NOT_RECORDED))
        .join(made.select("offer_id", "referral_id"), on="offer_id", how="inner")
        .join(cohort_ids, on="referral_id", how="inner")
        .group_by("reason")
        .agg(n=nw.len())
    )
    conferences_held = (
        held.join(cohort_ids, on="referral_id", how="inner")
        .group_by("conference_type")
        .agg(n=nw.len())
    )
    plans = agreed_plans.join(cohort_ids, on="referral_id", how="inner").select(n=nw.len())
    outcomes = (
        frames["outcomes"]
        .filter(nw.col("time_point") == "M12")
        .join(cohort_ids, on="referral_id", how="inner")
        .with_columns(
            living=nw.col("living_arrangement").fill_null(NOT_RECORDED),
            looked_after=_flag(nw.col("looked_after")),
            proceedings=_flag(nw.col("care_proceedings_issued")),
        )
        .group_by("living")
        .agg(nw.len().alias("n"), nw.col("looked_after").sum(), nw.col("proceedings").sum())
    )
    return {
        "families": _rows(families),
        "days_referral": _rows(days_referral),
        "days_offer": _rows(days_offer),
        "children": _rows(children),
        "declines": _rows(declines),
        "conferences": _rows(conferences_held),
        "plans": _rows(plans),
        "outcomes": _rows(outcomes),
    }


# -- assembling the figures in Python ---------------------------------------------------


def exact_median(frequencies: Iterable[tuple[int, int]]) -> float | None:
    """The median of values given as ``(value, how many)`` pairs.

    The middle value of the sorted values, or the mean of the two middle values
    when their number is even; ``None`` when there are none.
    """
    pairs = sorted((int(v), int(n)) for v, n in frequencies if n)
    total = sum(n for _, n in pairs)
    if total == 0:
        return None
    low_rank, high_rank = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value, n in pairs:
        if low is None and seen + n > low_rank:
            low = value
        if seen + n > high_rank:
            high = value
            break
        seen += n
    assert low is not None
    assert high is not None
    return (low + high) / 2


def _int(value: Any) -> int:
    return 0 if value is None else int(value)


def _assemble(grouped: Mapping[str, Any]) -> dict[tuple[str, str, str], float | None]:
    """Turn the engine's grouped results into ``(measure, breakdown, value) -> figure``."""
    figures: dict[tuple[str, str, str], float | None] = {}
    counts: dict[tuple[str, str, str], int] = defaultdict(int)

    family_columns = {
        "families_referred": "referred",
        "families_offered": "offered",
        "families_accepted": "accepted",
        "families_initial_conference_held": "conference",
        "families_plan_agreed": "plan",
    }
    totals_only = {
        "families_offered_conference_held": "offered_conference",
        "pp_families_accepted": "pp_accepted",
        "pp_meetings_before_application": "pp_before",
    }
    for row in grouped["families"]:
        for name, column in family_columns.items():
            counts[(name, "stage_at_referral", row["stage"])] += _int(row[column])
            counts[(name, TOTAL, ALL)] += _int(row[column])
        for name, column in totals_only.items():
            counts[(name, TOTAL, ALL)] += _int(row[column])

    groups = codelist("ethnicity").attribute("group")
    child_columns = {
        "children_referred": "referred",
        "children_offered": "offered",
        "children_accepted": "accepted",
    }
    for row in grouped["children"]:
        keys = {
            TOTAL: ALL,
            "stage_at_referral": row["stage"],
            "sex": row["sex"],
            "age_band": row["age_band"],
            "ethnicity_group": groups.get(row["ethnicity"], "Unknown"),
            "disability": row["disability"],
        }
        for name, column in child_columns.items():
            for breakdown in CHILD_BREAKDOWNS:
                counts[(name, breakdown, keys[breakdown])] += _int(row[column])

    reasons = set(breakdown_values("decline_reason"))
    for row in grouped["declines"]:
        reason = row["reason"] if row["reason"] in reasons else NOT_RECORDED
        counts[("offers_declined", "decline_reason", reason)] += _int(row["n"])
        counts[("offers_declined", TOTAL, ALL)] += _int(row["n"])
    for row in grouped["conferences"]:
        counts[("conferences_held", "conference_type", row["conference_type"])] += _int(row["n"])
        counts[("conferences_held", TOTAL, ALL)] += _int(row["n"])
    for row in grouped["plans"]:
        counts[("plans_agreed", TOTAL, ALL)] += _int(row["n"])

    network = codelist("living_arrangement").attribute("family_network")
    for row in grouped["outcomes"]:
        total = (TOTAL, ALL)
        counts[("children_m12_outcome", *total)] += _int(row["n"])
        counts[("children_m12_looked_after", *total)] += _int(row["looked_after"])
        counts[("children_m12_proceedings_issued", *total)] += _int(row["proceedings"])
        if network.get(row["living"]) == "true":
            counts[("children_m12_family_network", *total)] += _int(row["n"])

    figures["median_days_referral_to_conference", TOTAL, ALL] = exact_median(
        (r["days"], r["n"]) for r in grouped["days_referral"]
    )
    figures["median_days_offer_to_conference", TOTAL, ALL] = exact_median(
        (r["days"], r["n"]) for r in grouped["days_offer"]
    )

    for m in MEASURES:
        for breakdown in m.breakdowns:
            for value in breakdown_values(breakdown):
                key = (m.name, breakdown, value)
                if m.kind == "count":
                    figures[key] = float(counts.get(key, 0))
    for m in MEASURES:
        if m.kind == "share":
            assert m.numerator is not None
            assert m.denominator is not None
            top = figures[(m.numerator, TOTAL, ALL)]
            bottom = figures[(m.denominator, TOTAL, ALL)]
            figures[(m.name, TOTAL, ALL)] = (
                None if not bottom or top is None else round(top / bottom, 6)
            )
    return figures


def _to_table(
    figures: Mapping[tuple[str, str, str], float | None],
    la_number: str,
    period_start: date,
    period_end: date,
) -> pa.Table:
    rows = []
    for m in MEASURES:
        for breakdown in m.breakdowns:
            for value in breakdown_values(breakdown):
                rows.append(
                    {
                        "la_number": la_number,
                        "period_start": period_start,
                        "period_end": period_end,
                        "measure": m.name,
                        "breakdown": breakdown,
                        "breakdown_value": value,
                        "value": figures.get((m.name, breakdown, value)),
                    }
                )
    return pa.Table.from_pylist(rows, schema=aggregate_arrow_schema())


# -- public entry points ----------------------------------------------------------------


def aggregate_frames(
    frames: Mapping[str, Any],
    *,
    la_number: str,
    period_start: date,
    period_end: date,
) -> pa.Table:
    """Compute the aggregate return from record-level frames of any narwhals-supported engine.

    Args:
        frames: Table name -> native frame (pandas, PyArrow, Polars, DuckDB or
            PySpark), for every table in ``INPUT_TABLES``: the record-level
            tables with the standard's columns, plus ``referral_children``
            (see :func:`referral_children`).
        la_number: The LA the figures are for.
        period_start: The first day of the period.
        period_end: The last day of the period.

    Returns:
        The aggregate table (see :class:`~fgc_standard.aggregate.model.AggregateRow`),
        one row per measure, breakdown and breakdown value, in publication order.

    Raises:
        FGCError: A table is missing.
    """
    missing = [name for name in INPUT_TABLES if name not in frames]
    if missing:
        raise FGCError(f"aggregation needs the tables {', '.join(missing)}")
    lazy = {name: nw.from_native(frames[name]).lazy() for name in INPUT_TABLES}
    grouped = _grouped(lazy, period_start, period_end)
    return _to_table(_assemble(grouped), la_number, period_start, period_end)


def aggregate_return(
    ret: FGCReturn | ReadResult, engine: Engine = "pyarrow", spark: Any = None
) -> pa.Table:
    """Compute the aggregate return of one record-level return, for its LA and period.

    Args:
        ret: The record-level return (its header gives the LA and the period), or
            what :func:`~fgc_standard.io.read_return` gave.
        engine: Which engine does the work; the figures are the same on each.
        spark: For ``engine="pyspark"``, the SparkSession.

    Raises:
        FGCError: The header does not give a valid LA and period (see :func:`return_header`).
    """
    if isinstance(ret, ReadResult):
        ret = ret.data
    if not isinstance(ret, FGCReturn):
        raise TypeError(f"aggregate_return takes a return (FGCReturn), not {type(ret).__name__}")
    header = return_header(ret)
    return aggregate_frames(
        frames_for_engine(ret, engine, spark),
        la_number=header.la_number,
        period_start=header.period_start,
        period_end=header.period_end,
    )


def return_header(ret: FGCReturn) -> ReturnHeader:
    """Return the header of a return, checked: it gives the LA and the period of the figures.

    Raises:
        FGCError: The header table does not have exactly one row, or its row is not a
            valid header (an unknown or empty LA number, an impossible or reversed
            period, ...); the message says briefly what is wrong.
    """
    from pydantic import ValidationError

    rows = ret.table("header").num_rows
    if rows != 1:
        found = "no row" if rows == 0 else f"{rows} rows"
        raise FGCError(f"the return header is not valid (it has {found}; a return has exactly one)")
    try:
        return ret.header
    except ValidationError as error:
        problems = ", ".join(_header_problem(detail) for detail in error.errors())
        raise FGCError(f"the return header is not valid ({problems})") from None


def _header_problem(detail: Any) -> str:
    """One of pydantic's error details, as a short phrase (no input dump, no URL)."""
    field = ".".join(str(part) for part in detail["loc"])
    context = detail.get("ctx") or {}
    if detail["type"] == "missing":
        # the readers turn an unreadable value into a null, so "missing" covers both
        return f"{field} is empty or could not be read"
    if detail["type"] == "code_not_in_list" and {"value", "list"} <= context.keys():
        codes = str(context["list"]).removesuffix(".csv")
        return f"{field} {context['value']} is not in the {codes} code list"
    if "error" in context:  # a model validator's ValueError: its own message
        return str(context["error"])
    message = str(detail["msg"])
    return f"{field}: {message}" if field else message
