"""A child covered by one or more FGC referrals."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Self

from pydantic import Field, StringConstraints, model_validator

from fgc_standard.entities._base import Coded, EntityModel, Identifier, PrimaryKey

__all__ = ["Child"]


class Child(EntityModel):
    """A child (or unborn baby) that at least one referral is about."""

    table_name: ClassVar[str] = "children"
    row_meaning: ClassVar[str] = "one child"

    child_id: Annotated[Identifier, PrimaryKey()] = Field(
        description=(
            "The LA's identifier for the child, as in its case management system and the "
            "CIN census (LAchildID). Pseudonymised before it leaves the LA."
        ),
        examples=["C000123"],
    )
    date_of_birth: date | None = Field(
        default=None,
        description="The child's date of birth. Empty for an unborn child.",
        examples=["2019-06-14"],
    )
    birth_month: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")] | None = (
        Field(
            default=None,
            description=(
                "Year and month of birth (YYYY-MM), used instead of the date of birth "
                "once a return has been minimised for the national flow."
            ),
            examples=["2019-06"],
        )
    )
    expected_date_of_birth: date | None = Field(
        default=None,
        description="For an unborn child, the expected date of birth.",
        examples=["2025-11-02"],
    )
    sex: Annotated[str, Coded("sex")] = Field(
        description="The child's sex: M, F, or U where unknown (including unborn children).",
        examples=["F"],
    )
    ethnicity: Annotated[str, Coded("ethnicity")] = Field(
        description="The child's ethnicity, with the CIN census codes. NOBT if not yet obtained.",
        examples=["WBRI"],
    )
    disabilities: list[Annotated[str, Coded("disability")]] = Field(
        default_factory=list,
        description=(
            "Every disability the child has, with the CIN census codes; NONE if the child has "
            "none. Empty if not recorded."
        ),
        examples=[["NONE"]],
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        # The checks are the catalogue's record rules (fgc_standard.rules.record): one
        # definition serves this model and bulk validation of whole tables.
        from fgc_standard.rules.single import check_model

        check_model(self)
        return self
