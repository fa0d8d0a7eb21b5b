"""A family group conference: the initial meeting or a review."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Self

from pydantic import Field, model_validator

from fgc_standard.entities._base import Coded, EntityModel, ForeignKey, Identifier, PrimaryKey

__all__ = ["Conference"]

_COUNT = Annotated[int, Field(ge=0, le=500)]


class Conference(EntityModel):
    """One meeting of the family network, held or not."""

    table_name: ClassVar[str] = "conferences"
    row_meaning: ClassVar[str] = "one conference (initial or review), held, scheduled or not held"

    conference_id: Annotated[Identifier, PrimaryKey()] = Field(
        description="The identifier of the conference.",
        examples=["M2025-0042-1"],
    )
    referral_id: Annotated[Identifier, ForeignKey("referrals", "referral_id")] = Field(
        description="The referral the conference belongs to.",
        examples=["R2025-0042"],
    )
    conference_type: Annotated[str, Coded("conference_type")] = Field(
        description="INITIAL for the first conference, REVIEW for a review of the plan.",
        examples=["INITIAL"],
    )
    reviews_conference_id: (
        Annotated[Identifier, ForeignKey("conferences", "conference_id")] | None
    ) = Field(
        default=None,
        description="For a review, the conference whose plan it reviews.",
        examples=["M2025-0042-1"],
    )
    status: Annotated[str, Coded("conference_status")] = Field(
        description="Whether the meeting took place.",
        examples=["HELD"],
    )
    status_reason: Annotated[str, Coded("conference_status_reason")] | None = Field(
        default=None,
        description="Why the meeting was cancelled or not held; only for those statuses.",
        examples=["NETWORK_UNAVAILABLE"],
    )
    conference_date: date = Field(
        description="The date the meeting was held, is scheduled for, or was due.",
        examples=["2025-06-20"],
    )
    independent_coordinator: bool | None = Field(
        default=None,
        description="Whether the coordinator was independent of the family's case work.",
        examples=[True],
    )
    private_family_time: bool | None = Field(
        default=None,
        description="Whether the family had private time to make their plan without professionals.",
        examples=[True],
    )
    child_participation: Annotated[str, Coded("child_participation")] | None = Field(
        default=None,
        description="How the child took part in the meeting.",
        examples=["VIA_ADVOCATE"],
    )
    child_advocate: bool | None = Field(
        default=None,
        description="Whether the child had an advocate.",
        examples=[True],
    )
    parent_advocate: bool | None = Field(
        default=None,
        description="Whether a parent had an advocate.",
        examples=[False],
    )
    family_network_attendees: _COUNT | None = Field(
        default=None,
        description="How many members of the family network took part (parents included).",
        examples=[7],
    )
    professional_attendees: _COUNT | None = Field(
        default=None,
        description="How many professionals took part (the coordinator excluded).",
        examples=[2],
    )
    interpreter_used: bool | None = Field(
        default=None,
        description="Whether an interpreter was used at the meeting.",
        examples=[False],
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        # The checks are the catalogue's record rules (fgc_standard.rules.record): one
        # definition serves this model and bulk validation of whole tables.
        from fgc_standard.rules.single import check_model

        check_model(self)
        return self
