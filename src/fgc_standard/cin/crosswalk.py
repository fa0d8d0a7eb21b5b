"""The crosswalk between the FGC standard and the CIN census module, as data.

The DfE Children in Need census, from 2026-27, carries a module
``PreProceedingsandFGDM`` per child, repeatable inside ``CINdetails``. Each
:class:`CensusItem` below says which FGC fields determine one element of that
module and how. The same list drives the derivation
(:func:`~fgc_standard.cin.derive.census_items`), the XML export and import,
and the published table in the docs (:func:`crosswalk_markdown`).

Where the census asks for something that an FGC record cannot know (the
initial pre-proceedings meeting, the count of pre-proceedings review meetings),
the item says so (``direction="not_determinable"``) and nothing is invented:
the element is neither written nor read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CROSSWALK",
    "MODULE_ELEMENT",
    "CensusItem",
    "Direction",
    "ItemKind",
    "crosswalk_csv",
    "crosswalk_item",
    "crosswalk_markdown",
    "derived_items",
]

#: The census module's element name.
MODULE_ELEMENT = "PreProceedingsandFGDM"

#: ``derived``: FGC data determines the element. ``not_determinable``: it does not.
Direction = Literal["derived", "not_determinable"]
#: How the element's value is written: an ISO date, a 1/0 flag, a code, a count.
ItemKind = Literal["date", "flag", "code", "count"]


@dataclass(frozen=True)
class CensusItem:
    """One element of the census module and how FGC data determines it.

    Attributes:
        element: The census XML element name, for example ``"LBPSentDate"``.
        kind: How the value is written: ``date`` (YYYY-MM-DD), ``flag`` (1/0),
            ``code`` or ``count``.
        column: The column that holds the item in a crosswalk table (the output
            of :func:`~fgc_standard.cin.derive.census_items` and of the import);
            ``None`` when FGC data does not determine the item.
        sources: The standard fields the item comes from, as ``table.field``.
        rule: The rule of derivation, in words, for the docs.
        direction: Whether FGC data determines the item.
        codelist_name: For a ``code`` item, the code list of its values.
        checked_by: The catalogue rules that check the census's conditions on
            this item against the FGC fields.
    """

    element: str
    kind: ItemKind
    column: str | None
    sources: tuple[str, ...]
    rule: str
    direction: Direction = "derived"
    codelist_name: str | None = None
    checked_by: tuple[str, ...] = ()


#: The census module's elements, in the census's order.
CROSSWALK: tuple[CensusItem, ...] = (
    CensusItem(
        element="PPStartDate",
        kind="date",
        column="pre_proceedings_start_date",
        sources=("referrals.pre_proceedings_start_date",),
        rule="Copied from the referral. One module block per referral that holds "
        "pre-proceedings data, for each child of the referral.",
        checked_by=("FGC1202", "FGC3101"),
    ),
    CensusItem(
        element="LBPSentDate",
        kind="date",
        column="letter_before_proceedings_date",
        sources=("referrals.letter_before_proceedings_date",),
        rule="Copied from the referral. Must not be before PPStartDate.",
        checked_by=("FGC1202", "FGC3001"),
    ),
    CensusItem(
        element="FGDMMeetingOffer",
        kind="flag",
        column="fgdm_meeting_offered",
        sources=(
            "offers.offer_made",
            "offers.offer_date",
            "referrals.pre_proceedings_start_date",
            "referrals.step_decision_date",
        ),
        rule="1 if an offer of the referral has offer_made true and an offer_date within the "
        "pre-proceedings episode (on or after PPStartDate and, when the step decision is "
        "recorded, on or before StepDecisionDate); 0 if the referral has offer records but "
        "none qualifies; absent if the referral has no offer record.",
        checked_by=("FGC3001", "FGC3104"),
    ),
    CensusItem(
        element="FGDMMeetingFac",
        kind="flag",
        column="fgdm_meeting_facilitated",
        sources=(
            "conferences.status",
            "conferences.conference_date",
            "referrals.pre_proceedings_start_date",
            "referrals.step_decision_date",
        ),
        rule="1 if a conference of the referral has status HELD and a conference_date within "
        "the pre-proceedings episode (as for FGDMMeetingOffer); otherwise 0 when "
        "FGDMMeetingOffer is given; absent when FGDMMeetingOffer is absent.",
        checked_by=("FGC2020", "FGC3105"),
    ),
    CensusItem(
        element="InitialPPMeetingDate",
        kind="date",
        column=None,
        sources=(),
        rule="Not determinable: the initial pre-proceedings meeting is the LA's meeting with "
        "the parents and their lawyers after the letter before proceedings, not a family "
        "group conference. The FGC record does not hold it; take it from the case record.",
        direction="not_determinable",
    ),
    CensusItem(
        element="ReviewMeetingsCount",
        kind="count",
        column=None,
        sources=(),
        rule="Not determinable: it counts pre-proceedings review meetings held by the LA, "
        "not FGC review conferences (conferences.conference_type REVIEW), which would "
        "give a wrong figure. Take it from the case record.",
        direction="not_determinable",
    ),
    CensusItem(
        element="StepDecisionDate",
        kind="date",
        column="step_decision_date",
        sources=("referrals.step_decision_date",),
        rule="Copied from the referral. Given together with PPOutcome.",
        checked_by=("FGC1203", "FGC3102"),
    ),
    CensusItem(
        element="PPOutcome",
        kind="code",
        column="pre_proceedings_outcome",
        sources=("referrals.pre_proceedings_outcome",),
        rule="Copied from the referral (code list pp_outcome: A, B or C). B (application to "
        "court) goes with a CourtAppDate.",
        codelist_name="pp_outcome",
        checked_by=("FGC3102", "FGC3103"),
    ),
    CensusItem(
        element="CourtAppDate",
        kind="date",
        column="court_application_date",
        sources=("referrals.court_application_date",),
        rule="Copied from the referral. Must not be before StepDecisionDate.",
        checked_by=("FGC1203", "FGC3103"),
    ),
    CensusItem(
        element="LetterInitCPDate",
        kind="date",
        column="letter_initiating_proceedings_date",
        sources=("referrals.letter_initiating_proceedings_date",),
        rule="Copied from the referral. Must not be before CourtAppDate.",
        checked_by=("FGC1204",),
    ),
)


def derived_items() -> tuple[CensusItem, ...]:
    """The items that FGC data determines, in the census's order."""
    return tuple(item for item in CROSSWALK if item.direction == "derived")


