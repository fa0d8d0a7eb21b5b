"""The measures of the aggregate return, as data: one definition, many uses.

Every figure of the aggregate return is a :class:`Measure`. The computation
(:mod:`fgc_standard.aggregate.compute`), the hand-filled checks
(:mod:`fgc_standard.aggregate.handfilled`), disclosure control, the HTML
summary and the documentation all read these definitions, so a measure means
the same thing everywhere.

**Which records count in a period.** The aggregate return follows a *referral
cohort*: a family is counted when the FGC service received its referral within
the return's period (``period_start`` to ``period_end``, both included), and
what then happened to that referral (offer, decision, conferences, plan,
outcome at 12 months) is counted for the same period as recorded in the
return, whatever the date of that later event. So every figure of one row is
about the same families, and accepted <= offered <= referred always holds.

**One referral, one family.** A referral is about one family. A family referred
twice within a period counts twice, so that breakdowns always sum to the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

from fgc_standard.codelists import codelist

__all__ = [
    "AGE_BANDS",
    "BREAKDOWNS",
    "CHILD_BREAKDOWNS",
    "DISABILITY_STATUSES",
    "FAMILY_BREAKDOWNS",
    "MEASURES",
    "NOT_RECORDED",
    "TOTAL",
    "Measure",
    "breakdown_values",
    "measure",
]

#: The breakdown of the row that holds a measure's total, and its only value.
TOTAL = "total"
ALL = "ALL"
#: The breakdown value for records where the characteristic is not recorded.
NOT_RECORDED = "NOT_RECORDED"

#: Age bands at the referral date, as in the DfE children in need statistics,
#: with unborn children in a band of their own. A child is unborn when no date
#: of birth is recorded but an expected date of birth is, or when the date of
#: birth is after the referral date.
AGE_BANDS: tuple[str, ...] = (
    "UNBORN",
    "UNDER_1",
    "1_TO_4",
    "5_TO_9",
    "10_TO_15",
    "16_PLUS",
    NOT_RECORDED,
)
#: ``ANY``: at least one disability code other than NONE; ``NONE``: the list is
#: exactly NONE; ``NOT_RECORDED``: the list is empty.
DISABILITY_STATUSES: tuple[str, ...] = ("ANY", "NONE", NOT_RECORDED)

Kind = Literal["count", "median", "share"]
Unit = Literal["family", "child", "offer", "conference", "plan", "day", "share"]

#: Breakdowns of family counts.
FAMILY_BREAKDOWNS: tuple[str, ...] = (TOTAL, "stage_at_referral")
#: Breakdowns of child counts: who is and is not reached.
CHILD_BREAKDOWNS: tuple[str, ...] = (
    TOTAL,
    "stage_at_referral",
    "sex",
    "age_band",
    "ethnicity_group",
    "disability",
)

#: Breakdown name -> a sentence saying what it splits by.
BREAKDOWNS: dict[str, str] = {
    TOTAL: "No split: the measure's total, in one row with breakdown_value ALL.",
    "stage_at_referral": "The family's stage with children's services at referral "
    "(code list stage_at_referral).",
    "decline_reason": "Why the family declined or withdrew (code list decline_reason; "
    "NOT_RECORDED when no reason is given).",
    "conference_type": "Initial conference or review (code list conference_type).",
    "sex": "The child's sex (code list sex).",
    "age_band": "The child's age on the referral date, in whole years: UNBORN, UNDER_1, "
    "1_TO_4, 5_TO_9, 10_TO_15, 16_PLUS, NOT_RECORDED (no date or month of birth). With only "
    "a birth month, the child counts as born on the 1st of that month.",
    "ethnicity_group": "The major group of the child's ethnicity (the group column of "
    "code list ethnicity: White, Mixed, Asian, Black, Other, Unknown).",
    "disability": "ANY (at least one disability), NONE (recorded as none) or NOT_RECORDED.",
}


@dataclass(frozen=True)
class Measure:
    """One figure of the aggregate return.

    Attributes:
        name: The value of the ``measure`` column.
        title: A short title for tables and charts.
        kind: ``count``, ``median`` (days) or ``share`` (between 0 and 1).
        unit: What is counted: family (one referral), child, offer,
            conference, plan; ``day`` for medians; ``share`` for shares.
        definition: The written definition, for the documentation.
        period_rule: Which date puts a record in the period.
        breakdowns: The breakdowns the measure is published by (``total`` first).
        numerator: For a share, the count measure above the line.
        denominator: For a share, the count measure below the line; for a
            median, the count of values it is the median of.
    """

    name: str
    title: str
    kind: Kind
    unit: Unit
    definition: str
    period_rule: str
    breakdowns: tuple[str, ...] = (TOTAL,)
    numerator: str | None = None
    denominator: str | None = None

    def to_dict(self) -> dict[str, str]:
        """Return the measure as a flat row (breakdowns joined by ``;``), for docs and CSV."""
        return {
            "name": self.name,
            "title": self.title,
            "kind": self.kind,
            "unit": self.unit,
            "definition": self.definition,
            "period_rule": self.period_rule,
            "breakdowns": ";".join(self.breakdowns),
            "numerator": self.numerator or "",
            "denominator": self.denominator or "",
        }


_COHORT = "Referral date within the period; later events counted whatever their date."


def _m(
    name: str,
    title: str,
    kind: Kind,
    unit: Unit,
    definition: str,
    breakdowns: tuple[str, ...] = (TOTAL,),
    numerator: str | None = None,
    denominator: str | None = None,
) -> Measure:
    return Measure(name, title, kind, unit, definition, _COHORT, breakdowns, numerator, denominator)


#: Every measure of the aggregate return, in publication order.
MEASURES: tuple[Measure, ...] = (
    _m(
        "families_referred",
        "Families referred",
        "count",
        "family",
        "Referrals received by the FGC service in the period (one referral is one family).",
        FAMILY_BREAKDOWNS,
    ),
    _m(
        "families_offered",
        "Families offered an FGC",
        "count",
        "family",
        "Referred families with at least one offer where offer_made is true.",
        FAMILY_BREAKDOWNS,
    ),
    _m(
        "families_accepted",
        "Families who took up the offer",
        "count",
        "family",
        "Offered families with at least one decision ACCEPTED on an offer that was made.",
        FAMILY_BREAKDOWNS,
    ),
    _m(
        "families_initial_conference_held",
        "Families with an initial conference held",
        "count",
        "family",
        "Referred families with at least one conference of type INITIAL and status HELD.",
        FAMILY_BREAKDOWNS,
    ),
    _m(
        "families_plan_agreed",
        "Families who agreed a plan",
        "count",
        "family",
        "Referred families with at least one plan agreed by the family (agreed_by_family "
        "true) at any of their conferences.",
        FAMILY_BREAKDOWNS,
    ),
    _m(
        "children_referred",
        "Children referred",
        "count",
        "child",
        "Children of the referrals received in the period (a child in two referrals counts twice).",
        CHILD_BREAKDOWNS,
    ),
    _m(
        "children_offered",
        "Children offered an FGC",
        "count",
        "child",
        "Children of the families counted in families_offered.",
        CHILD_BREAKDOWNS,
    ),
    _m(
        "children_accepted",
        "Children whose family took up the offer",
        "count",
        "child",
        "Children of the families counted in families_accepted.",
        CHILD_BREAKDOWNS,
    ),
    _m(
        "offers_declined",
        "Offers declined or withdrawn",
        "count",
        "offer",
        "Decisions DECLINED or WITHDRAWN on offers made to the referred families, by the "
        "reason given.",
        (TOTAL, "decline_reason"),
    ),
    _m(
        "conferences_held",
        "Conferences held",
        "count",
        "conference",
        "Conferences with status HELD for the referred families, by type (initial, review).",
        (TOTAL, "conference_type"),
    ),
    _m(
        "plans_agreed",
        "Plans agreed",
        "count",
        "plan",
        "Plans agreed by the family (agreed_by_family true) at conferences of the referred "
        "families.",
    ),
    _m(
        "median_days_referral_to_conference",
        "Median days from referral to initial conference",
        "median",
        "day",
        "For each family with an initial conference held, the days from the referral date to "
        "the date of its first held initial conference; the median of these (the middle "
        "value, or the mean of the two middle values when their number is even).",
        denominator="families_initial_conference_held",
    ),
    _m(
        "families_offered_conference_held",
        "Offered families with an initial conference held",
        "count",
        "family",
        "Families counted both in families_offered and in families_initial_conference_held: "
        "the families the median days from offer to conference is taken over.",
    ),
    _m(
        "median_days_offer_to_conference",
        "Median days from offer to initial conference",
        "median",
        "day",
        "For each family counted in families_offered_conference_held, the days from the date "
        "of its first offer made to its first held initial conference; the median as above.",
        denominator="families_offered_conference_held",
    ),
    _m(
        "pp_families_accepted",
        "Pre-proceedings families who took up the offer",
        "count",
        "family",
        "Families counted in families_accepted whose referral records a letter before "
        "proceedings date.",
    ),
    _m(
        "pp_meetings_before_application",
        "Pre-proceedings meetings held before any court application",
        "count",
        "family",
        "Families counted in pp_families_accepted with an initial conference held before the "
        "court application date, or held with no court application recorded.",
    ),
    _m(
        "share_pp_meetings_before_application",
        "Share of pre-proceedings meetings held before the court application",
        "share",
        "share",
        "pp_meetings_before_application divided by pp_families_accepted: how often the "
        "Children Act 1989 s.31ZA duty to hold an accepted meeting before applying was met.",
        numerator="pp_meetings_before_application",
        denominator="pp_families_accepted",
    ),
    _m(
        "children_m12_outcome",
        "Children with an outcome at 12 months",
        "count",
        "child",
        "Outcome records at time point M12 for children of the referred families.",
    ),
    _m(
        "children_m12_looked_after",
        "Children looked after at 12 months",
        "count",
        "child",
        "Records counted in children_m12_outcome with looked_after true.",
    ),
    _m(
        "children_m12_proceedings_issued",
        "Children with care proceedings issued by 12 months",
        "count",
        "child",
        "Records counted in children_m12_outcome with care_proceedings_issued true.",
    ),
    _m(
        "children_m12_family_network",
        "Children living within the family network at 12 months",
        "count",
        "child",
        "Records counted in children_m12_outcome whose living_arrangement is within the "
        "family network (the family_network column of code list living_arrangement).",
    ),
    _m(
        "share_m12_looked_after",
        "Share looked after at 12 months",
        "share",
        "share",
        "children_m12_looked_after divided by children_m12_outcome. A record with "
        "looked_after not recorded counts below the line only.",
        numerator="children_m12_looked_after",
        denominator="children_m12_outcome",
    ),
    _m(
        "share_m12_proceedings_issued",
        "Share with care proceedings issued by 12 months",
        "share",
        "share",
        "children_m12_proceedings_issued divided by children_m12_outcome.",
        numerator="children_m12_proceedings_issued",
        denominator="children_m12_outcome",
    ),
    _m(
        "share_m12_family_network",
        "Share living within the family network at 12 months",
        "share",
        "share",
        "children_m12_family_network divided by children_m12_outcome.",
        numerator="children_m12_family_network",
        denominator="children_m12_outcome",
    ),
)

_BY_NAME: dict[str, Measure] = {m.name: m for m in MEASURES}

#: Funnel pairs (smaller, larger): in every cell the first cannot exceed the second.
FUNNEL: tuple[tuple[str, str], ...] = (
    ("families_offered", "families_referred"),
    ("families_accepted", "families_offered"),
    ("children_offered", "children_referred"),
    ("children_accepted", "children_offered"),
    ("families_initial_conference_held", "families_referred"),
    ("families_plan_agreed", "families_referred"),
    ("families_offered_conference_held", "families_offered"),
    ("families_offered_conference_held", "families_initial_conference_held"),
    ("pp_families_accepted", "families_accepted"),
    ("pp_meetings_before_application", "pp_families_accepted"),
    ("children_m12_looked_after", "children_m12_outcome"),
    ("children_m12_proceedings_issued", "children_m12_outcome"),
    ("children_m12_family_network", "children_m12_outcome"),
)


def measure(name: str) -> Measure:
    """Return a measure by name.

    Raises:
        KeyError: No such measure.
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no measure {name!r}") from None


@cache
def ethnicity_groups() -> tuple[str, ...]:
    """The ethnicity groups in code-list order (``Unknown`` last)."""
    groups = list(dict.fromkeys(codelist("ethnicity").attribute("group").values()))
    if "Unknown" in groups:
        groups.remove("Unknown")
    return (*groups, "Unknown")


@cache
def _values() -> Mapping[str, tuple[str, ...]]:
    return {
        TOTAL: (ALL,),
        "stage_at_referral": tuple(c.code for c in codelist("stage_at_referral")),
        "decline_reason": (*(c.code for c in codelist("decline_reason")), NOT_RECORDED),
        "conference_type": tuple(c.code for c in codelist("conference_type")),
        "sex": tuple(c.code for c in codelist("sex")),
        "age_band": AGE_BANDS,
        "ethnicity_group": ethnicity_groups(),
        "disability": DISABILITY_STATUSES,
    }


def breakdown_values(breakdown: str) -> tuple[str, ...]:
    """Return the values a breakdown takes, in publication order.

    Raises:
        KeyError: No such breakdown.
    """
    try:
        return _values()[breakdown]
    except KeyError:
        raise KeyError(
            f"no breakdown {breakdown!r}; the breakdowns are {list(BREAKDOWNS)}"
        ) from None
