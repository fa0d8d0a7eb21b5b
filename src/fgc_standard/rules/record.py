"""Record rules (FGC1xxx): fields of one row that contradict each other.

Each rule is one condition, written once with :mod:`~fgc_standard.rules.expr`.
Bulk validation runs it as a column expression over the whole table; the
entity models run the same condition on one record in their ``_consistent``
validators (see :func:`~fgc_standard.rules.single.check_model`).

Codes: FGC10xx header, 11xx children, 12xx referrals, 13xx offers,
14xx acceptances, 15xx conferences, 16xx plans, 17xx outcomes.
"""

from __future__ import annotations

from fgc_standard.codelists import codelist
from fgc_standard.report.issue import Severity
from fgc_standard.report.kinds import CheckKind
from fgc_standard.rules.catalogue import register
from fgc_standard.rules.expr import Pred, col
from fgc_standard.rules.rule import Change, Rule

__all__ = ["ACCEPTING_DECISIONS", "DECLINING_DECISIONS", "NOT_HAPPENED_STATUSES"]

#: Decisions that go with a decline reason.
DECLINING_DECISIONS = ("DECLINED", "WITHDRAWN")
#: Decisions that go with who accepted (a withdrawal follows an acceptance).
ACCEPTING_DECISIONS = ("ACCEPTED", "WITHDRAWN")
#: Conference statuses that go with a reason.
NOT_HAPPENED_STATUSES = ("CANCELLED", "NOT_HELD")

_implied = codelist("living_arrangement").attribute("looked_after")
_LOOKED_AFTER_ARRANGEMENTS = tuple(c for c, v in _implied.items() if v == "true")
_NOT_LOOKED_AFTER_ARRANGEMENTS = tuple(c for c, v in _implied.items() if v == "false")


def _rule(
    code: str,
    table: str,
    title: str,
    condition: Pred,
    message: str,
    rationale: str,
    *,
    kind: CheckKind = CheckKind.INCONSISTENT_STATUS,
    field: str | None = None,
    severity: Severity = "error",
    example: Change | tuple[Change, ...],
) -> None:
    register(
        Rule(
            code=code,
            severity=severity,
            kind=kind,
            layer="record",
            title=title,
            message=message,
            rationale=rationale,
            table=table,
            fields=condition.fields(),
            field=field,
            condition=condition,
            examples=example if isinstance(example, tuple) else (example,),
        )
    )


def _later(first: str, second: str) -> Pred:
    """``first`` is later than ``second`` (both given)."""
    return col(first).gt(col(second))


# -- header -----------------------------------------------------------------------------

_rule(
    "FGC1001",
    "header",
    "Period ends before it starts",
    _later("period_start", "period_end"),
    "period_end {period_end} is before period_start {period_start}",
    "A return covers a period; its end cannot come before its start.",
    kind=CheckKind.DATES_OUT_OF_ORDER,
    field="period_end",
    example=Change("header", None, "period_end", "2025-03-01"),
)

# -- children ---------------------------------------------------------------------------

_rule(
    "FGC1101",
    "children",
    "Disability listed twice",
    col("disabilities").has_duplicates(),
    "disabilities {disabilities} lists a code more than once",
    "Each disability is counted once per child.",
    example=Change("children", "C004", "disabilities", ["LD", "LD"]),
)
_rule(
    "FGC1102",
    "children",
    "NONE combined with a disability",
    col("disabilities").contains("NONE") & col("disabilities").length().gt(1),
    "disabilities {disabilities} combines NONE with other disability codes",
    "NONE means the child has no disability, so it cannot go with another code.",
    example=Change("children", "C001", "disabilities", ["NONE", "LD"]),
)
_rule(
    "FGC1103",
    "children",
    "Birth month does not match the date of birth",
    col("date_of_birth").format_date("%Y-%m").ne(col("birth_month")),
    "birth_month {birth_month!r} does not match date_of_birth {date_of_birth}",
    "Both say when the child was born; they must agree.",
    field="birth_month",
    example=Change("children", "C001", "birth_month", "2017-04"),
)

# -- referrals --------------------------------------------------------------------------

