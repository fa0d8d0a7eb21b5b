"""The aggregate return: one LA's figures for one period, as a long (tidy) table.

**Why long, not wide.** Each row holds one figure: ``la_number, period_start,
period_end, measure, breakdown, breakdown_value, value``. With about 25
measures and up to six breakdowns each, a wide layout would need some 400
columns whose names encode three things at once. The long layout keeps one
shape for every figure, so that:

- combining LAs is one group-by over ``(measure, breakdown, breakdown_value)``;
- disclosure control sees each breakdown as a group of cells summing to its
  total row (``breakdown = total``, ``breakdown_value = ALL``);
- an LA filling the return by hand types numbers into one ``value`` column of
  a pre-printed template, and a check can point at the exact row;
- a new measure or breakdown adds rows, not a schema change.

Counts are whole numbers, medians are days, shares are between 0 and 1. A
value left empty means "not known" (for example a median over no families).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Self

import pyarrow as pa
from pydantic import Field, model_validator

from fgc_standard.aggregate.measures import BREAKDOWNS, MEASURES, breakdown_values, measure
from fgc_standard.entities._base import Coded, EntityModel

__all__ = ["AGGREGATE_COLUMNS", "AggregateRow", "aggregate_arrow_schema", "empty_aggregate"]


class AggregateRow(EntityModel):
    """One figure of an LA's aggregate return for one period."""

    table_name: ClassVar[str] = "aggregate"
    row_meaning: ClassVar[str] = "one figure (a measure, for one breakdown value) of one LA"

    la_number: Annotated[str, Coded("la")] = Field(
        description="The DfE three-digit number of the local authority.",
        examples=["938"],
    )
    period_start: date = Field(
        description="The first day of the period (referrals received from this day count).",
        examples=["2025-04-01"],
    )
    period_end: date = Field(
        description="The last day of the period (referrals received up to this day count).",
        examples=["2026-03-31"],
    )
    measure: str = Field(
        description="The measure's name; see the measures table of the documentation.",
        examples=["families_referred"],
        json_schema_extra={"enum": [m.name for m in MEASURES]},
    )
    breakdown: str = Field(
        description="What the figure is split by; 'total' for the measure's total.",
        examples=["total"],
        json_schema_extra={"enum": list(BREAKDOWNS)},
    )
    breakdown_value: str = Field(
        description="The value of the breakdown ('ALL' for the total row).",
        examples=["ALL"],
    )
    value: float | None = Field(
        default=None,
        description=(
            "The figure: a whole number for counts, days for medians, between 0 and 1 for "
            "shares. Empty when not known."
        ),
        examples=[42],
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        found = measure(self.measure)  # raises KeyError -> ValueError below
        if self.breakdown not in found.breakdowns:
            raise ValueError(
                f"measure {self.measure!r} has no breakdown {self.breakdown!r} "
                f"(it has {', '.join(found.breakdowns)})"
            )
        if self.breakdown_value not in breakdown_values(self.breakdown):
            raise ValueError(
                f"{self.breakdown_value!r} is not a value of breakdown {self.breakdown!r}"
            )
        if self.period_start > self.period_end:
            raise ValueError(f"period_start {self.period_start} is after period_end")
        return self


#: The columns of the aggregate table, in order.
AGGREGATE_COLUMNS: tuple[str, ...] = tuple(AggregateRow.model_fields)


def aggregate_arrow_schema() -> pa.Schema:
    """The Arrow schema of an aggregate table."""
    return pa.schema(
        [
            pa.field("la_number", pa.string(), nullable=False),
            pa.field("period_start", pa.date32(), nullable=False),
            pa.field("period_end", pa.date32(), nullable=False),
            pa.field("measure", pa.string(), nullable=False),
            pa.field("breakdown", pa.string(), nullable=False),
            pa.field("breakdown_value", pa.string(), nullable=False),
            pa.field("value", pa.float64()),
        ]
    )


def empty_aggregate() -> pa.Table:
    """An aggregate table with no rows."""
    return aggregate_arrow_schema().empty_table()
