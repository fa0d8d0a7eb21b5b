"""A whole return as one JSON document: the header and a list per table."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from fgc_standard.entities._base import EntityModel
from fgc_standard.entities.acceptance import Acceptance
from fgc_standard.entities.child import Child
from fgc_standard.entities.conference import Conference
from fgc_standard.entities.header import ReturnHeader
from fgc_standard.entities.offer import Offer
from fgc_standard.entities.outcome import Outcome
from fgc_standard.entities.plan import Plan
from fgc_standard.entities.referral import Referral

__all__ = ["ReturnDocument"]


class ReturnDocument(EntityModel):
    """A record-level FGC return as a single JSON document.

    Checks that span tables (keys unique, foreign keys resolve, dates in order
    across entities) are the validator's, not this model's.
    """

    table_name: ClassVar[str] = "return"
    row_meaning: ClassVar[str] = "a whole return"

    header: ReturnHeader = Field(description="Who made the return, for which period.")
    children: list[Child] = Field(default_factory=list, description="The children.")
    referrals: list[Referral] = Field(default_factory=list, description="The referrals.")
    offers: list[Offer] = Field(default_factory=list, description="The offers.")
    acceptances: list[Acceptance] = Field(
        default_factory=list, description="The families' decisions on offers."
    )
    conferences: list[Conference] = Field(default_factory=list, description="The conferences.")
    plans: list[Plan] = Field(default_factory=list, description="The family plans.")
    outcomes: list[Outcome] = Field(default_factory=list, description="The children's outcomes.")
