"""Return rules (FGC2xxx): keys, links between tables, and dates across entities.

Every check is a join or a group-by over whole tables, on keys numbered once
(:meth:`~fgc_standard.rules.context.ValidationContext.keyed`, see
:mod:`fgc_standard.rules.keys`) rather than on their text. Dates run in the order
of an FGC: referral, offer, decision, conference, plan, review, outcome. An
outcome is only checked against the referral: it is taken at a fixed time
point from the trigger date, which may fall before a late conference.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any

import narwhals as nw
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.chunks import take_values
from fgc_standard.entities import RECORD_ENTITIES, entity_spec
from fgc_standard.report.issue import Severity
from fgc_standard.report.kinds import CheckKind
from fgc_standard.rules.catalogue import register
from fgc_standard.rules.context import ITEM, ROW, ValidationContext
from fgc_standard.rules.keys import key_column
from fgc_standard.rules.rule import Change, CheckFunction, Finding, Rule

__all__ = ["OFFER_NOT_IN_LETTER", "accepted_referrals", "referral_children"]

#: A narwhals lazy frame of whichever engine runs the rules.
Frame = Any


#: Offers made other than in the letter before proceedings: dated after the referral.
OFFER_NOT_IN_LETTER = (nw.col("offer_made") == True).fill_null(False) & ~(  # noqa: E712
    nw.col("offered_in_letter_before_proceedings") == True  # noqa: E712
).fill_null(False)


def _has(ctx: ValidationContext, *tables: str) -> bool:
    return all(t in ctx.arrow for t in tables)


def accepted_referrals(ctx: ValidationContext) -> Frame:
    """The ``referral_id`` of every referral with an ACCEPTED decision on one of its offers.

    Keys are numbers (see :meth:`ValidationContext.keyed`): join the result
    with keyed frames only.
    """

    def build() -> Frame:
        # columns first, then rows, in every rule: a filter on an eager table copies every
        # column it keeps
        accepted = ctx.keyed("acceptances").select("offer_id", "decision")
        accepted = accepted.filter(nw.col("decision") == "ACCEPTED")
        offers = ctx.keyed("offers").select("offer_id", "referral_id")
        joined = accepted.select("offer_id").join(offers, on="offer_id", how="inner")
        # only ever used in semi and anti joins, where repeated keys do no harm
        return joined.select("referral_id")

    # a return rule and a statutory rule read it: the join runs once
    return ctx.shared("accepted_referrals", build)


def referral_children(ctx: ValidationContext) -> Frame:
    """Pairs (``referral_id``, ``child_id``) of keys as numbers: each child of each referral."""
    items = ctx.keyed_items("referrals", "child_ids").select(
        ROW, nw.col(key_column(ITEM)).alias("child_id")
    )
    ids = ctx.keyed("referrals").select(ROW, "referral_id")
    return items.join(ids, on=ROW, how="inner").select("referral_id", "child_id")


def _duplicate_keys(ctx: ValidationContext) -> Iterator[Finding]:
    for model in RECORD_ENTITIES:
        spec = entity_spec(model)
        key = spec.primary_key
        if key is None or spec.table not in ctx.arrow:
            continue
        if ctx.engine == "pyarrow":
            domain = ctx.keys.get(spec.table)
            if domain is not None:
                rows = domain.repeated_rows()  # counted on the numbers, no hashing
            else:
                rows = _repeated_rows(ctx.arrow[spec.table].column(key))
            if len(rows):
                yield Finding(
                    spec.table, key, nw.from_native(pa.table({ROW: rows}), eager_only=True)
                )
            continue
        frame = ctx.keyed(spec.table).select(ROW, key).filter(~nw.col(key).is_null())
        counts = frame.group_by(key).agg(nw.len().alias("__n"))
        repeated = ctx.collect(counts.filter(nw.col("__n") > 1).select(key))
        if repeated.num_rows == 0:
            continue  # the usual case: no second join needed
        again = ctx.frame_of(repeated)
        rows = frame.join(again, on=key, how="semi").select(ROW)
        yield Finding(spec.table, key, rows)


def _repeated_rows(column: pa.ChunkedArray) -> pa.Array:
    """Positions of the rows whose (non-null) value is in more than one row.

    For the pyarrow engine, and a table no link points at (else its key
    domain counts the repeats). Keys are usually exported in order: a column
    whose values only ever increase has no repeat, which one pass of
    comparisons settles. A column nearly in order (a few rows out of place,
    as a repeated key is) is split into the rows in order, whose values are
    all different, and the few others, looked for among them. Otherwise the
    column is sorted (Arrow sorts short strings about twice as fast as it
    hashes them) and equal neighbours are the repeats.
    """
    if len(column) < 2:
        return pa.array([], pa.int64())
    # nulls never repeat: the rest is worked on, and its positions mapped back at the end
    given = np.flatnonzero(pc.is_valid(column).to_numpy()) if column.null_count else None
    values = column.filter(pc.is_valid(column)) if given is not None else column
    strays = _out_of_order(values)
    if strays is None:
        rows = _repeats_by_sorting(values.combine_chunks())
    else:
        rows = _repeats_out_of_order(values, strays)
    if given is None:
        return rows
    return pa.array(given[rows.to_numpy()], pa.int64())


def _out_of_order(values: pa.ChunkedArray) -> np.ndarray | None:
    """Rows to set aside so that the values of the others only ever increase (sorted).

    One pass of comparisons finds the rows not above the row before them;
    only those, and a row after a row set aside, are then compared again, with
    the last row kept. ``None`` when more than one row in a hundred would be
    set aside: the column is far from in order.
    """
    if len(values) < 2:
        return np.array([], dtype=np.int64)
    rising = pc.greater(values[1:], values[:-1]).to_numpy(zero_copy_only=False)
    suspects = np.flatnonzero(~rising) + 1
    limit = len(values) // 100 + 1
    if len(suspects) > limit:
        return None
    strays: list[int] = []
    kept_before: dict[int, int] = {}  # a row set aside -> the last row kept before it
    queue = [int(row) for row in suspects]
    heapq.heapify(queue)
    done = 0  # row 0 is always kept
    while queue:
        row = heapq.heappop(queue)
        if row <= done:
            continue  # queued twice
        done = row
        before = kept_before.get(row - 1, row - 1)
        if values[row].as_py() > values[before].as_py():
            continue
        strays.append(row)
        kept_before[row] = before
        if len(strays) > limit:
            return None
        if row + 1 < len(values):
            heapq.heappush(queue, row + 1)
    return np.array(sorted(strays), dtype=np.int64)


def _repeats_out_of_order(values: pa.ChunkedArray, strays: np.ndarray) -> pa.Array:
    """Repeats once the rows other than ``strays`` only ever increase (positions, sorted)."""
    if len(strays) == 0:
        return pa.array([], pa.int64())
    stray_values = take_values(values, strays)
    # values in order are all different: each repeat involves a row out of order
    matched = np.flatnonzero(pc.is_in(values, value_set=stray_values).to_numpy())
    kept = matched[~np.isin(matched, strays)]
    repeated = set(take_values(values, kept).to_pylist())
    seen: set[object] = set()
    for value in stray_values.to_pylist():
        if value in seen:
            repeated.add(value)
        seen.add(value)
    again = pc.is_in(stray_values, value_set=pa.array(sorted(repeated), values.type))
    rows = np.concatenate((kept, strays[again.to_numpy(zero_copy_only=False)]))
    return pa.array(np.sort(rows), pa.int64())


def _repeats_by_sorting(values: pa.Array) -> pa.Array:
    order = pc.sort_indices(values)
    ordered = values.take(order)
    same = pc.fill_null(pc.equal(ordered[1:], ordered[:-1]), False)  # nulls never repeat
    if not pc.any(same).as_py():
        return pa.array([], pa.int64())
    repeated = np.zeros(len(values), dtype=bool)
    flags = same.to_numpy(zero_copy_only=False)
    repeated[1:] |= flags
    repeated[:-1] |= flags
    return pa.array(np.sort(order.to_numpy()[repeated]), pa.int64())


def _dangling_keys(ctx: ValidationContext) -> Iterator[Finding]:
    for model in RECORD_ENTITIES:
        spec = entity_spec(model)
        for field in spec.foreign_keys:
            assert field.foreign_key is not None
            ref_table, ref_field = field.foreign_key
            if not _has(ctx, spec.table, ref_table):
                continue
            # a value whose number is not one of the referenced table's keys
            known = ctx.keys[ref_table].known
            if field.is_list:
                # the item's text is the value the issue names
                items = ctx.keyed_items(spec.table, field.name)
                rows = items.filter((nw.col(key_column(ITEM)) >= known).fill_null(False))
                rows = rows.select(ROW, nw.col(ITEM).alias("__value"))
            else:
                rows = ctx.keyed(spec.table).filter((nw.col(field.name) >= known).fill_null(False))
                rows = rows.select(ROW)
            params = {"ref_table": ref_table, "ref_field": ref_field}
            yield Finding(spec.table, field.name, rows, params)


def _earlier_than_linked(
    ctx: ValidationContext,
    table: str,
    date_field: str,
    link: str,
    linked: Frame,
    linked_key: str,
    linked_date: str,
    where: nw.Expr | None = None,
    name: str | None = None,
) -> Frame:
    """Rows of ``table`` whose ``date_field`` is before ``linked_date`` of the linked row.

    The linked date comes back as ``ctx_<name>`` (default: ``linked_date``).
    """
    ctx_name = f"ctx_{name or linked_date}"
    frame = ctx.keyed(table)
    if where is not None:
        frame = frame.filter(where)
    mine = frame.select(ROW, link, date_field)
    theirs = linked.select(nw.col(linked_key).alias("__link"), nw.col(linked_date).alias(ctx_name))
    joined = mine.join(theirs, left_on=link, right_on="__link", how="inner")
    bad = joined.filter((nw.col(date_field) < nw.col(ctx_name)).fill_null(False))
    # a key used twice (FGC2001) links a row to two records: name the latest date, the
    # same on every engine
    return bad.group_by(ROW).agg(nw.col(ctx_name).max())


def _dated_check(
    table: str,
    date_field: str,
    link: str,
    parent: str,
    parent_key: str,
    parent_date: str,
    where: nw.Expr | None = None,
    name: str | None = None,
) -> CheckFunction:
    def check(ctx: ValidationContext) -> Iterator[Finding]:
        if not _has(ctx, table, parent):
            return
        ctx_name = f"ctx_{name or parent_date}"
        beside = ctx.linked(table, link, {parent_date: ctx_name})
        if beside is None:  # a parent key used twice: join, and name the latest date
            linked = ctx.keyed(parent)
            rows = _earlier_than_linked(
                ctx, table, date_field, link, linked, parent_key, parent_date, where, name
            )
        else:
            # the dates first: few rows are left for the other condition
            early = beside.filter((nw.col(date_field) < nw.col(ctx_name)).fill_null(False))
            rows = (early if where is None else early.filter(where)).select(ROW, ctx_name)
        yield Finding(table, date_field, rows)

    return check


def _before_decision(ctx: ValidationContext) -> Iterator[Finding]:
    if not _has(ctx, "conferences", "offers", "acceptances"):
        return
    offers = ctx.keyed("offers").select("offer_id", "referral_id")
    decisions = ctx.keyed("acceptances").select("offer_id", "decision_date")
    first = (
        decisions.join(offers, on="offer_id", how="inner")
        .group_by("referral_id")
        .agg(nw.col("decision_date").min().alias("first_decision_date"))
    )
    rows = _earlier_than_linked(
        ctx,
        "conferences",
        "conference_date",
        "referral_id",
        first,
        "referral_id",
        "first_decision_date",
    )
    yield Finding("conferences", "conference_date", rows)


def _held_without_acceptance(ctx: ValidationContext) -> Iterator[Finding]:
    if not _has(ctx, "conferences", "offers", "acceptances"):
        return
    held = (
        ctx.keyed("conferences")
        .select(ROW, "referral_id", "status")
        .filter(nw.col("status") == "HELD")
        .select(ROW, "referral_id")
    )
    rows = held.join(accepted_referrals(ctx), on="referral_id", how="anti").select(ROW)
    yield Finding("conferences", "status", rows)


def _plan_of_unheld(ctx: ValidationContext) -> Iterator[Finding]:
    if not _has(ctx, "plans", "conferences"):
        return
    unheld = (
        ctx.keyed("conferences")
        .select("conference_id", "status")
        .filter(nw.col("status") != "HELD")
        .select(nw.col("conference_id"), nw.col("status").alias("ctx_status"))
        .unique(subset=["conference_id"], keep="any")
    )
    plans = ctx.keyed("plans").select(ROW, "conference_id")
    rows = plans.join(unheld, on="conference_id", how="inner").select(ROW, "ctx_status")
    yield Finding("plans", "conference_id", rows)


def _acceptance_of_no_offer(ctx: ValidationContext) -> Iterator[Finding]:
    if not _has(ctx, "acceptances", "offers"):
        return
    not_made = (
        ctx.keyed("offers")
        .select("offer_id", "offer_made")
        .filter(nw.col("offer_made") == False)  # noqa: E712
        .select("offer_id")
    )
    acceptances = ctx.keyed("acceptances").select(ROW, "offer_id")
    rows = acceptances.join(not_made, on="offer_id", how="semi").select(ROW)
    yield Finding("acceptances", "offer_id", rows)


def _outcome_child_not_in_referral(ctx: ValidationContext) -> Iterator[Finding]:
    if not _has(ctx, "outcomes", "referrals", "children"):
        return
    found = _children_not_in_list(ctx) if ctx.engine == "pyarrow" else None
    if found is not None:
        yield Finding(
            "outcomes", "child_id", nw.from_native(pa.table({ROW: found}), eager_only=True)
        )
        return
    # an outcome of a referral not in the return is FGC2002's, not this rule's
    known = ctx.keys["referrals"].known
    outcomes = (
        ctx.keyed("outcomes")
        .select(ROW, "referral_id", "child_id")
        .filter(~nw.col("child_id").is_null() & (nw.col("referral_id") < known).fill_null(False))
    )
    rows = outcomes.join(referral_children(ctx), on=["referral_id", "child_id"], how="anti").select(
        ROW
    )
    yield Finding("outcomes", "child_id", rows)


def _children_not_in_list(ctx: ValidationContext) -> pa.Array | None:
    """FGC2023 with no join: the outcomes whose child is not in its referral's ``child_ids``.

    A referral's number is its row (when no referral key is used twice), so
    each outcome finds its referral's list by position and compares its
    child's number with the few numbers in that list. Outcomes are taken a
    cache-sized block at a time, so that the work stays in the processor's
    caches. ``None`` when a referral key is used twice: join then.
    """
    referrals = ctx.keys.get("referrals")
    children = ctx.domain_of("outcomes", "child_id")
    if referrals is None or referrals.repeats or children is None:
        return None
    if ctx.domain_of("referrals", "child_ids") is not children:
        return None
    # a referral's code is its row; an outcome of no referral in the return is FGC2002's
    referral = referrals.numbers("outcomes", "referral_id")
    child = children.numbers("outcomes", "child_id")
    # each referral's children: the numbers of its list's items, which lie together
    lengths = pc.list_value_length(ctx.arrow["referrals"].column("child_ids"))
    counts = pc.fill_null(lengths, 0).to_numpy()
    starts = np.cumsum(counts) - counts
    listed = children.numbers("referrals", "child_ids")
    missing: list[np.ndarray] = []
    for begin in range(0, len(referral), _OUTCOME_BLOCK):
        owner = referral[begin : begin + _OUTCOME_BLOCK]
        mine = child[begin : begin + _OUTCOME_BLOCK]
        checked = np.flatnonzero((owner >= 0) & (owner < referrals.known) & (mine >= 0))
        owner, mine = owner[checked], mine[checked]
        first, length = starts[owner], counts[owner]
        found = np.zeros(len(checked), dtype=bool)
        for place in range(int(length.max()) if len(length) else 0):
            open_ = np.flatnonzero(~found & (length > place))
            found[open_] = listed[first[open_] + place] == mine[open_]
        missing.append(checked[~found] + begin)
    rows = np.concatenate(missing) if missing else np.array([], dtype=np.int64)
    return pa.array(rows, pa.int64())


#: Outcomes per block of :func:`_children_not_in_list`.
_OUTCOME_BLOCK = 1 << 16


def _rule(
    code: str,
    title: str,
    table: str | None,
    fields: tuple[str, ...],
    check: CheckFunction,
    message: str,
    rationale: str,
    kind: CheckKind,
    examples: tuple[Change, ...],
    severity: Severity = "error",
) -> None:
    register(
        Rule(
            code=code,
            severity=severity,
            kind=kind,
            layer="return",
            title=title,
            message=message,
            rationale=rationale,
            table=table,
            fields=fields,
            check=check,
            examples=examples,
        )
    )


_rule(
    "FGC2001",
    "Key used twice",
    None,
    (),
    _duplicate_keys,
    "{field} {value} is used by more than one row of {table}",
    "Each record must be identified by its own key, or links between tables are ambiguous.",
    CheckKind.DUPLICATE_KEY,
    (Change("offers", "O002", "offer_id", "O001"),),
)
_rule(
    "FGC2002",
    "Link to a record that is not in the return",
    None,
    (),
    _dangling_keys,
    "{field} {value} does not match any {ref_field} in {ref_table}",
    "Every link must point at a record of the return, or the record cannot be counted "
    "with its family.",
    CheckKind.DANGLING_FOREIGN_KEY,
    (Change("referrals", "R001", "child_ids", ["C001", "C999"]),),
)
_rule(
    "FGC2010",
    "Offer dated before the referral",
    "offers",
    ("offer_date", "referral_id"),
    _dated_check(
        "offers",
        "offer_date",
        "referral_id",
        "referrals",
        "referral_id",
        "referral_date",
        where=OFFER_NOT_IN_LETTER,
    ),
    "offer_date {offer_date} is before the referral's referral_date {referral_date}",
    "An FGC is offered once the service has the referral; only an offer made in the "
    "letter before proceedings (or a decision not to offer) may come first.",
    CheckKind.DATES_OUT_OF_ORDER,
    (Change("offers", "O001", "offer_date", "2025-04-01"),),
)
_rule(
    "FGC2011",
    "Decision dated before the offer",
    "acceptances",
    ("decision_date", "offer_id"),
    _dated_check("acceptances", "decision_date", "offer_id", "offers", "offer_id", "offer_date"),
    "decision_date {decision_date} is before the offer's offer_date {offer_date}",
    "A family decides on an offer after it is made.",
    CheckKind.DATES_OUT_OF_ORDER,
    (Change("acceptances", "A001", "decision_date", "2025-04-01"),),
)
_rule(
    "FGC2012",
    "Conference dated before the referral",
    "conferences",
    ("conference_date", "referral_id"),
    _dated_check(
        "conferences",
        "conference_date",
        "referral_id",
        "referrals",
        "referral_id",
        "referral_date",
    ),
    "conference_date {conference_date} is before the referral's referral_date {referral_date}",
    "A conference is prepared after the referral.",
    CheckKind.DATES_OUT_OF_ORDER,
    (Change("conferences", "M001", "conference_date", "2025-04-01"),),
)
_rule(
    "FGC2013",
    "Conference dated before the family's decision",
    "conferences",
    ("conference_date", "referral_id"),
    _before_decision,
    "conference_date {conference_date} is before the family's first decision on an offer "
    "({first_decision_date})",
    "A conference follows the family's decision to take up the offer.",
    CheckKind.DATES_OUT_OF_ORDER,
    (Change("conferences", "M001", "conference_date", "2025-04-15"),),
)
_rule(
    "FGC2014",
    "Plan dated before its conference",
    "plans",
    ("plan_date", "conference_id"),
    _dated_check(
        "plans", "plan_date", "conference_id", "conferences", "conference_id", "conference_date"
    ),
    "plan_date {plan_date} is before the conference's conference_date {conference_date}",
    "A plan is made at (or after) the conference.",
    CheckKind.DATES_OUT_OF_ORDER,
    (Change("plans", "P001", "plan_date", "2025-05-01"),),
)
_rule(
    "FGC2015",
    "Review dated before the conference it reviews",
    "conferences",
    ("conference_date", "reviews_conference_id"),
    _dated_check(
        "conferences",
        "conference_date",
        "reviews_conference_id",
        "conferences",
        "conference_id",
        "conference_date",
        name="reviewed_date",
    ),
    "conference_date {conference_date} is before the date of the conference it reviews "
    "({reviewed_date})",
    "A review looks back at an earlier conference.",
    CheckKind.DATES_OUT_OF_ORDER,
    (Change("conferences", "M002", "conference_date", "2025-05-19"),),
)
_rule(
    "FGC2016",
    "Outcome dated before the referral",
    "outcomes",
    ("recorded_date", "referral_id"),
    _dated_check(
        "outcomes", "recorded_date", "referral_id", "referrals", "referral_id", "referral_date"
    ),
    "recorded_date {recorded_date} is before the referral's referral_date {referral_date}",
    "Outcomes are taken at time points after the trigger date.",
    CheckKind.DATES_OUT_OF_ORDER,
    (Change("outcomes", "X001", "recorded_date", "2025-04-01"),),
)
_rule(
    "FGC2020",
    "Conference held without an accepted offer",
    "conferences",
    ("status", "referral_id"),
    _held_without_acceptance,
    "conference {conference_id} is HELD but no offer of referral {referral_id} was accepted",
    "A conference is held only when the family accepted an offer.",
    CheckKind.INCONSISTENT_STATUS,
    (Change("acceptances", "A001", "decision", "NO_RESPONSE"),),
)
_rule(
    "FGC2021",
    "Plan from a conference that was not held",
    "plans",
    ("conference_id",),
    _plan_of_unheld,
    "plan {plan_id} is from conference {conference_id}, whose status is {status}, not HELD",
    "A plan is made at a conference that took place.",
    CheckKind.INCONSISTENT_STATUS,
    (Change("conferences", "M001", "status", "NOT_HELD"),),
)
_rule(
    "FGC2022",
    "Decision on an offer that was not made",
    "acceptances",
    ("offer_id",),
    _acceptance_of_no_offer,
    "acceptance {acceptance_id} answers offer {offer_id}, but that offer was not made",
    "A family can only decide on an offer that was made.",
    CheckKind.INCONSISTENT_STATUS,
    (
        Change("offers", "O001", "offer_made", False),
        Change("offers", "O001", "reason_not_offered", "BEST_INTERESTS"),
    ),
)
_rule(
    "FGC2023",
    "Outcome for a child not in the referral",
    "outcomes",
    ("child_id", "referral_id"),
    _outcome_child_not_in_referral,
    "child {child_id} is not one of the children of referral {referral_id}",
    "Outcomes are recorded for the children the referral is about.",
    CheckKind.INCONSISTENT_STATUS,
    (Change("outcomes", "X001", "child_id", "C003"),),
)
