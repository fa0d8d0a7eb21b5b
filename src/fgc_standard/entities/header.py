"""The return header: who made the return, for which period, to which version."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Self

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from fgc_standard._version import STANDARD_VERSION
from fgc_standard.entities._base import Coded, EntityModel

__all__ = ["ReturnHeader"]


class ReturnHeader(EntityModel):
    """One row describing the whole return: the LA, the period and the versions."""

    table_name: ClassVar[str] = "header"
    row_meaning: ClassVar[str] = "the return as a whole (exactly one row)"

    la_number: Annotated[str, Coded("la")] = Field(
        description="The local authority's three-digit DfE LA number.",
        examples=["938"],
    )
    period_start: date = Field(
        description="First day of the period the return covers.",
        examples=["2025-04-01"],
    )
    period_end: date = Field(
        description="Last day of the period the return covers (inclusive).",
        examples=["2026-03-31"],
    )
    standard_version: Annotated[str, StringConstraints(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")] = (
        Field(
            description="The version of the FGC data standard the return follows.",
            examples=[STANDARD_VERSION],
        )
    )
    software_name: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="The system or tool that produced the return (a CMS, a spreadsheet, ...).",
        examples=["FGC spreadsheet template"],
    )
    software_version: str | None = Field(
        default=None,
        description="The version of the producing software, if known.",
        examples=["2025.3"],
    )
    produced_at: AwareDatetime = Field(
        description="When the return was produced, with its time zone.",
        examples=["2026-04-20T09:30:00Z"],
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        # The checks are the catalogue's record rules (fgc_standard.rules.record): one
        # definition serves this model and bulk validation of whole tables.
        from fgc_standard.rules.single import check_model

        check_model(self)
        return self
