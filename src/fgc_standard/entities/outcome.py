"""A child's outcome at a time point after the referral."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Self

from pydantic import Field, model_validator

from fgc_standard.entities._base import Coded, EntityModel, ForeignKey, Identifier, PrimaryKey

__all__ = ["Outcome"]


class Outcome(EntityModel):
    """Where a child was living, and under what order, at a fixed point after the trigger date.

    The trigger date is the letter before proceedings where one was sent, and
    otherwise the referral date; time points count from it.
    """

    table_name: ClassVar[str] = "outcomes"
    row_meaning: ClassVar[str] = "one child of one referral at one time point"

    outcome_id: Annotated[Identifier, PrimaryKey()] = Field(
        description="The identifier of the outcome record.",
        examples=["X2025-0042-C000123-M12"],
    )
    referral_id: Annotated[Identifier, ForeignKey("referrals", "referral_id")] = Field(
        description="The referral whose outcome this is.",
        examples=["R2025-0042"],
    )
    child_id: Annotated[Identifier, ForeignKey("children", "child_id")] = Field(
        description="The child, one of the referral's children.",
        examples=["C000123"],
    )
    time_point: Annotated[str, Coded("outcome_time_point")] = Field(
        description="When the outcome was taken, counted from the trigger date.",
        examples=["M12"],
    )
    recorded_date: date = Field(
        description="The date the outcome describes.",
        examples=["2026-04-29"],
    )
    living_arrangement: Annotated[str, Coded("living_arrangement")] | None = Field(
        default=None,
        description="Where the child was living on the recorded date.",
        examples=["PARENTS"],
    )
    looked_after: bool | None = Field(
        default=None,
        description="Whether the child was looked after by the LA on the recorded date.",
        examples=[False],
    )
    care_proceedings_issued: bool | None = Field(
        default=None,
        description="Whether care proceedings had been issued for the child by the recorded date.",
        examples=[False],
    )
    care_proceedings_date: date | None = Field(
        default=None,
        description="The date care proceedings were issued, where they were.",
        examples=["2025-10-01"],
    )
    legal_order: Annotated[str, Coded("legal_order")] | None = Field(
        default=None,
        description="The order in force for the child on the recorded date (NONE if none).",
        examples=["NONE"],
    )
    legal_status: Annotated[str, Coded("la_legal_status")] | None = Field(
        default=None,
        description=(
            "The looked-after legal status (SSDA903 code), only when the child is looked after."
        ),
        examples=["C2"],
    )
    days_looked_after: Annotated[int, Field(ge=0, le=10000)] | None = Field(
        default=None,
        description=(
            "Days the child was looked after between the trigger date and the recorded date, "
            "where known."
        ),
        examples=[0],
    )
    case_status: Annotated[str, Coded("case_status")] | None = Field(
        default=None,
        description="The child's status with children's services on the recorded date.",
        examples=["CIN"],
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        # The checks are the catalogue's record rules (fgc_standard.rules.record): one
        # definition serves this model and bulk validation of whole tables.
        from fgc_standard.rules.single import check_model

        check_model(self)
        return self