_rule(
    "FGC1201",
    "referrals",
    "Child listed twice in a referral",
    col("child_ids").has_duplicates(),
    "child_ids {child_ids} lists a child more than once",
    "Each child of a referral is counted once.",
    example=Change("referrals", "R001", "child_ids", ["C001", "C001"]),
)
_rule(
    "FGC1202",
    "referrals",
    "Letter before proceedings before pre-proceedings started",
    _later("pre_proceedings_start_date", "letter_before_proceedings_date"),
    "pre_proceedings_start_date {pre_proceedings_start_date} is after "
    "letter_before_proceedings_date {letter_before_proceedings_date}",
    "The letter before proceedings is sent once pre-proceedings start (census: "
    "PPStartDate <= LBPSentDate).",
    kind=CheckKind.DATES_OUT_OF_ORDER,
    field="letter_before_proceedings_date",
    example=Change("referrals", "R002", "letter_before_proceedings_date", "2025-04-01"),
)
_rule(
    "FGC1203",
    "referrals",
    "Court application before the step decision",
    _later("step_decision_date", "court_application_date"),
    "step_decision_date {step_decision_date} is after "
    "court_application_date {court_application_date}",
    "The LA decides to apply to court before it applies (census: StepDecisionDate <= "
    "CourtAppDate).",
    kind=CheckKind.DATES_OUT_OF_ORDER,
    field="court_application_date",
    example=Change("referrals", "R003", "court_application_date", "2025-07-01"),
)
_rule(
    "FGC1204",
    "referrals",
    "Letter initiating proceedings before the court application",
    _later("court_application_date", "letter_initiating_proceedings_date"),
    "court_application_date {court_application_date} is after "
    "letter_initiating_proceedings_date {letter_initiating_proceedings_date}",
    "The letter says proceedings have been initiated, so it follows the application "
    "(census: CourtAppDate <= LetterInitCPDate).",
    kind=CheckKind.DATES_OUT_OF_ORDER,
    field="letter_initiating_proceedings_date",
    example=Change("referrals", "R003", "letter_initiating_proceedings_date", "2025-07-20"),
)

# -- offers -----------------------------------------------------------------------------

_rule(
    "FGC1301",
    "offers",
    "No reason recorded for not offering",
    col("offer_made").eq(False) & col("reason_not_offered").is_null(),
    "reason_not_offered is required when offer_made is false",
    "A decision not to offer an FGC needs its reason; BEST_INTERESTS is the statutory exception.",
    kind=CheckKind.MISSING_REQUIRED,
    field="reason_not_offered",
    example=Change("offers", "O003", "reason_not_offered", None),
)
_rule(
    "FGC1302",
    "offers",
    "Reason not offered given for an offer made",
    col("offer_made").eq(True) & col("reason_not_offered").is_not_null(),
    "reason_not_offered {reason_not_offered!r} is given but offer_made is true",
    "A reason for not offering only makes sense when no offer was made.",
    field="reason_not_offered",
    example=Change("offers", "O001", "reason_not_offered", "BEST_INTERESTS"),
)
_rule(
    "FGC1303",
    "offers",
    "Offered in the letter but no offer made",
    col("offer_made").eq(False) & col("offered_in_letter_before_proceedings").eq(True),
    "offered_in_letter_before_proceedings is true but offer_made is false",
    "An offer cannot be made in the letter before proceedings if no offer was made.",
    field="offered_in_letter_before_proceedings",
    example=Change("offers", "O003", "offered_in_letter_before_proceedings", True),
)

# -- acceptances ------------------------------------------------------------------------

_rule(
    "FGC1401",
    "acceptances",
    "Decline reason for a decision that is not a decline",
    col("decline_reason").is_not_null() & col("decision").not_in(DECLINING_DECISIONS),
    "decline_reason {decline_reason!r} is given but decision is {decision!r}, "
    "not DECLINED or WITHDRAWN",
    "A reason for declining only goes with a decline or a withdrawal.",
    field="decline_reason",
    example=Change("acceptances", "A001", "decline_reason", "PRIVACY"),
)
_rule(
    "FGC1402",
    "acceptances",
    "Who accepted given for an offer not accepted",
    col("accepted_by").is_not_null() & col("decision").not_in(ACCEPTING_DECISIONS),
    "accepted_by {accepted_by!r} is given but decision is {decision!r}",
    "Who accepted only goes with an acceptance (or an acceptance later withdrawn).",
    field="accepted_by",
    example=Change("acceptances", "A004", "accepted_by", "MOTHER"),
)
_rule(
    "FGC1403",
    "acceptances",
    "No decision date",
    col("decision_date").is_null() & col("decision").not_in(("NO_RESPONSE",)),
    "decision_date is required when decision is {decision!r}",
    "Take-up and timeliness are measured from the date of the family's decision.",
    kind=CheckKind.MISSING_REQUIRED,
    field="decision_date",
    example=Change("acceptances", "A001", "decision_date", None),
)

