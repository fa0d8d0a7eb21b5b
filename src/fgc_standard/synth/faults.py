"""Known faults: put named kinds of error into a clean synthetic return, and say where.

A fault manifest (``faults.csv``: ``entity,key,field,kind``) is the ground truth
for measuring a validator: every fault listed must be reported under a rule of
its kind, at that table, record and field. So each fault is defined precisely,
and built so that it breaks exactly one thing:

- each faulted referral (with its children, offer, decision, conferences, plans
  and outcomes) carries exactly one fault, and no two faults share a referral;
- a fault never sets off a different kind of check as a side effect (a value
  is emptied only in a field no other rule reads; a date is moved only where
  it cannot break a second order; a key is duplicated only in a table that
  nothing refers to).

The variants of each kind, used in turn (``key`` is the record's primary key
as written; *rule* says what should catch it):

``wrong_code`` (a value outside a closed code list; rule: closed code list)
    ``children.ethnicity`` set to ``WBR``; ``referrals.primary_need`` (where
    given) set to ``N10``; ``referrals.purpose`` set to ``SAFETY``.
``wrong_type`` (a value that cannot be read as its type; rule: the reader's
FGC0001; written into the text form only, so only CSV carries it)
    ``conferences.family_network_attendees`` (where given) written ``seven``;
    ``outcomes.days_looked_after`` (where given) written ``thirty``;
    ``conferences.private_family_time`` (where given) written ``maybe``.
``impossible_date`` (a date that does not exist; rule: the reader's FGC0002;
text form only)
    ``plans.review_due_date`` (where given) written as 30 February or
    31 April of its own year, alternately ``30/02/YYYY`` and ``YYYY-04-31``.
``dates_out_of_order`` (rule: the date order named; ``field`` is always the
later date of the pair, the one moved)
    ``plans.review_due_date`` moved 1-30 days before ``plan_date``;
    ``acceptances.decision_date`` (where given) moved 1-10 days before the
    offer's ``offer_date``; ``referrals.letter_initiating_proceedings_date``
    (where there is a court application) moved 1-5 days before
    ``court_application_date``.
``missing_required`` (a required value emptied; rule: required value)
    ``children.ethnicity``; ``referrals.purpose``; ``referrals.referral_source``.
``dangling_foreign_key`` (rule: foreign key resolves)
    ``plans.conference_id`` and ``conferences.reviews_conference_id`` (of a
    review) get an ``X`` appended: a key no record has.
``duplicate_key`` (rule: primary key unique; ``key`` is the duplicated value)
    an outcome's ``outcome_id`` (the 6-month one) set to that of the same
    child's 3-month outcome; a review plan's ``plan_id`` set to that of the
    referral's initial plan. Nothing refers to outcomes or plans.
``statutory_breach`` (Children Act 1989 s.31ZA; rule: statutory pre-proceedings)
    a referral whose letter before proceedings was sent loses its offer (and the
    decision, conferences and plans that followed): no offer recorded and no
    best-interests exception; ``entity`` is ``referrals``, ``field``
    ``letter_before_proceedings_date``. Or a referral with an ACCEPTED offer and
    a court application loses its conferences (and their plans): no meeting
    held before the application and no recorded reason; ``field``
    ``court_application_date``.
``inconsistent_status`` (fields of one record that contradict each other)
    an ACCEPTED decision given ``decline_reason`` ``NO_NEED``; a HELD
    conference given ``status_reason`` ``OTHER``; an offer made given
    ``reason_not_offered`` ``NOT_ELIGIBLE``. The field named is the one added.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.report.kinds import CheckKind
from fgc_standard.synth._arrays import BoolArray, IntArray

__all__ = [
    "FAULT_KINDS",
    "MANIFEST_SCHEMA",
    "TEXT_ONLY_KINDS",
    "FaultedTables",
    "TextEdit",
    "apply_text_edits",
    "inject_faults",
]

#: Every kind of fault the generator can inject, in manifest order.
FAULT_KINDS: tuple[CheckKind, ...] = (
    CheckKind.WRONG_CODE,
    CheckKind.WRONG_TYPE,
    CheckKind.IMPOSSIBLE_DATE,
    CheckKind.DATES_OUT_OF_ORDER,
    CheckKind.MISSING_REQUIRED,
    CheckKind.DANGLING_FOREIGN_KEY,
    CheckKind.DUPLICATE_KEY,
    CheckKind.STATUTORY_BREACH,
    CheckKind.INCONSISTENT_STATUS,
)
#: Kinds a typed table cannot hold: they exist only in a text form (CSV).
TEXT_ONLY_KINDS: frozenset[CheckKind] = frozenset({CheckKind.WRONG_TYPE, CheckKind.IMPOSSIBLE_DATE})
#: The columns of ``faults.csv``.
MANIFEST_SCHEMA = pa.schema(
    [
        pa.field("entity", pa.string()),
        pa.field("key", pa.string()),
        pa.field("field", pa.string()),
        pa.field("kind", pa.string()),
    ]
)
_KEYS = {
    "children": "child_id",
    "referrals": "referral_id",
    "offers": "offer_id",
    "acceptances": "acceptance_id",
    "conferences": "conference_id",
    "plans": "plan_id",
    "outcomes": "outcome_id",
}


@dataclass(frozen=True)
class TextEdit:
    """A value to write, as text, into one cell when the table is rendered as text.

    Attributes:
        table: The table, for example ``"conferences"``.
        keys: The primary keys of the rows to change.
        field: The column.
        values: The text to write, one per key.
    """

    table: str
    keys: tuple[str, ...]
    field: str
    values: tuple[str, ...]


@dataclass
class FaultedTables:
    """Record tables with faults in them, and where the faults are.

    Attributes:
        tables: Table name -> the faulty typed table.
        manifest: One row per fault (``entity, key, field, kind``).
        text_edits: Faults to write into the text form of the tables.
    """

    tables: dict[str, pa.Table]
    manifest: pa.Table
    text_edits: list[TextEdit] = field(default_factory=list)


class _Context:
    """The tables being faulted, with the referral each row belongs to."""

    def __init__(self, tables: dict[str, pa.Table], rng: np.random.Generator) -> None:
        self.tables = dict(tables)
        self.rng = rng
        self.text_edits: list[TextEdit] = []
        self.deleted_referrals: list[str] = []
        self.owner = self._owners()

    def _owners(self) -> dict[str, np.ndarray[Any, Any]]:
        t = self.tables
        referrals = t["referrals"]
        child_lists = referrals.column("child_ids").combine_chunks()
        parents = pc.list_parent_indices(child_lists)
        child_of = pc.index_in(t["children"].column("child_id"), child_lists.flatten())
        child_owner = referrals.column("referral_id").take(parents).take(child_of)
        offer_owner = t["offers"].column("referral_id")
        acceptance_owner = offer_owner.take(
            pc.index_in(t["acceptances"].column("offer_id"), t["offers"].column("offer_id"))
        )
        conference_owner = t["conferences"].column("referral_id")
        plan_owner = conference_owner.take(
            pc.index_in(
                t["plans"].column("conference_id"), t["conferences"].column("conference_id")
            )
        )
        owners = {
            "children": child_owner,
            "referrals": referrals.column("referral_id"),
            "offers": offer_owner,
            "acceptances": acceptance_owner,
            "conferences": conference_owner,
            "plans": plan_owner,
            "outcomes": t["outcomes"].column("referral_id"),
        }
        return {
            k: np.asarray(v.to_numpy(zero_copy_only=False), dtype=object) for k, v in owners.items()
        }

    def column(self, table: str, name: str) -> pa.Array:
        return self.tables[table].column(name).combine_chunks()

    def replace(self, table: str, name: str, rows: IntArray, values: pa.Array) -> None:
        """Set ``table.name`` at ``rows`` to ``values`` (nulls allowed)."""
        if len(rows) == 0:
            # a variant with no eligible referral left: taking row 0 of no values would fail
            return
        current = self.column(table, name)
        index = np.full(len(current), -1, dtype=np.int64)
        index[rows] = np.arange(len(rows))
        mask = index >= 0
        taken = values.take(pa.array(np.where(mask, index, 0)))
        updated = pc.if_else(pa.array(mask), taken, current)
        position = self.tables[table].schema.get_field_index(name)
        self.tables[table] = self.tables[table].set_column(
            position, self.tables[table].schema.field(name), updated.cast(current.type)
        )

    def keys(self, table: str, rows: IntArray) -> list[str]:
        keys: list[str] = self.column(table, _KEYS[table]).take(pa.array(rows)).to_pylist()
        return keys


# -- what each variant may touch, and what it does -------------------------------------------

Eligible = Callable[[_Context], BoolArray]
Edit = Callable[[_Context, IntArray], list[str]]


@dataclass(frozen=True)
class _Variant:
    kind: CheckKind
    table: str
    field: str
    eligible: Eligible
    edit: Edit
    deletes: bool = False


def _valid(table: str, name: str) -> Eligible:
    def eligible(ctx: _Context) -> BoolArray:
        valid: BoolArray = np.asarray(pc.is_valid(ctx.column(table, name)), dtype=bool)
        return valid

    return eligible


def _equals(table: str, name: str, value: str) -> Eligible:
    def eligible(ctx: _Context) -> BoolArray:
        same = pc.fill_null(pc.equal(ctx.column(table, name), value), False)
        out: BoolArray = np.asarray(same, dtype=bool)
        return out

    return eligible


def _is_true(table: str, name: str) -> Eligible:
    def eligible(ctx: _Context) -> BoolArray:
        out: BoolArray = np.asarray(pc.fill_null(ctx.column(table, name), False), dtype=bool)
        return out

    return eligible


def _every(table: str) -> Eligible:
    def eligible(ctx: _Context) -> BoolArray:
        return np.ones(ctx.tables[table].num_rows, dtype=bool)

    return eligible


def _set_text(table: str, name: str, text: str) -> Edit:
    """Write ``text`` (in the table's type: a code) at the rows."""

    def edit(ctx: _Context, rows: IntArray) -> list[str]:
        ctx.replace(table, name, rows, pa.array([text] * len(rows), pa.string()))
        return ctx.keys(table, rows)

    return edit


def _set_null(table: str, name: str) -> Edit:
    def edit(ctx: _Context, rows: IntArray) -> list[str]:
        kind = ctx.column(table, name).type
        ctx.replace(table, name, rows, pa.nulls(len(rows), kind))
        return ctx.keys(table, rows)

    return edit


def _text_value(table: str, name: str, words: str) -> Edit:
    """Record a text-only fault: ``words`` written in the cell when rendered as text."""

    def edit(ctx: _Context, rows: IntArray) -> list[str]:
        keys = ctx.keys(table, rows)
        ctx.text_edits.append(TextEdit(table, tuple(keys), name, (words,) * len(keys)))
        return keys

    return edit


def _impossible_date(table: str, name: str) -> Edit:
    def edit(ctx: _Context, rows: IntArray) -> list[str]:
        keys = ctx.keys(table, rows)
        years = pc.year(ctx.column(table, name).take(pa.array(rows))).to_pylist()
        values = tuple(
            f"30/02/{year}" if i % 2 == 0 else f"{year}-04-31" for i, year in enumerate(years)
        )
        ctx.text_edits.append(TextEdit(table, tuple(keys), name, values))
        return keys

    return edit


def _days_before(
    table: str, name: str, anchor: Callable[[_Context, IntArray], pa.Array], bounds: tuple[int, int]
) -> Edit:
    """Move a date to 1..n days before an anchor date."""

    def edit(ctx: _Context, rows: IntArray) -> list[str]:
        anchors = anchor(ctx, rows).cast(pa.int32()).to_numpy(zero_copy_only=False)
        shift = ctx.rng.integers(bounds[0], bounds[1] + 1, len(rows))
        moved = pa.array((anchors - shift).astype(np.int32)).cast(pa.date32())
        ctx.replace(table, name, rows, moved)
        return ctx.keys(table, rows)

    return edit


def _same_row(table: str, name: str) -> Callable[[_Context, IntArray], pa.Array]:
    return lambda ctx, rows: ctx.column(table, name).take(pa.array(rows))


def _offer_date_of_acceptance(ctx: _Context, rows: IntArray) -> pa.Array:
    offers = ctx.tables["offers"]
    where = pc.index_in(
        ctx.column("acceptances", "offer_id").take(pa.array(rows)), offers.column("offer_id")
    )
    return offers.column("offer_date").combine_chunks().take(where)


def _append_x(table: str, name: str) -> Edit:
    def edit(ctx: _Context, rows: IntArray) -> list[str]:
        current = ctx.column(table, name).take(pa.array(rows))
        ctx.replace(table, name, rows, pc.binary_join_element_wise(current, "X", ""))
        return ctx.keys(table, rows)

    return edit


def _previous_row_is(table: str, own: str, previous: str, column: str) -> Eligible:
    """Rows whose previous row has the same owner and ``column == previous`` (own row: ``own``)."""

    def eligible(ctx: _Context) -> BoolArray:
        values = np.asarray(ctx.column(table, column).to_numpy(zero_copy_only=False), dtype=object)
        owner = ctx.owner[table]
        out = np.zeros(len(values), dtype=bool)
        if len(values) > 1:
            out[1:] = (values[1:] == own) & (values[:-1] == previous) & (owner[1:] == owner[:-1])
        return out

    return eligible


def _review_plans(ctx: _Context) -> BoolArray:
    conferences = ctx.tables["conferences"]
    where = pc.index_in(ctx.column("plans", "conference_id"), conferences.column("conference_id"))
    kinds = conferences.column("conference_type").combine_chunks().take(where)
    is_review = np.asarray(pc.fill_null(pc.equal(kinds, "REVIEW"), False), dtype=bool)
    owner = ctx.owner["plans"]
    out = np.zeros(len(is_review), dtype=bool)
    if len(out) > 1:
        out[1:] = is_review[1:] & ~is_review[:-1] & (owner[1:] == owner[:-1])
    return out


def _copy_previous_key(table: str) -> Edit:
    def edit(ctx: _Context, rows: IntArray) -> list[str]:
        previous = ctx.keys(table, rows - 1)
        ctx.replace(table, _KEYS[table], rows, pa.array(previous, pa.string()))
        return previous

    return edit


def _referrals_with_accepted_offer_and_court(ctx: _Context) -> BoolArray:
    decided = np.asarray(
        pc.fill_null(pc.equal(ctx.column("acceptances", "decision"), "ACCEPTED"), False), dtype=bool
    )
    accepted = set(ctx.owner["acceptances"][decided])
    court = np.asarray(pc.is_valid(ctx.column("referrals", "court_application_date")), dtype=bool)
    has_accepted = _member(ctx.owner["referrals"], accepted)
    has_conference = _member(ctx.owner["referrals"], set(ctx.owner["conferences"]))
    out: BoolArray = court & has_accepted & has_conference
    return out


def _member(values: np.ndarray[Any, Any], pool: Any) -> BoolArray:
    """Whether each value is in ``pool``: a hash lookup (``np.isin`` on text is quadratic)."""
    if len(values) == 0:
        return np.zeros(0, dtype=bool)
    found = pc.is_in(pa.array(values, pa.string()), value_set=pa.array(list(pool), pa.string()))
    out: BoolArray = np.asarray(found, dtype=bool)
    return out


def _drop_rows(ctx: _Context, table: str, referrals: list[str]) -> None:
    keep = ~_member(ctx.owner[table], referrals)
    ctx.tables[table] = ctx.tables[table].filter(pa.array(keep))
    ctx.owner[table] = ctx.owner[table][keep]


def _delete(tables: Sequence[str]) -> Edit:
    """Delete, for each referral, its rows in ``tables`` (applied after every other edit)."""

    def edit(ctx: _Context, rows: IntArray) -> list[str]:
        keys = ctx.keys("referrals", rows)
        for table in tables:
            _drop_rows(ctx, table, keys)
        return keys

    return edit


_VARIANTS: dict[CheckKind, tuple[_Variant, ...]] = {
    CheckKind.WRONG_CODE: (
        _Variant(CheckKind.WRONG_CODE, "children", "ethnicity", _every("children"),
                 _set_text("children", "ethnicity", "WBR")),
        _Variant(CheckKind.WRONG_CODE, "referrals", "primary_need",
                 _valid("referrals", "primary_need"),
                 _set_text("referrals", "primary_need", "N10")),
        _Variant(CheckKind.WRONG_CODE, "referrals", "purpose", _every("referrals"),
                 _set_text("referrals", "purpose", "SAFETY")),
    ),
    CheckKind.WRONG_TYPE: (
        _Variant(CheckKind.WRONG_TYPE, "conferences", "family_network_attendees",
                 _valid("conferences", "family_network_attendees"),
                 _text_value("conferences", "family_network_attendees", "seven")),
        _Variant(CheckKind.WRONG_TYPE, "outcomes", "days_looked_after",
                 _valid("outcomes", "days_looked_after"),
                 _text_value("outcomes", "days_looked_after", "thirty")),
        _Variant(CheckKind.WRONG_TYPE, "conferences", "private_family_time",
                 _valid("conferences", "private_family_time"),
                 _text_value("conferences", "private_family_time", "maybe")),
    ),
    CheckKind.IMPOSSIBLE_DATE: (
        _Variant(CheckKind.IMPOSSIBLE_DATE, "plans", "review_due_date",
                 _valid("plans", "review_due_date"),
                 _impossible_date("plans", "review_due_date")),
    ),
    CheckKind.DATES_OUT_OF_ORDER: (
        _Variant(CheckKind.DATES_OUT_OF_ORDER, "plans", "review_due_date",
                 _valid("plans", "review_due_date"),
                 _days_before("plans", "review_due_date", _same_row("plans", "plan_date"),
                              (1, 30))),
        _Variant(CheckKind.DATES_OUT_OF_ORDER, "acceptances", "decision_date",
                 _valid("acceptances", "decision_date"),
                 _days_before("acceptances", "decision_date", _offer_date_of_acceptance, (1, 10))),
        _Variant(CheckKind.DATES_OUT_OF_ORDER, "referrals", "letter_initiating_proceedings_date",
                 _valid("referrals", "court_application_date"),
                 _days_before("referrals", "letter_initiating_proceedings_date",
                              _same_row("referrals", "court_application_date"), (1, 5))),
    ),
    CheckKind.MISSING_REQUIRED: (
        _Variant(CheckKind.MISSING_REQUIRED, "children", "ethnicity", _every("children"),
                 _set_null("children", "ethnicity")),
        _Variant(CheckKind.MISSING_REQUIRED, "referrals", "purpose", _every("referrals"),
                 _set_null("referrals", "purpose")),
        _Variant(CheckKind.MISSING_REQUIRED, "referrals", "referral_source", _every("referrals"),
                 _set_null("referrals", "referral_source")),
    ),
    CheckKind.DANGLING_FOREIGN_KEY: (
        _Variant(CheckKind.DANGLING_FOREIGN_KEY, "plans", "conference_id", _every("plans"),
                 _append_x("plans", "conference_id")),
        _Variant(CheckKind.DANGLING_FOREIGN_KEY, "conferences", "reviews_conference_id",
                 _valid("conferences", "reviews_conference_id"),
                 _append_x("conferences", "reviews_conference_id")),
    ),
    CheckKind.DUPLICATE_KEY: (
        _Variant(CheckKind.DUPLICATE_KEY, "outcomes", "outcome_id",
                 _previous_row_is("outcomes", "M6", "M3", "time_point"),
                 _copy_previous_key("outcomes")),
        _Variant(CheckKind.DUPLICATE_KEY, "plans", "plan_id", _review_plans,
                 _copy_previous_key("plans")),
    ),
    CheckKind.STATUTORY_BREACH: (
        _Variant(CheckKind.STATUTORY_BREACH, "referrals", "letter_before_proceedings_date",
                 _valid("referrals", "letter_before_proceedings_date"),
                 _delete(("offers", "acceptances", "conferences", "plans")), deletes=True),
        _Variant(CheckKind.STATUTORY_BREACH, "referrals", "court_application_date",
                 _referrals_with_accepted_offer_and_court,
                 _delete(("conferences", "plans")), deletes=True),
    ),
    CheckKind.INCONSISTENT_STATUS: (
        _Variant(CheckKind.INCONSISTENT_STATUS, "acceptances", "decline_reason",
                 _equals("acceptances", "decision", "ACCEPTED"),
                 _set_text("acceptances", "decline_reason", "NO_NEED")),
        _Variant(CheckKind.INCONSISTENT_STATUS, "conferences", "status_reason",
                 _equals("conferences", "status", "HELD"),
                 _set_text("conferences", "status_reason", "OTHER")),
        _Variant(CheckKind.INCONSISTENT_STATUS, "offers", "reason_not_offered",
                 _is_true("offers", "offer_made"),
                 _set_text("offers", "reason_not_offered", "NOT_ELIGIBLE")),
    ),
}  # fmt: skip


def _plan(count: int, kinds: Sequence[CheckKind], offset: int) -> dict[_Variant, int]:
    """Share ``count`` faults out over the kinds in turn, and over each kind's variants in turn."""
    planned: dict[_Variant, int] = {}
    for j in range(count):
        turn = offset + j
        kind = kinds[turn % len(kinds)]
        variants = _VARIANTS[kind]
        variant = variants[(turn // len(kinds)) % len(variants)]
        planned[variant] = planned.get(variant, 0) + 1
    return planned


def inject_faults(
    tables: dict[str, pa.Table],
    count: int,
    rng: np.random.Generator,
    *,
    kinds: Sequence[CheckKind] = FAULT_KINDS,
    offset: int = 0,
) -> FaultedTables:
    """Put ``count`` faults into clean record tables, each in a referral of its own.

    Args:
        tables: The seven record tables of a clean return (or of one chunk of it).
        count: How many faults to inject. Fewer are injected if a kind finds no
            eligible referral left; the manifest lists exactly those injected.
        rng: The random stream that chooses the records.
        kinds: The kinds to use, in turn.
        offset: Where in the turn of kinds to start (so that chunks share kinds out).

    Returns:
        The faulty tables, the manifest, and the text-only faults still to write.
    """
    ctx = _Context(tables, rng)
    used: set[str] = set()
    rows_out: list[tuple[str, str, str, str]] = []
    planned = _plan(count, kinds, offset)
    # edits that delete rows run last, so that row positions stay valid for the others
    order = sorted(planned, key=lambda v: v.deletes)
    for variant in order:
        eligible = variant.eligible(ctx)
        positions = np.flatnonzero(eligible)
        owners = ctx.owner[variant.table][positions]
        # one eligible row per referral: the first
        candidates, first = np.unique(owners.astype(str), return_index=True)
        free = ~_member(candidates, used)
        candidates, first = candidates[free], first[free]
        chosen = rng.permutation(len(candidates))[: planned[variant]]
        chosen.sort()
        rows = positions[first[chosen]]
        used.update(candidates[chosen].tolist())
        keys = variant.edit(ctx, rows)
        rows_out.extend((variant.table, key, variant.field, str(variant.kind)) for key in keys)
    manifest = pa.Table.from_pylist(
        [dict(zip(MANIFEST_SCHEMA.names, row, strict=True)) for row in rows_out],
        schema=MANIFEST_SCHEMA,
    )
    return FaultedTables(ctx.tables, manifest, ctx.text_edits)


def apply_text_edits(table: str, text: pa.Table, edits: Sequence[TextEdit]) -> pa.Table:
    """Write the text-only faults for ``table`` into its text form (see ``table_to_text``).

    Args:
        table: The table's name.
        text: The table rendered as text columns.
        edits: Text edits, of any table; only those of ``table`` apply.
    """
    for edit in edits:
        if edit.table != table or not edit.keys:
            continue
        keys = text.column(_KEYS[table]).combine_chunks()
        where = pc.index_in(keys, pa.array(edit.keys, pa.string()))
        hit = pc.is_valid(where)
        values = pa.array(edit.values, pa.string()).take(pc.fill_null(where, 0))
        column = text.column(edit.field).combine_chunks()
        updated = pc.if_else(hit, values, column)
        position = text.schema.get_field_index(edit.field)
        text = text.set_column(position, edit.field, updated)
    return text
