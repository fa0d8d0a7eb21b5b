"""The family's plan, made at a conference."""

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

__all__ = ["Plan"]


class Plan(EntityModel):
    """A family plan: what the family agreed and whether the LA accepted it."""

    table_name: ClassVar[str] = "plans"
    row_meaning: ClassVar[str] = "one family plan, made at one conference"

    plan_id: Annotated[Identifier, PrimaryKey()] = Field(
        description="The identifier of the plan.",
        examples=["P2025-0042-1"],
    )
    conference_id: Annotated[Identifier, ForeignKey("conferences", "conference_id")] = Field(
        description="The conference at which the plan was made.",
        examples=["M2025-0042-1"],
    )
    plan_date: date = Field(
        description="The date the plan was made.",
        examples=["2025-06-20"],
    )
    agreed_by_family: bool = Field(
        description="Whether the family network agreed a plan.",
        examples=[True],
    )
    accepted_by_la: bool | None = Field(
        default=None,
        description=(
            "Whether the local authority accepted the family's plan. Empty if not yet decided."
        ),
        examples=[True],
    )
    plan_elements: list[Annotated[str, Coded("plan_element")]] = Field(
        default_factory=list,
        description="What the plan provides (an open list: local elements pass with a query).",
        examples=[["REMAIN_AT_HOME", "NETWORK_SUPPORT", "CONTINGENCY_PLAN"]],
    )
    review_due_date: date | None = Field(
        default=None,
        description="When the plan is due to be reviewed.",
        examples=["2025-09-19"],
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        # The checks are the catalogue's record rules (fgc_standard.rules.record): one
        # definition serves this model and bulk validation of whole tables.
        from fgc_standard.rules.single import check_model

        check_model(self)
        return self
