"""The seeded generator: a clean, consistent synthetic return, built column by column.

Nothing here loops over rows. Each chunk of referrals is drawn with numpy as
whole columns (one value per referral, child, conference or outcome) and
turned into Arrow tables with the standard schemas. Chunks have a fixed size
and their own random stream (``[seed, chunk number]``), so the same seed gives
the same return whatever reads it, and a writer can stream chunks to disk with
bounded memory.

The rates and delays live in :mod:`fgc_standard.synth.distributions`, which also
lists the date orders every clean return keeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard._version import STANDARD_VERSION, __version__
from fgc_standard.codelists import codelist
from fgc_standard.entities import RECORD_ENTITIES
from fgc_standard.errors import FGCError
from fgc_standard.returns import FGCReturn
from fgc_standard.schema.arrow import arrow_schema
from fgc_standard.synth import distributions as dist
from fgc_standard.synth._arrays import (
    NEVER,
    BoolArray,
    IntArray,
    add_months,
    codes_column,
    dates_column,
    day_number,
    ids_column,
    pick,
    uniform_days,
)

__all__ = [
    "CHUNK_REFERRALS",
    "ID_PREFIXES",
    "generate_return",
    "header_table",
    "id_width",
    "iter_chunks",
]

#: Referrals per chunk. Fixed, so that the output never depends on how it is consumed.
CHUNK_REFERRALS = 50_000
#: The first letter of each table's identifiers.
ID_PREFIXES: dict[str, str] = {
    "children": "C",
    "referrals": "R",
    "families": "F",
    "offers": "O",
    "acceptances": "A",
    "conferences": "M",
    "plans": "P",
    "outcomes": "X",
}
_SOFTWARE_NAME = "fgc-standard synthetic generator"
_RECORD_TABLES = tuple(m.table_name for m in RECORD_ENTITIES)


def id_width(referrals: int) -> int:
    """Digits in every identifier of a return of ``referrals`` referrals (at least 7).

    Every table has at most 40 rows per referral, so one width fits all tables.
    """
    return max(7, len(str(referrals * 40)))


def _check_arguments(referrals: int, seed: int, la_number: str) -> None:
    if isinstance(referrals, bool) or not isinstance(referrals, int) or referrals < 0:
        raise FGCError(f"referrals must be a whole number 0 or more, not {referrals!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise FGCError(f"seed must be a whole number 0 or more, not {seed!r}")
    if la_number not in codelist("la"):
        raise FGCError(
            f"la_number {la_number!r} is not a DfE LA number in the code list la.csv "
            "(for example 938 for West Sussex)"
        )


def header_table(la_number: str) -> pa.Table:
    """Return the one-row header table of a synthetic return."""
    row = {
        "la_number": la_number,
        "period_start": dist.PERIOD_START,
        "period_end": dist.PERIOD_END,
        "standard_version": STANDARD_VERSION,
        "software_name": _SOFTWARE_NAME,
        "software_version": __version__,
        "produced_at": datetime.fromisoformat(dist.PRODUCED_AT),
    }
    return pa.Table.from_pylist([row], schema=arrow_schema("header"))


@dataclass
class _Counters:
    """The last number used in each table, carried from chunk to chunk."""

    used: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ID_PREFIXES, 0))

    def take(self, table: str, count: int) -> IntArray:
        start = self.used[table] + 1
        self.used[table] += count
        numbers: IntArray = np.arange(start, start + count, dtype=np.int64)
        return numbers


def iter_chunks(referrals: int, seed: int = 0) -> Iterator[dict[str, pa.Table]]:
    """Yield the record tables of a synthetic return, one chunk of referrals at a time.

    Args:
        referrals: How many referrals (families) in the whole return.
        seed: The random seed; the same seed gives the same tables.

    Yields:
        Table name -> Arrow table with the standard schema, for the seven
        record-level tables of one chunk.
    """
    counters = _Counters()
    width = id_width(referrals)
    for chunk, start in enumerate(range(0, referrals, CHUNK_REFERRALS)):
        size = min(CHUNK_REFERRALS, referrals - start)
        rng = np.random.default_rng([seed, chunk])
        yield _Chunk(rng, size, counters, width).tables()


def generate_return(referrals: int, seed: int = 0, *, la_number: str = "938") -> FGCReturn:
    """Generate a clean, valid, consistent synthetic return in memory.

    Every key is unique, every foreign key resolves, every date order in
    :mod:`fgc_standard.synth.distributions` holds and every record passes its
    model. No real person is in it.

    Args:
        referrals: How many referrals (one family each); 0 gives an empty return.
        seed: The random seed; the same seed gives the same return.
        la_number: The DfE LA number written in the header.

    Returns:
        The return, as Arrow tables with the standard schemas.

    Raises:
        FGCError: A negative count or seed, or an unknown LA number.
    """
    _check_arguments(referrals, seed, la_number)
    parts: dict[str, list[pa.Table]] = {name: [] for name in _RECORD_TABLES}
    for tables in iter_chunks(referrals, seed):
        for name, table in tables.items():
            parts[name].append(table)
    built = {"header": header_table(la_number)}
    for name, pieces in parts.items():
        schema = arrow_schema(name)
        built[name] = pa.concat_tables(pieces) if pieces else schema.empty_table()
    return FGCReturn(built)


class _Chunk:
    """One chunk of referrals and everything that hangs off them, drawn column by column."""

    def __init__(self, rng: np.random.Generator, n: int, counters: _Counters, width: int) -> None:
        self.rng = rng
        self.n = n
        self.counters = counters
        self.width = width

    # -- helpers -----------------------------------------------------------------------

    def _rand(self, n: int) -> np.ndarray[Any, np.dtype[np.float64]]:
        drawn: np.ndarray[Any, np.dtype[np.float64]] = self.rng.random(n)
        return drawn

    def _days(self, n: int, name: str) -> IntArray:
        return uniform_days(self.rng, n, dist.DELAYS[name])

    def _ids(self, table: str, count: int) -> pa.Array:
        return ids_column(ID_PREFIXES[table], self.counters.take(table, count), self.width)

    def _by_group(
        self, group: IntArray, groups: list[str], shares: dict[str, dict[str, float]]
    ) -> tuple[IntArray, list[str]]:
        """Draw a code per row from the distribution of the row's group."""
        codes = list(dict.fromkeys(c for g in groups for c in shares[g]))
        out = np.zeros(len(group), dtype=np.int64)
        for g_index, g in enumerate(groups):
            rows = np.flatnonzero(group == g_index)
            local = pick(self.rng, len(rows), shares[g])
            mapping = np.array([codes.index(c) for c in shares[g]], dtype=np.int64)
            out[rows] = mapping[local]
        return out, codes

    # -- the whole chunk ------------------------------------------------------------------

    def tables(self) -> dict[str, pa.Table]:
        self._referrals()
        self._children()
        self._offers()
        self._conferences()
        self._pre_proceedings()
        self._child_states()
        return {
            "children": self.children_table,
            "referrals": self._referrals_table(),
            "offers": self.offers_table,
            "acceptances": self.acceptances_table,
            "conferences": self.conferences_table,
            "plans": self.plans_table,
            "outcomes": self._outcomes_table(),
        }

    # -- referrals ----------------------------------------------------------------------

    def _referrals(self) -> None:
        n, rng = self.n, self.rng
        stages = list(dist.STAGE_AT_REFERRAL)
        self.stage = pick(rng, n, dist.STAGE_AT_REFERRAL)
        self.stages = stages
        self.is_pp = self.stage == stages.index("PRE_PROCEEDINGS")
        self.referral_date = rng.integers(
            day_number(dist.PERIOD_START), day_number(dist.PERIOD_END) + 1, n, dtype=np.int64
        )
        sizes = np.fromiter(dist.CHILDREN_PER_FAMILY, dtype=np.int64)
        self.n_children = sizes[pick(rng, n, dist.CHILDREN_PER_FAMILY)]
        can_be_pre_birth = self.is_pp | (self.stage == stages.index("CP"))
        self.pre_birth = can_be_pre_birth & (self._rand(n) < dist.RATES["pre_birth_family"])
        self.expected_birth = np.where(
            self.pre_birth,
            self.referral_date + self._days(n, "expected_birth_after_referral"),
            NEVER,
        )
        self.letter = np.where(
            self.is_pp, self.referral_date + self._days(n, "letter_after_referral"), NEVER
        )
        self.pp_start = np.where(
            self.is_pp,
            self.referral_date - self._days(n, "pre_proceedings_start_before_referral"),
            NEVER,
        )
        # outcomes count from the letter before proceedings where one was sent
        self.trigger = np.where(self.is_pp, self.letter, self.referral_date)
        self.m3 = add_months(self.trigger, 3)
        self.m12 = add_months(self.trigger, 12)
        self.referral_source, self.referral_source_codes = self._by_group(
            self.stage, stages, dist.REFERRAL_SOURCE_BY_STAGE
        )
        self.purpose, self.purpose_codes = self._by_group(self.stage, stages, dist.PURPOSE_BY_STAGE)
        self.no_assessment = self.stage == stages.index("EARLY_HELP")
        self.primary_need = pick(rng, n, dist.PRIMARY_NEED)
        self.cin_source = pick(rng, n, dist.CIN_REFERRAL_SOURCE)
        self.ethnicity = pick(rng, n, dist.ETHNICITY)
        self.referral_ids = self._ids("referrals", n)
        self.family_ids = self._ids("families", n)

    # -- children -----------------------------------------------------------------------

    def _children(self) -> None:
        rng = self.rng
        owner = np.repeat(np.arange(self.n), self.n_children)
        count = len(owner)
        first = np.cumsum(self.n_children) - self.n_children
        position = np.arange(count) - first[owner]
        self.child_owner = owner
        # in a family referred before birth, the youngest child is unborn
        unborn = self.pre_birth[owner] & (position == self.n_children[owner] - 1)
        self.unborn = unborn
        ages = np.fromiter(dist.AGE_AT_REFERRAL, dtype=np.int64)[
            pick(rng, count, dist.AGE_AT_REFERRAL)
        ]
        age_days = np.maximum(ages * 365 + rng.integers(0, 365, count), 1)
        self.birth = np.where(unborn, NEVER, self.referral_date[owner] - age_days)
        self.age = np.where(unborn, -1, ages)
        self.child_ids = self._ids("children", count)
        sex = np.where(unborn, 2, rng.integers(0, 2, count))
        ethnicity_codes = list(dist.ETHNICITY)
        ethnicity = np.where(unborn, ethnicity_codes.index("NOBT"), self.ethnicity[owner])
        recorded = pick(rng, count, dist.DISABILITY)
        disabilities = self._disabilities(recorded, unborn)
        self.children_table = pa.Table.from_arrays(
            [
                self.child_ids,
                dates_column(self.birth),
                pa.nulls(count, pa.string()),
                dates_column(np.where(unborn, self.expected_birth[owner], NEVER)),
                codes_column(sex, ["M", "F", "U"]),
                codes_column(ethnicity, ethnicity_codes),
                disabilities,
            ],
            schema=arrow_schema("children"),
        )

    def _disabilities(self, recorded: IntArray, unborn: BoolArray) -> pa.Array:
        """One list per child: null (not recorded), [NONE], or one or two distinct codes."""
        kinds = list(dist.DISABILITY)
        count = len(recorded)
        codes = [c.code for c in codelist("disability") if c.code != "NONE"]
        how_many = np.select(
            [
                recorded == kinds.index("NONE"),
                recorded == kinds.index("1"),
                recorded == kinds.index("2"),
            ],
            [1, 1, 2],
            0,
        )
        how_many = np.where(unborn, 0, how_many)
        is_null = how_many == 0
        first = self.rng.integers(0, len(codes), count)
        second = (first + 1 + self.rng.integers(0, len(codes) - 1, count)) % len(codes)
        all_codes = ["NONE", *codes]
        item1 = np.where(recorded == kinds.index("NONE"), 0, 1 + np.minimum(first, second))
        item2 = 1 + np.maximum(first, second)
        # interleave the items of each child in order, then cut by offsets
        values = np.stack([item1, item2], axis=1)
        keep = np.stack([how_many >= 1, how_many >= 2], axis=1)
        flat = values[keep]
        offsets = np.concatenate([[0], np.cumsum(how_many)]).astype(np.int32)
        items = codes_column(flat, all_codes)
        return pa.ListArray.from_arrays(pa.array(offsets), items, mask=pa.array(is_null))

    # -- offers and the family's decision -------------------------------------------------

    def _offers(self) -> None:
        n, rng = self.n, self.rng
        rates = dist.RATES
        offered = np.where(
            self.is_pp,
            self._rand(n) < rates["offered_pre_proceedings"],
            self._rand(n) < rates["offered_other"],
        )
        self.offered = offered
        self.offer_date = np.where(
            self.is_pp, self.letter, self.referral_date + self._days(n, "offer_after_referral")
        )
        reasons = list(dist.REASON_NOT_OFFERED)
        reason = np.where(
            self.is_pp, reasons.index("BEST_INTERESTS"), pick(rng, n, dist.REASON_NOT_OFFERED)
        )
        self.offer_ids = self._ids("offers", n)
        self.offers_table = pa.Table.from_arrays(
            [
                self.offer_ids,
                self.referral_ids,
                pa.array(offered),
                dates_column(self.offer_date),
                pa.array(self.is_pp & offered),
                codes_column(reason, reasons, null=offered),
            ],
            schema=arrow_schema("offers"),
        )
        # one decision per offer made
        which = np.flatnonzero(offered)
        decisions = list(dist.DECISION)
        decision = pick(rng, len(which), dist.DECISION)
        accepted = decision == decisions.index("ACCEPTED")
        withdrawn = decision == decisions.index("WITHDRAWN")
        declined = decision == decisions.index("DECLINED")
        no_response = decision == decisions.index("NO_RESPONSE")
        decision_date = self.offer_date[which] + self._days(len(which), "decision_after_offer")
        decline = pick(rng, len(which), dist.DECLINE_REASON)
        accepted_by = pick(rng, len(which), dist.ACCEPTED_BY)
        self.acceptances_table = pa.Table.from_arrays(
            [
                self._ids("acceptances", len(which)),
                self.offer_ids.take(pa.array(which)),
                codes_column(decision, decisions),
                dates_column(decision_date, null=no_response),
                codes_column(decline, list(dist.DECLINE_REASON), null=~(declined | withdrawn)),
                codes_column(accepted_by, list(dist.ACCEPTED_BY), null=~(accepted | withdrawn)),
            ],
            schema=arrow_schema("acceptances"),
        )
        # per referral: what the family decided (-1: no offer), and when
        self.decision = np.full(n, -1, dtype=np.int64)
        self.decision[which] = decision
        self.decision_date = np.full(n, NEVER, dtype=np.int64)
        self.decision_date[which] = np.where(no_response, NEVER, decision_date)
        self.decisions = decisions

    # -- conferences and plans ------------------------------------------------------------

    def _conferences(self) -> None:
        n, rates = self.n, dist.RATES
        accepted = self.decision == self.decisions.index("ACCEPTED")
        withdrawn = self.decision == self.decisions.index("WITHDRAWN")
        u = self._rand(n)
        cancelled_first = accepted & (u < rates["initial_cancelled_then_held"])
        not_held = (
            accepted
            & ~cancelled_first
            & (u < rates["initial_cancelled_then_held"] + rates["initial_not_held"])
        )
        held = accepted & ~not_held
        decided = self.decision_date
        # slot 0: a cancelled first date (accepted then rescheduled, or withdrawn)
        slot0 = cancelled_first | withdrawn
        date0 = decided + self._days(n, "cancelled_after_decision")
        # slot 1: the initial conference, held or not held
        date1 = np.select(
            [cancelled_first, not_held],
            [
                date0 + self._days(n, "held_after_cancelled"),
                decided + self._days(n, "not_held_after_decision"),
            ],
            decided + self._days(n, "conference_after_decision"),
        )
        slot1 = accepted
        # slot 2: a review of a held initial conference, before the 3-month outcome
        slot2 = held & (self._rand(n) < rates["reviewed"])
        review_held = self._rand(n) < rates["review_held"]
        date2 = np.maximum(
            date1 + 1,
            np.minimum(date1 + self._days(n, "review_after_conference"), self.m3 - 1),
        )
        self.held = held
        self.last_conference = np.select([slot2, slot1], [date2, date1], NEVER)

        # rows in referral order, slots in order within a referral
        slot_masks = (slot0, slot1, slot2)
        owner = np.concatenate([np.flatnonzero(m) for m in slot_masks])
        slot = np.concatenate([np.full(int(m.sum()), s) for s, m in enumerate(slot_masks)])
        order = np.lexsort((slot, owner))
        owner, slot = owner[order], slot[order]
        count = len(owner)
        day = np.select([slot == 0, slot == 1], [date0[owner], date1[owner]], date2[owner])
        status = np.select(
            [
                slot == 0,
                (slot == 1) & not_held[owner],
                (slot == 2) & ~review_held[owner],
            ],
            [1, 2, 1],
            0,
        )
        reasons = [
            "FAMILY_WITHDREW",
            "NETWORK_UNAVAILABLE",
            "COORDINATOR_UNAVAILABLE",
            "CIRCUMSTANCES_CHANGED",
            "SAFETY_CONCERNS",
            "OTHER",
        ]
        other_reason = 1 + self.rng.integers(0, len(reasons) - 1, count)
        reason = np.where(withdrawn[owner], 0, other_reason)
        ids = self._ids("conferences", count)
        # a review points at the initial conference (slot 1) of its referral
        slot1_row = np.full(n, -1, dtype=np.int64)
        slot1_row[owner[slot == 1]] = np.flatnonzero(slot == 1)
        is_review = slot == 2
        reviewed_row = np.where(is_review, slot1_row[owner], 0)
        reviews_id = pc.if_else(
            pa.array(is_review), ids.take(pa.array(reviewed_row)), pa.scalar(None, pa.string())
        )
        self._conference_table(ids, owner, is_review, reviews_id, status, reason, reasons, day)
        self._plans(ids, owner, is_review, status == 0, day)

    def _conference_table(
        self,
        ids: pa.Array,
        owner: IntArray,
        is_review: BoolArray,
        reviews_id: pa.Array,
        status: IntArray,
        reason: IntArray,
        reasons: list[str],
        day: IntArray,
    ) -> None:
        rng, rates, count = self.rng, dist.RATES, len(owner)
        held = status == 0

        def unrecorded() -> BoolArray:
            drawn: BoolArray = self._rand(count) < rates["not_recorded"]
            return drawn

        # children under 5 (or unborn) do not take part; older ones in several ways
        eldest = np.maximum.reduceat(self.age, np.cumsum(self.n_children) - self.n_children)
        participation_codes = [c.code for c in codelist("child_participation")]
        participation = rng.integers(0, 4, count)  # ATTENDED .. NOT_PARTICIPATED
        participation = np.where(
            eldest[owner] >= 5, participation, participation_codes.index("NOT_APPROPRIATE")
        )
        via_advocate = participation == participation_codes.index("VIA_ADVOCATE")
        attended = participation == participation_codes.index("ATTENDED")
        child_advocate = via_advocate | (
            attended & (self._rand(count) < rates["child_advocate_when_attending"])
        )
        not_white_british = self.ethnicity[owner] != list(dist.ETHNICITY).index("WBRI")
        interpreter = self._rand(count) < np.where(
            not_white_british,
            rates["interpreter_if_not_white_british"],
            rates["interpreter_if_white_british"],
        )
        network = 2 + rng.poisson(4.0, count)
        professionals = 1 + rng.integers(0, 4, count)
        self.conferences_table = pa.Table.from_arrays(
            [
                ids,
                self.referral_ids.take(pa.array(owner)),
                codes_column(is_review.astype(np.int64), ["INITIAL", "REVIEW"]),
                reviews_id,
                codes_column(status, ["HELD", "CANCELLED", "NOT_HELD"]),
                codes_column(reason, reasons, null=held),
                dates_column(day),
                pa.array(self._rand(count) < rates["independent_coordinator"]),
                pa.array(
                    self._rand(count) < rates["private_family_time"], mask=~held | unrecorded()
                ),
                codes_column(participation, participation_codes, null=~held),
                pa.array(child_advocate, mask=~held),
                pa.array(self._rand(count) < rates["parent_advocate"], mask=~held),
                pa.array(network, pa.int64(), mask=~held | unrecorded()),
                pa.array(professionals, pa.int64(), mask=~held | unrecorded()),
                pa.array(interpreter, mask=~held),
            ],
            schema=arrow_schema("conferences"),
        )

    def _plans(
        self,
        conference_ids: pa.Array,
        owner: IntArray,
        is_review: BoolArray,
        held: BoolArray,
        day: IntArray,
    ) -> None:
        rates, rng = dist.RATES, self.rng
        # a few held conferences have no plan recorded (yet)
        recorded = held & (self._rand(len(held)) >= rates["plan_not_recorded"])
        rows = np.flatnonzero(recorded)
        count = len(rows)
        plan_owner = owner[rows]
        agreed = self._rand(count) < rates["plan_agreed"]
        u = self._rand(count)
        accepted_by_la = u < rates["plan_accepted_by_la"]
        la_undecided = ~agreed | (u >= rates["plan_accepted_by_la"] + rates["plan_declined_by_la"])
        element_codes = [c.code for c in codelist("plan_element")]
        purposes = self.purpose_codes
        purpose = np.array(purposes)[self.purpose[plan_owner]]
        where = np.select(
            [
                purpose == "REUNIFICATION",
                np.isin(purpose, ["ALTERNATIVE_CARE", "PLACEMENT_SUPPORT"]),
            ],
            [element_codes.index("RETURN_HOME"), element_codes.index("LIVE_WITH_NETWORK")],
            element_codes.index("REMAIN_AT_HOME"),
        )
        chosen = np.zeros((count, len(element_codes)), dtype=bool)
        chosen[np.arange(count), where] = True
        for code, share in dist.PLAN_ELEMENT_RATES.items():
            chosen[:, element_codes.index(code)] = rng.random(count) < share
        chosen[~agreed] = False
        per_plan = chosen.sum(axis=1)
        offsets = np.concatenate([[0], np.cumsum(per_plan)]).astype(np.int32)
        items = codes_column(np.nonzero(chosen)[1].astype(np.int64), element_codes)
        elements = pa.ListArray.from_arrays(pa.array(offsets), items, mask=pa.array(~agreed))
        plan_day = day[rows]
        no_review_due = is_review[rows] | (self._rand(count) < rates["review_due_not_recorded"])
        review_due = np.where(
            no_review_due, NEVER, plan_day + self._days(count, "plan_review_due_after_plan")
        )
        self.plans_table = pa.Table.from_arrays(
            [
                self._ids("plans", count),
                conference_ids.take(pa.array(rows)),
                dates_column(plan_day),
                pa.array(agreed),
                pa.array(accepted_by_la, mask=la_undecided),
                elements,
                dates_column(review_due),
            ],
            schema=arrow_schema("plans"),
        )

    # -- the pre-proceedings episode -------------------------------------------------------

    def _pre_proceedings(self) -> None:
        n, rates = self.n, dist.RATES
        declined = np.isin(
            self.decision,
            [self.decisions.index("DECLINED"), self.decisions.index("NO_RESPONSE")],
        )
        chance = np.select(
            [~self.offered, declined, self.held],
            [
                rates["court_if_not_offered"],
                rates["court_if_declined"],
                rates["court_if_conference_held"],
            ],
            0.0,
        )
        # an accepted offer never held, or withdrawn, never goes to court here: the
        # statutory duty would need a meeting (or a recorded reason) first
        court = self.is_pp & (self._rand(n) < chance)
        court_day = self.letter + self._days(n, "court_after_letter")
        after_meeting = np.where(
            self.last_conference < NEVER,
            self.last_conference + self._days(n, "court_after_last_conference"),
            0,
        )
        # proceedings for an unborn child can only start once the child is born
        after_birth = np.where(
            self.pre_birth, self.expected_birth + self._days(n, "court_after_birth"), 0
        )
        court_day = np.maximum.reduce([court_day, after_meeting, after_birth])
        self.court = np.where(court, court_day, NEVER)
        step_down = self.letter + self._days(n, "step_down_after_letter")
        self.step_decision = np.where(
            court, court_day - self._days(n, "step_decision_before_court"), step_down
        )
        self.step_decision = np.where(self.is_pp, self.step_decision, NEVER)
        self.letter_initiating = np.where(
            court, court_day + self._days(n, "letter_initiating_after_court"), NEVER
        )
        concerns_reduced = self._rand(n) < rates["pre_proceedings_ended_concerns_reduced"]
        outcome = np.where(court, 1, np.where(concerns_reduced, 0, 2))  # B, else A or C
        self.pp_outcome = outcome
        self.stage_court = court

    def _referrals_table(self) -> pa.Table:
        offsets = np.concatenate([[0], np.cumsum(self.n_children)]).astype(np.int32)
        child_lists = pa.ListArray.from_arrays(pa.array(offsets), self.child_ids)
        not_pp = ~self.is_pp
        return pa.Table.from_arrays(
            [
                self.referral_ids,
                self.family_ids,
                child_lists,
                dates_column(self.referral_date),
                codes_column(self.referral_source, self.referral_source_codes),
                codes_column(self.stage, self.stages),
                codes_column(self.purpose, self.purpose_codes),
                codes_column(self.primary_need, list(dist.PRIMARY_NEED), null=self.no_assessment),
                codes_column(
                    self.cin_source, list(dist.CIN_REFERRAL_SOURCE), null=self.no_assessment
                ),
                dates_column(self.pp_start),
                dates_column(self.letter),
                dates_column(self.step_decision),
                codes_column(self.pp_outcome, ["A", "B", "C"], null=not_pp),
                dates_column(self.court),
                dates_column(self.letter_initiating),
            ],
            schema=arrow_schema("referrals"),
        )

    # -- each child's path: care, proceedings, closure -------------------------------------

    def _child_states(self) -> None:
        rates, rng = dist.RATES, self.rng
        owner = self.child_owner
        count = len(owner)
        stage_name = np.array(self.stages)[self.stage]
        family_u = self._rand(self.n)[owner]  # siblings share their path
        referral_day = self.referral_date[owner]
        trigger = self.trigger[owner]
        born = np.where(self.unborn, self.expected_birth[owner], self.birth + 1)
        stage = stage_name[owner]
        # court: the referral's application (pre-proceedings), or earlier proceedings
        court = self.court[owner].copy()
        in_proceedings = stage == "PROCEEDINGS"
        proceedings_day = np.maximum(
            (self.referral_date - self._days(self.n, "proceedings_before_referral"))[owner], born
        )
        court = np.where(in_proceedings, proceedings_day, court)
        start = np.full(count, NEVER, dtype=np.int64)
        # pre-proceedings families taken to court: children come into care at the application
        pp_court = self.stage_court[owner]
        comes_in = pp_court & (family_u < rates["looked_after_if_court"])
        start = np.where(comes_in, court + self._days(count, "looked_after_after_court"), start)
        proceedings_in = in_proceedings & (family_u < rates["looked_after_stage_proceedings"])
        start = np.where(
            proceedings_in,
            np.maximum(court + self._days(count, "looked_after_after_court"), born),
            start,
        )
        # accommodation without court (s.20), by stage
        s20_chance = np.select(
            [
                (stage == "PRE_PROCEEDINGS") & ~pp_court,
                stage == "CP",
                np.isin(stage, ["CIN", "ASSESSMENT"]),
                stage == "EARLY_HELP",
            ],
            [
                rates["looked_after_pp_no_court"],
                rates["looked_after_stage_cp"],
                rates["looked_after_stage_cin"],
                rates["looked_after_stage_early_help"],
            ],
            0.0,
        )
        s20 = family_u < s20_chance
        start = np.where(s20, trigger + self._days(count, "s20_after_trigger"), start)
        # looked after at referral
        already = stage == "LOOKED_AFTER"
        start = np.where(
            already,
            np.maximum(referral_day - self._days(count, "looked_after_before_referral"), born),
            start,
        )
        care_order = already & (self._rand(self.n)[owner] < rates["stage_looked_after_care_order"])
        court = np.where(care_order, start, court)
        # an unborn child is never looked after before birth
        start = np.where(start < NEVER, np.maximum(start, born), start)
        has_court = court < NEVER
        leave_u = self._rand(self.n)[owner]
        leaves = (
            np.where(
                already,
                leave_u < rates["stage_looked_after_leaves_care"],
                leave_u < rates["leaves_care_within_year"],
            )
            & (start < NEVER)
            & (comes_in | proceedings_in | already)
        )
        end = np.where(
            leaves,
            np.where(
                already,
                np.maximum(trigger + self._days(count, "s20_after_trigger"), start + 1),
                start + self._days(count, "looked_after_stay"),
            ),
            NEVER,
        )
        # where a child lives when not looked after, and on leaving care
        home_codes = ["PARENTS", "NETWORK_INFORMAL", "NETWORK_SGO", "NETWORK_CAO"]
        home = np.where(self._rand(self.n)[owner] < rates["home_with_network"], 1, 0)
        leave_to = np.where(has_court, rng.integers(0, 3, count), 0)  # PARENTS, SGO, CAO
        leave_to = np.select([leave_to == 1, leave_to == 2], [2, 3], 0)
        placement = pick(rng, count, dist.LOOKED_AFTER_PLACEMENT)
        placements = list(dist.LOOKED_AFTER_PLACEMENT)
        placement = np.where(
            ~has_court & (placement == placements.index("PLACED_WITH_PARENTS")),
            placements.index("NON_FAMILY_FOSTER"),
            placement,
        )
        # open status when nothing else applies (EARLY_HELP, CIN or CP), by stage
        on_plan = self._rand(count) < rates["open_case_on_protection_plan"]
        open_status = np.select(
            [stage == "EARLY_HELP", np.isin(stage, ["ASSESSMENT", "CIN"]), on_plan], [0, 1, 2], 1
        )
        m12 = self.m12[owner]
        closure_day = m12 + self._days(count, "closure_after_m12")
        closes = (
            (start == NEVER)
            & (~has_court | (court + dist.DELAYS["final_order_after_court"][0] <= m12))
            & (self._rand(self.n)[owner] < rates["closure_after_m12"])
        )
        self.state = {
            "court": court,
            "start": start,
            "end": end,
            "home": home,
            "leave_to": leave_to,
            "placement": placement,
            "open_status": open_status,
            "closure": np.where(closes, closure_day, NEVER),
            "trigger": trigger,
        }
        self.home_codes = home_codes

    def _outcomes_table(self) -> pa.Table:
        owner = self.child_owner
        count = len(owner)
        closure = self.state["closure"]
        points = [(3, "M3"), (6, "M6"), (12, "M12")]
        child = np.concatenate([np.arange(count)] * 3 + [np.flatnonzero(closure < NEVER)])
        point = np.concatenate(
            [np.full(count, i) for i in range(3)] + [np.full(int((closure < NEVER).sum()), 3)]
        )
        order = np.lexsort((point, child))
        child, point = child[order], point[order]
        rows = len(child)
        trigger = self.state["trigger"][child]
        day = np.select(
            [point == i for i in range(3)],
            [add_months(trigger, months) for months, _ in points],
            closure[child],
        )
        s = {k: v[child] for k, v in self.state.items()}
        final = dist.DELAYS["final_order_after_court"][0]
        looked_after = (s["start"] <= day) & (day < s["end"])
        left_care = s["end"] <= day
        placements = list(dist.LOOKED_AFTER_PLACEMENT)
        arrangement_codes = [*self.home_codes, *placements]
        arrangement = np.select(
            [looked_after, left_care],
            [len(self.home_codes) + s["placement"], s["leave_to"]],
            s["home"],
        )
        issued = s["court"] <= day
        in_proceedings = issued & (day < s["court"] + final)
        order_codes = ["NONE", "ICO", "CO", "SGO", "CAO", "SO"]
        legal_order = np.select(
            [
                looked_after & in_proceedings,
                looked_after & issued,
                looked_after,
                arrangement == self.home_codes.index("NETWORK_SGO"),
                arrangement == self.home_codes.index("NETWORK_CAO"),
                issued & ~in_proceedings,
            ],
            [1, 2, 0, 3, 4, 5],
            0,
        )
        status_codes = ["C1", "C2", "V2"]
        legal_status = np.select([in_proceedings, issued], [0, 1], 2)
        pp = self.is_pp[owner][child]
        step = self.step_decision[owner][child]
        case_codes = [
            "EARLY_HELP",
            "CIN",
            "CP",
            "LOOKED_AFTER",
            "PROCEEDINGS",
            "PRE_PROCEEDINGS",
            "CLOSED",
        ]
        case_status = np.select(
            [looked_after, in_proceedings, pp & (day < step), s["closure"] <= day],
            [3, 4, 5, 6],
            s["open_status"],
        )
        spent = np.minimum(day, s["end"]) - np.maximum(s["start"], trigger)
        days_looked_after = np.where(s["start"] < NEVER, np.maximum(spent, 0), 0)
        unknown = self._rand(rows) < dist.RATES["days_looked_after_unknown"]
        ids = self._ids("outcomes", rows)
        time_points = [name for _, name in points] + ["CLOSURE"]
        return pa.Table.from_arrays(
            [
                ids,
                self.referral_ids.take(pa.array(owner[child])),
                self.child_ids.take(pa.array(child)),
                codes_column(point, time_points),
                dates_column(day),
                codes_column(arrangement, arrangement_codes),
                pa.array(looked_after),
                pa.array(issued),
                dates_column(np.where(issued, s["court"], NEVER)),
                codes_column(legal_order, order_codes),
                codes_column(legal_status, status_codes, null=~looked_after),
                pa.array(days_looked_after, pa.int64(), mask=unknown),
                codes_column(case_status, case_codes),
            ],
            schema=arrow_schema("outcomes"),
        )