def crosswalk_item(element: str) -> CensusItem:
    """Return the crosswalk entry of one census element.

    Raises:
        KeyError: The module has no such element.
    """
    for item in CROSSWALK:
        if item.element == element:
            return item
    raise KeyError(f"the {MODULE_ELEMENT} module has no element {element!r}")


_HEADINGS = ("census item", "standard field(s)", "rule of derivation", "direction", "checked by")


def _row(item: CensusItem) -> tuple[str, str, str, str, str]:
    direction = "derived" if item.direction == "derived" else "not determinable by FGC data"
    return (
        item.element,
        ", ".join(item.sources) or "-",
        item.rule,
        direction,
        ", ".join(item.checked_by) or "-",
    )


def crosswalk_markdown() -> str:
    """The crosswalk as a Markdown table, for the docs."""
    lines = [
        "| " + " | ".join(_HEADINGS) + " |",
        "| " + " | ".join("---" for _ in _HEADINGS) + " |",
    ]
    for item in CROSSWALK:
        cells = [c.replace("|", "\\|") for c in _row(item)]
        cells[0] = f"`{cells[0]}`"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def crosswalk_csv() -> str:
    """The crosswalk as CSV text (a header row, then one row per census item)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_HEADINGS)
    writer.writerows(_row(item) for item in CROSSWALK)
    return out.getvalue()
