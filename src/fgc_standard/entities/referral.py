"""A request to the FGC service for a conference for one family."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Self

from pydantic import Field, model_validator

from fgc_standard.entities._base import (
    Coded,
    EntityModel,
    ForeignKey,
    Identifier,
    PrimaryKey,
)

__all__ = ["Referral"]


class Referral(EntityModel):
    """A referral for an FGC: one family, one or more of its children.

    The pre-proceedings fields hold the family's pre-proceedings episode, the
    source of the CIN census module items for each child of the referral.
    """

    table_name: ClassVar[str] = "referrals"
    row_meaning: ClassVar[str] = "one referral to the FGC service, for one family"

    referral_id: Annotated[Identifier, PrimaryKey()] = Field(
        description="The FGC service's identifier for the referral.",
        examples=["R2025-0042"],
    )
    family_id: Identifier = Field(
        description=(
            "The LA's identifier for the family (household or case group). The same family "
            "keeps the same id across referrals. Pseudonymised before it leaves the LA."
        ),
        examples=["F0107"],
    )
    child_ids: Annotated[
        list[Annotated[Identifier, ForeignKey("children", "child_id")]], Field(min_length=1)
    ] = Field(
        description="The children the referral is about (one referral may cover brothers "
        "and sisters): child ids from the children table.",
        examples=[["C000123", "C000124"]],
    )
    referral_date: date = Field(
        description="The date the FGC service received the referral.",
        examples=["2025-05-06"],
    )
    referral_source: Annotated[str, Coded("fgc_referral_source")] = Field(
        description="Who asked the FGC service for a conference.",
        examples=["SOCIAL_WORKER"],
    )
    stage_at_referral: Annotated[str, Coded("stage_at_referral")] = Field(
        description="The family's stage with children's services when the referral was made.",
        examples=["PRE_PROCEEDINGS"],
    )
    purpose: Annotated[str, Coded("fgc_purpose")] = Field(
        description="The main question the family is asked to plan for.",
        examples=["SAFETY_PLAN"],
    )
    primary_need: Annotated[str, Coded("primary_need")] | None = Field(
        default=None,
        description="The primary need code (CIN census N0-N9) at the time of the referral.",
        examples=["N1"],
    )
    cin_referral_source: Annotated[str, Coded("cin_referral_source")] | None = Field(
        default=None,
        description=(
            "Source of the children's social care referral (CIN census code), where known. "
            "Not the source of the FGC referral."
        ),
        examples=["5A"],
    )
    pre_proceedings_start_date: date | None = Field(
        default=None,
        description=(
            "The date the LA decided to enter pre-proceedings (census PPStartDate). Empty "
            "if the family was not in pre-proceedings."
        ),
        examples=["2025-04-22"],
    )
    letter_before_proceedings_date: date | None = Field(
        default=None,
        description=(
            "The date the letter before proceedings was sent (census LBPSentDate). Under "
            "Children Act 1989 s.31ZA this letter carries the offer of a family group "
            "decision-making meeting."
        ),
        examples=["2025-04-29"],
    )
    step_decision_date: date | None = Field(
        default=None,
        description=(
            "The date the LA decided to step down from pre-proceedings or to apply to court "
            "(census StepDecisionDate)."
        ),
        examples=["2025-09-15"],
    )
    pre_proceedings_outcome: Annotated[str, Coded("pp_outcome")] | None = Field(
        default=None,
        description="How the pre-proceedings episode ended (census PPOutcome: A, B or C).",
        examples=["A"],
    )
    court_application_date: date | None = Field(
        default=None,
        description=(
            "The date the LA applied for a care or supervision order for the family's "
            "children (census CourtAppDate). Empty if no application was made."
        ),
        examples=["2025-10-01"],
    )
    letter_initiating_proceedings_date: date | None = Field(
        default=None,
        description=(
            "The date of the letter telling the parents that care proceedings have been "
            "initiated (census LetterInitCPDate)."
        ),
        examples=["2025-10-03"],
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        # The checks are the catalogue's record rules (fgc_standard.rules.record): one
        # definition serves this model and bulk validation of whole tables.
        from fgc_standard.rules.single import check_model

        check_model(self)
        return self
