"""Statutory pre-proceedings rules (FGC30xx): the duty of Children Act 1989 s.31ZA.

Before applying for a care or supervision order, an LA must offer a family
group decision-making meeting in the letter before proceedings, unless it
considers a meeting not in the child's best interests; if the offer is
accepted, the meeting must be held before the application.

What counts as a *recorded reason* for no meeting before an application: a
conference of the referral recorded as CANCELLED or NOT_HELD with a
``status_reason`` (for example FAMILY_WITHDREW or COURT_APPLICATION), or a
later decision of WITHDRAWN. Codes FGC31xx and up are left for the CIN census
rules.
"""

from __future__ import annotations

from collections.abc import Iterator

import narwhals as nw

from fgc_standard.report.kinds import CheckKind
from fgc_standard.rules.catalogue import register
from fgc_standard.rules.context import ROW, ValidationContext
from fgc_standard.rules.record import NOT_HAPPENED_STATUSES
from fgc_standard.rules.return_rules import accepted_referrals
from fgc_standard.rules.rule import Change, Finding, Rule

__all__ = ["BEST_INTERESTS"]

#: The statutory exception: a meeting not in the child's best interests.
BEST_INTERESTS = "BEST_INTERESTS"


def _letter_without_offer(ctx: ValidationContext) -> Iterator[Finding]:
    if not all(t in ctx.arrow for t in ("referrals", "offers")):
        return
    offer = nw.col("offer_made") == True  # noqa: E712
    exception = nw.col("reason_not_offered") == BEST_INTERESTS
    answered = (
        ctx.keyed("offers")
        .select("referral_id", "offer_made", "reason_not_offered")
        .filter((offer.fill_null(False)) | (exception.fill_null(False)))
        .select("referral_id")
    )
    sent = (
        ctx.keyed("referrals")
        .select(ROW, "referral_id", "letter_before_proceedings_date")
        .filter(~nw.col("letter_before_proceedings_date").is_null())
        .select(ROW, "referral_id")
    )
    rows = sent.join(answered, on="referral_id", how="anti").select(ROW)
    yield Finding("referrals", "letter_before_proceedings_date", rows)


def _application_without_meeting(ctx: ValidationContext) -> Iterator[Finding]:
    if not all(t in ctx.arrow for t in ("referrals", "offers", "acceptances", "conferences")):
        return
    applied = (
        ctx.keyed("referrals")
        .select(ROW, "referral_id", "court_application_date")
        .filter(~nw.col("court_application_date").is_null())
        .select(ROW, "referral_id", "court_application_date")
    )
    applied = applied.join(accepted_referrals(ctx), on="referral_id", how="semi")
    # columns first, then rows: a filter on an eager table copies every column it keeps
    conferences = ctx.keyed("conferences").select(
        "referral_id", "status", "status_reason", "conference_date"
    )
    held = (
        conferences.filter(nw.col("status") == "HELD")
        .select("referral_id", "conference_date")
        .join(applied.select("referral_id", "court_application_date"), on="referral_id")
        .filter(nw.col("conference_date") <= nw.col("court_application_date"))
        .select("referral_id")
    )
    explained = conferences.filter(
        nw.col("status").is_in(list(NOT_HAPPENED_STATUSES)).fill_null(False)
        & ~nw.col("status_reason").is_null()
    ).select("referral_id")
    withdrawn = (
        ctx.keyed("acceptances")
        .select("offer_id", "decision")
        .filter(nw.col("decision") == "WITHDRAWN")
        .select("offer_id")
        .join(ctx.keyed("offers").select("offer_id", "referral_id"), on="offer_id")
        .select("referral_id")
    )
    rows = (
        applied.join(held, on="referral_id", how="anti")
        .join(explained, on="referral_id", how="anti")
        .join(withdrawn, on="referral_id", how="anti")
        .select(ROW)
    )
    yield Finding("referrals", "court_application_date", rows)


register(
    Rule(
        code="FGC3001",
        severity="error",
        kind=CheckKind.STATUTORY_BREACH,
        layer="statutory",
        title="Letter before proceedings without an offer",
        message="a letter before proceedings was sent on {letter_before_proceedings_date} for "
        "referral {referral_id}, but no offer of a meeting and no best-interests decision "
        "is recorded",
        rationale="Children Act 1989 s.31ZA: the letter before proceedings must offer a family "
        "group decision-making meeting, unless a meeting is not in the child's best interests.",
        table="referrals",
        fields=("letter_before_proceedings_date", "referral_id"),
        check=_letter_without_offer,
        examples=(Change("offers", "O002", "referral_id", "R001"),),
    )
)
register(
    Rule(
        code="FGC3002",
        severity="error",
        kind=CheckKind.STATUTORY_BREACH,
        layer="statutory",
        title="Court application before the accepted meeting was held",
        message="the family accepted an offer for referral {referral_id}, but no meeting was "
        "held on or before the court application on {court_application_date} and no reason "
        "is recorded (a CANCELLED or NOT_HELD conference with its status_reason)",
        rationale="Children Act 1989 s.31ZA: once an offer is accepted, the meeting must be held "
        "before an application for a care or supervision order.",
        table="referrals",
        fields=("court_application_date", "referral_id"),
        check=_application_without_meeting,
        examples=(Change("referrals", "R001", "court_application_date", "2025-05-01"),),
    )
)
