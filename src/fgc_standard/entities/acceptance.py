"""The family's decision on an offer: accepted, declined, withdrawn or no response."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Self

from pydantic import Field, model_validator

from fgc_standard.entities._base import Coded, EntityModel, ForeignKey, Identifier, PrimaryKey

__all__ = ["Acceptance"]


class Acceptance(EntityModel):
    """What the family decided about an offer of an FGC."""

    table_name: ClassVar[str] = "acceptances"
    row_meaning: ClassVar[str] = "the family's decision on one offer"

    acceptance_id: Annotated[Identifier, PrimaryKey()] = Field(
        description="The identifier of the family's decision.",
        examples=["A2025-0042"],
    )
    offer_id: Annotated[Identifier, ForeignKey("offers", "offer_id")] = Field(
        description="The offer the decision answers.",
        examples=["O2025-0042"],
    )
    decision: Annotated[str, Coded("decision")] = Field(
        description="What the family decided.",
        examples=["ACCEPTED"],
    )
    decision_date: date | None = Field(
        default=None,
        description="The date of the family's decision. Empty only when there was no response.",
        examples=["2025-05-12"],
    )
    decline_reason: Annotated[str, Coded("decline_reason")] | None = Field(
        default=None,
        description="Why the family declined or withdrew; only for those decisions.",
        examples=["PRIVACY"],
    )
    accepted_by: Annotated[str, Coded("accepted_by")] | None = Field(
        default=None,
        description=(
            "Who accepted the offer; only when it was accepted (or accepted then withdrawn)."
        ),
        examples=["BOTH_PARENTS"],
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        # The checks are the catalogue's record rules (fgc_standard.rules.record): one
        # definition serves this model and bulk validation of whole tables.
        from fgc_standard.rules.single import check_model

        check_model(self)
        return self
