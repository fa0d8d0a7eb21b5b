"""The offer of an FGC to the family, or the recorded decision not to offer one."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Self

from pydantic import Field, model_validator

from fgc_standard.entities._base import Coded, EntityModel, ForeignKey, Identifier, PrimaryKey

__all__ = ["Offer"]


class Offer(EntityModel):
    """Whether the family was offered an FGC, when, and if not, why not."""

    table_name: ClassVar[str] = "offers"
    row_meaning: ClassVar[str] = "one offer of an FGC to a family, or one decision not to offer"

    offer_id: Annotated[Identifier, PrimaryKey()] = Field(
        description="The identifier of the offer (or of the decision not to offer).",
        examples=["O2025-0042"],
    )
    referral_id: Annotated[Identifier, ForeignKey("referrals", "referral_id")] = Field(
        description="The referral the offer belongs to.",
        examples=["R2025-0042"],
    )
    offer_made: bool = Field(
        description="Whether an FGC was offered to the family.",
        examples=[True],
    )
    offer_date: date = Field(
        description=(
            "The date the offer was made, or the date the decision not to offer was recorded."
        ),
        examples=["2025-05-08"],
    )
    offered_in_letter_before_proceedings: bool | None = Field(
        default=None,
        description=(
            "Whether the offer was made in the letter before proceedings, as Children Act 1989 "
            "s.31ZA requires before an application for a care or supervision order."
        ),
        examples=[False],
    )
    reason_not_offered: Annotated[str, Coded("reason_not_offered")] | None = Field(
        default=None,
        description=(
            "Why no FGC was offered; required when offer_made is false. BEST_INTERESTS records "
            "the statutory exception."
        ),
        examples=["BEST_INTERESTS"],
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        # The checks are the catalogue's record rules (fgc_standard.rules.record): one
        # definition serves this model and bulk validation of whole tables.
        from fgc_standard.rules.single import check_model

        check_model(self)
        return self
