"""Derive the census module items from a return, one row per child and episode.

A pre-proceedings episode is a referral that holds pre-proceedings data (any
of the referral's census fields). Each child of such a referral gets one
module block. The two flags are derived from offers and conferences within
the episode's window: on or after ``PPStartDate`` and, once the step decision
is recorded, on or before ``StepDecisionDate``.

:func:`pre_proceedings_episodes` is written with narwhals so that the census
rules of the catalogue (:mod:`fgc_standard.rules.census`) use the very same
derivation, on whichever dataframe library the validator runs.
"""

from __future__ import annotations

from typing import Any

import narwhals as nw
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.cin.crosswalk import CensusItem, derived_items
from fgc_standard.returns import FGCReturn

__all__ = [
    "CHILD_COLUMN",
    "EPISODE_FIELDS",
    "REFERRAL_COLUMN",
    "census_items",
    "census_items_schema",
    "pre_proceedings_episodes",
]

#: The column naming the child (the census's ``LAchildID``) in a crosswalk table.
CHILD_COLUMN = "child_id"
#: The column naming the referral an episode comes from (not written to the census).
REFERRAL_COLUMN = "referral_id"
#: The referral fields copied into the module, in the census's order.
EPISODE_FIELDS: tuple[str, ...] = tuple(
    i.column for i in derived_items() if i.column and i.sources == (f"referrals.{i.column}",)
)
_OFFERED = "fgdm_meeting_offered"
_FACILITATED = "fgdm_meeting_facilitated"
_START = "pre_proceedings_start_date"
_STEP = "step_decision_date"

Frame = nw.LazyFrame[Any]


def _arrow_type(item: CensusItem) -> pa.DataType:
    if item.kind == "date":
        return pa.date32()
    if item.kind == "flag":
        return pa.int8()
    if item.kind == "count":
        return pa.int64()
    return pa.string()


def census_items_schema(*, with_referral: bool = True) -> pa.Schema:
    """The Arrow schema of a crosswalk table: child, (referral,) then each derived item."""
    fields = [pa.field(CHILD_COLUMN, pa.string(), nullable=False)]
    if with_referral:
        fields.append(pa.field(REFERRAL_COLUMN, pa.string()))
    fields.extend(pa.field(i.column, _arrow_type(i)) for i in derived_items() if i.column)
    return pa.schema(fields)


def _within_episode(date_column: str) -> nw.Expr:
    after_start = nw.col(_START).is_null() | (nw.col(date_column) >= nw.col(_START))
    before_step = nw.col(_STEP).is_null() | (nw.col(date_column) <= nw.col(_STEP))
    return (after_start & before_step).fill_null(False)


def _marked(frame: Frame, marker: str) -> Frame:
    return frame.select("referral_id").unique().with_columns(nw.lit(True).alias(marker))


def pre_proceedings_episodes(referrals: Frame, offers: Frame, conferences: Frame) -> Frame:
    """One row per referral with pre-proceedings data: its id, copied fields and the flags.

    Args:
        referrals: The referrals table (extra columns are ignored).
        offers: The offers table.
        conferences: The conferences table.

    Returns:
        A lazy frame with ``referral_id``, every field of :data:`EPISODE_FIELDS`,
        ``fgdm_meeting_offered`` and ``fgdm_meeting_facilitated`` (Int8, 1/0,
        null when the referral has no offer record).
    """
    has_data = nw.any_horizontal(*[~nw.col(f).is_null() for f in EPISODE_FIELDS], ignore_nulls=True)
    # columns first, then rows: a filter on an eager table copies every column it keeps
    episodes = referrals.select("referral_id", *EPISODE_FIELDS).filter(has_data)
    window = episodes.select("referral_id", _START, _STEP)
    recorded = _marked(offers, "__recorded")
    offered = _marked(
        offers.select("referral_id", "offer_made", "offer_date")
        .filter(nw.col("offer_made").fill_null(False))
        .select("referral_id", "offer_date")
        .join(window, on="referral_id")
        .filter(_within_episode("offer_date")),
        "__offered",
    )
    held = _marked(
        conferences.select("referral_id", "status", "conference_date")
        .filter((nw.col("status") == "HELD").fill_null(False))
        .select("referral_id", "conference_date")
        .join(window, on="referral_id")
        .filter(_within_episode("conference_date")),
        "__held",
    )
    joined = (
        episodes.join(recorded, on="referral_id", how="left")
        .join(offered, on="referral_id", how="left")
        .join(held, on="referral_id", how="left")
    )
    known = ~nw.col("__recorded").is_null()
    return joined.select(
        "referral_id",
        *EPISODE_FIELDS,
        nw.when(known).then((~nw.col("__offered").is_null()).cast(nw.Int8)).alias(_OFFERED),
        nw.when(known).then((~nw.col("__held").is_null()).cast(nw.Int8)).alias(_FACILITATED),
    )


def _lazy(table: pa.Table) -> Frame:
    frame: Frame = nw.from_native(table, eager_only=True).lazy()
    return frame


def census_items(ret: FGCReturn) -> pa.Table:
    """The census module items of a return: one row per child and pre-proceedings episode.

    Args:
        ret: A record-level return.

    Returns:
        An Arrow table with :func:`census_items_schema`, sorted by child id,
        then ``PPStartDate``, then referral id (the order of the export).
    """
    episodes_frame = pre_proceedings_episodes(
        _lazy(ret.table("referrals")), _lazy(ret.table("offers")), _lazy(ret.table("conferences"))
    )
    episodes: pa.Table = episodes_frame.collect().to_arrow()
    referrals = ret.table("referrals").select(["referral_id", "child_ids"]).combine_chunks()
    lists = referrals.column("child_ids").combine_chunks()
    parents = pc.list_parent_indices(lists)
    pairs = pa.table(
        {
            "referral_id": referrals.column("referral_id").take(parents),
            CHILD_COLUMN: pc.list_flatten(lists),
        }
    )
    # a child id that could not be read is null: it has no census block to go in
    pairs = pairs.filter(pc.is_valid(pairs.column(CHILD_COLUMN)))
    joined = pairs.join(episodes, "referral_id", join_type="inner")
    schema = census_items_schema()
    table = pa.table([joined.column(f.name).cast(f.type) for f in schema], schema=schema).sort_by(
        [
            (CHILD_COLUMN, "ascending"),
            (_START, "ascending"),
            (REFERRAL_COLUMN, "ascending"),
        ]
    )
    return table.combine_chunks()
