"""CIN census rules (FGC31xx): the census module's own conditions, on the FGC fields.

The 2026-27 CIN census module ``PreProceedingsandFGDM`` puts conditions on its
items: dates in order (PPStartDate <= LBPSentDate; StepDecisionDate <=
CourtAppDate <= LetterInitCPDate), items that go together, and the offer and
facilitation flags. The rules here reproduce them against the FGC fields that
the crosswalk (:mod:`fgc_standard.cin.crosswalk`) maps to those items, so that
a return that passes them yields census items that pass the census. Each rule
names the census items it mirrors.

Conditions that the catalogue already checks are not repeated: the date order
pairs are the referral rules FGC1202-FGC1204, "FGDMMeetingOffer where a letter
before proceedings was sent" is the statutory rule FGC3001, and a meeting held
without an accepted offer is FGC2020. The crosswalk cites them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import narwhals as nw

from fgc_standard.cin.derive import pre_proceedings_episodes
from fgc_standard.report.kinds import CheckKind
from fgc_standard.rules.catalogue import register
from fgc_standard.rules.context import ROW, ValidationContext
from fgc_standard.rules.expr import Pred, col
from fgc_standard.rules.rule import Change, Finding, Rule

__all__ = ["APPLICATION_OUTCOME"]

#: The PPOutcome code for "application made to court".
APPLICATION_OUTCOME = "B"

_LATER_ITEMS = (
    "letter_before_proceedings_date",
    "step_decision_date",
    "pre_proceedings_outcome",
    "court_application_date",
    "letter_initiating_proceedings_date",
)


def _any_given(fields: tuple[str, ...]) -> Pred:
    pred = col(fields[0]).is_not_null()
    for name in fields[1:]:
        pred = pred | col(name).is_not_null()
    return pred


def _record(
    code: str,
    title: str,
    condition: Pred,
    message: str,
    rationale: str,
    field: str,
    example: Change,
) -> None:
    register(
        Rule(
            code=code,
            severity="error",
            kind=CheckKind.INCONSISTENT_STATUS,
            layer="statutory",
            title=title,
            message=message,
            rationale=rationale,
            table="referrals",
            fields=(*condition.fields(), "referral_id"),
            field=field,
            condition=condition,
            examples=(example,),
        )
    )


_record(
    "FGC3101",
    "Pre-proceedings data without a start date",
    col("pre_proceedings_start_date").is_null() & _any_given(_LATER_ITEMS),
    "referral {referral_id} has pre-proceedings dates or an outcome but no "
    "pre_proceedings_start_date",
    "CIN census PreProceedingsandFGDM: PPStartDate is the item every module block starts "
    "from; the other items of the block describe that episode.",
    "pre_proceedings_start_date",
    Change("referrals", "R002", "pre_proceedings_start_date", None),
)
_record(
    "FGC3102",
    "Step decision date and pre-proceedings outcome not given together",
    (col("step_decision_date").is_not_null() & col("pre_proceedings_outcome").is_null())
    | (col("step_decision_date").is_null() & col("pre_proceedings_outcome").is_not_null()),
    "referral {referral_id}: one of step_decision_date and pre_proceedings_outcome is "
    "given without the other",
    "CIN census PreProceedingsandFGDM: StepDecisionDate records the decision whose result "
    "is PPOutcome; one is not given without the other.",
    "pre_proceedings_outcome",
    Change("referrals", "R002", "pre_proceedings_outcome", None),
)
_record(
    "FGC3103",
    "Court application date and outcome B not given together",
    (
        col("pre_proceedings_outcome").eq(APPLICATION_OUTCOME)
        & col("court_application_date").is_null()
    )
    | (
        col("court_application_date").is_not_null()
        & ~col("pre_proceedings_outcome").eq(APPLICATION_OUTCOME)
    ),
    "referral {referral_id}: an application to court is pre_proceedings_outcome B with "
    "its court_application_date; here the outcome is '{pre_proceedings_outcome}' and the "
    "date '{court_application_date}'",
    "CIN census PreProceedingsandFGDM: CourtAppDate is the date of the application that "
    "PPOutcome B (application made to court) records.",
    "court_application_date",
    Change("referrals", "R002", "court_application_date", "2025-10-01"),
)
_record(
    "FGC3106",
    "Letter initiating proceedings without a court application",
    col("letter_initiating_proceedings_date").is_not_null()
    & col("court_application_date").is_null(),
    "referral {referral_id} has a letter_initiating_proceedings_date "
    "({letter_initiating_proceedings_date}) but no court_application_date",
    "CIN census PreProceedingsandFGDM: CourtAppDate <= LetterInitCPDate, so a letter "
    "initiating care proceedings follows an application.",
    "letter_initiating_proceedings_date",
    Change("referrals", "R003", "court_application_date", None),
)


def _flags(ctx: ValidationContext) -> nw.LazyFrame[Any] | None:
    if not all(t in ctx.arrow for t in ("referrals", "offers", "conferences")):
        return None

    def build() -> nw.LazyFrame[Any]:
        # keys as numbers (ctx.keyed): the joins on referral_id are on whole numbers
        episodes = pre_proceedings_episodes(
            ctx.keyed("referrals"), ctx.keyed("offers"), ctx.keyed("conferences")
        ).select("referral_id", "fgdm_meeting_offered", "fgdm_meeting_facilitated")
        rows = ctx.keyed("referrals").select(ROW, "referral_id")
        return rows.join(episodes, on="referral_id", how="inner")

    # FGC3104 and FGC3105 read the same flags: the joins run once
    return ctx.shared("census_flags", build)


def _facilitated_without_offer(ctx: ValidationContext) -> Iterator[Finding]:
    flags = _flags(ctx)
    if flags is None:
        return
    rows = flags.filter(
        (nw.col("fgdm_meeting_facilitated") == 1) & (nw.col("fgdm_meeting_offered") == 0)
    ).select(ROW)
    yield Finding("referrals", "referral_id", rows)


def _offer_outside_episode(ctx: ValidationContext) -> Iterator[Finding]:
    flags = _flags(ctx)
    if flags is None:
        return
    made = (
        ctx.keyed("offers")
        .select("referral_id", "offer_made")
        .filter(nw.col("offer_made").fill_null(False))
        .select("referral_id")
        .unique()
    )
    rows = (
        flags.filter(
            (nw.col("fgdm_meeting_offered") == 0) & (nw.col("fgdm_meeting_facilitated") == 0)
        )
        .join(made, on="referral_id", how="semi")
        .select(ROW)
    )
    yield Finding("referrals", "referral_id", rows)


register(
    Rule(
        code="FGC3104",
        severity="query",
        kind=CheckKind.DATES_OUT_OF_ORDER,
        layer="statutory",
        title="Offer of a meeting outside the pre-proceedings episode",
        message="referral {referral_id} records an offer of a meeting, but none dated within "
        "its pre-proceedings episode (from pre_proceedings_start_date to step_decision_date), "
        "so the census will say FGDMMeetingOffer = 0",
        rationale="CIN census PreProceedingsandFGDM: FGDMMeetingOffer says whether a meeting "
        "was offered in the pre-proceedings episode; an offer dated outside it does not count.",
        table="referrals",
        fields=("referral_id",),
        check=_offer_outside_episode,
        examples=(
            Change("offers", "O003", "offer_made", True),
            Change("offers", "O003", "reason_not_offered", None),
            Change("offers", "O003", "offer_date", "2025-05-20"),
        ),
    )
)
register(
    Rule(
        code="FGC3105",
        severity="error",
        kind=CheckKind.INCONSISTENT_STATUS,
        layer="statutory",
        title="Meeting facilitated in pre-proceedings without an offer in the episode",
        message="referral {referral_id} has a conference HELD within its pre-proceedings "
        "episode but no offer made within it: the census items would be FGDMMeetingFac = 1 "
        "with FGDMMeetingOffer = 0",
        rationale="CIN census PreProceedingsandFGDM: FGDMMeetingFac = 1 requires "
        "FGDMMeetingOffer = 1 (a meeting is facilitated only once offered).",
        table="referrals",
        fields=("referral_id",),
        check=_facilitated_without_offer,
        examples=(Change("offers", "O002", "offer_date", "2025-04-30"),),
    )
)