# -- conferences ------------------------------------------------------------------------

_rule(
    "FGC1501",
    "conferences",
    "Reason given for a conference that was not cancelled",
    col("status_reason").is_not_null() & col("status").not_in(NOT_HAPPENED_STATUSES),
    "status_reason {status_reason!r} is given but status is {status!r}",
    "A reason only explains a conference that was cancelled or not held.",
    field="status_reason",
    example=Change("conferences", "M001", "status_reason", "OTHER"),
)
_rule(
    "FGC1502",
    "conferences",
    "Reviewed conference given for a conference that is not a review",
    col("reviews_conference_id").is_not_null() & col("conference_type").ne("REVIEW"),
    "reviews_conference_id {reviews_conference_id!r} is given but conference_type is "
    "{conference_type!r}, not REVIEW",
    "Only a review conference reviews an earlier one.",
    field="reviews_conference_id",
    example=Change("conferences", "M001", "reviews_conference_id", "M003"),
)
_rule(
    "FGC1503",
    "conferences",
    "Conference reviews itself",
    col("reviews_conference_id").eq(col("conference_id")),
    "conference {conference_id!r} cannot review itself",
    "A review looks back at an earlier conference.",
    field="reviews_conference_id",
    example=Change("conferences", "M002", "reviews_conference_id", "M002"),
)

# -- plans ------------------------------------------------------------------------------

_rule(
    "FGC1601",
    "plans",
    "Plan element listed twice",
    col("plan_elements").has_duplicates(),
    "plan_elements {plan_elements} lists an element more than once",
    "Each element of a plan is counted once.",
    example=Change("plans", "P001", "plan_elements", ["CONTACT", "CONTACT"]),
)
_rule(
    "FGC1602",
    "plans",
    "Review due before the plan was made",
    _later("plan_date", "review_due_date"),
    "plan_date {plan_date} is after review_due_date {review_due_date}",
    "A plan is reviewed after it is made.",
    kind=CheckKind.DATES_OUT_OF_ORDER,
    field="review_due_date",
    example=Change("plans", "P001", "review_due_date", "2025-05-01"),
)

# -- outcomes ---------------------------------------------------------------------------

_rule(
    "FGC1701",
    "outcomes",
    "Proceedings date given but proceedings not issued",
    col("care_proceedings_date").is_not_null() & col("care_proceedings_issued").eq(False),
    "care_proceedings_date {care_proceedings_date} is given but care_proceedings_issued is false",
    "A date of care proceedings means proceedings were issued.",
    field="care_proceedings_date",
    example=Change("outcomes", "X001", "care_proceedings_date", "2025-06-01"),
)
_rule(
    "FGC1702",
    "outcomes",
    "Proceedings issued after the outcome date",
    _later("care_proceedings_date", "recorded_date"),
    "care_proceedings_date {care_proceedings_date} is after recorded_date {recorded_date}",
    "An outcome describes the child on its recorded date; later events belong to a later outcome.",
    kind=CheckKind.DATES_OUT_OF_ORDER,
    field="care_proceedings_date",
    example=(
        Change("outcomes", "X001", "care_proceedings_issued", True),
        Change("outcomes", "X001", "care_proceedings_date", "2025-08-01"),
    ),
)
_rule(
    "FGC1703",
    "outcomes",
    "Legal status for a child not looked after",
    col("legal_status").is_not_null() & col("looked_after").eq(False),
    "legal_status {legal_status!r} is given but looked_after is false",
    "A looked-after legal status applies only to a looked-after child.",
    field="legal_status",
    example=Change("outcomes", "X001", "legal_status", "C2"),
)
_rule(
    "FGC1704",
    "outcomes",
    "Living arrangement does not fit looked after",
    (col("living_arrangement").is_in(_LOOKED_AFTER_ARRANGEMENTS) & col("looked_after").eq(False))
    | (
        col("living_arrangement").is_in(_NOT_LOOKED_AFTER_ARRANGEMENTS)
        & col("looked_after").eq(True)
    ),
    "living_arrangement {living_arrangement!r} does not fit looked_after {looked_after}",
    "Some arrangements (foster care, residential care) mean the child is looked after, "
    "others mean not; looked_after must agree.",
    field="looked_after",
    example=Change("outcomes", "X001", "looked_after", True),
)
