"""The aggregate return: measures, computation on any engine, checks, disclosure control.

The first phase of the national collection is an LA-level aggregate return.
This package defines it (:mod:`.model`, :mod:`.measures`), computes it from
record-level data on pandas, PyArrow, Polars, DuckDB or PySpark
(:mod:`.compute`), checks hand-filled returns (:mod:`.handfilled`), makes
figures safe to publish (:mod:`.suppress`), combines LAs into regional and
England tables (:mod:`.combine`), and renders them (:mod:`.outputs`, :mod:`.html`).
"""

from __future__ import annotations

from fgc_standard.aggregate.compute import (
    ENGINES,
    aggregate_frames,
    aggregate_return,
    exact_median,
    frames_for_engine,
    referral_children,
)
from fgc_standard.aggregate.measures import MEASURES, Measure, breakdown_values, measure
from fgc_standard.aggregate.model import AggregateRow, aggregate_arrow_schema

__all__ = [
    "ENGINES",
    "MEASURES",
    "AggregateRow",
    "Measure",
    "aggregate_arrow_schema",
    "aggregate_frames",
    "aggregate_return",
    "breakdown_values",
    "exact_median",
    "frames_for_engine",
    "measure",
    "referral_children",
]
