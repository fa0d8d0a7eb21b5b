"""The aggregate return: measures, computation on any engine, checks, disclosure control.

The first phase of the national collection is an LA-level aggregate return.
This package defines it (:mod:`.model`, :mod:`.measures`), computes it from
record-level data on pandas, PyArrow, Polars, DuckDB or PySpark
(:mod:`.compute`), checks hand-filled returns (:mod:`.handfilled`), makes
figures safe to publish (:mod:`.suppress`), combines LAs into regional and
England tables (:mod:`.combine`), and renders them (:mod:`.outputs`, :mod:`.html`).
Its JSON Schema and data package come from :mod:`.schema`.
"""

from __future__ import annotations

from fgc_standard.aggregate.combine import (
    INDICATORS,
    Indicator,
    benchmark,
    combine_returns,
    la_numbers,
)
from fgc_standard.aggregate.compute import (
    ENGINES,
    aggregate_frames,
    aggregate_return,
    exact_median,
    frames_for_engine,
    referral_children,
)
from fgc_standard.aggregate.handfilled import (
    AGGREGATE_RULES,
    AggregateRule,
    aggregate_template,
    check_aggregate,
    read_aggregate,
    write_aggregate_template,
)
from fgc_standard.aggregate.html import summary_html
from fgc_standard.aggregate.measures import MEASURES, Measure, breakdown_values, measure
from fgc_standard.aggregate.model import AggregateRow, aggregate_arrow_schema
from fgc_standard.aggregate.outputs import write_measures, write_table
from fgc_standard.aggregate.schema import (
    aggregate_datapackage,
    aggregate_json_schema,
    aggregate_table_schema,
)
from fgc_standard.aggregate.suppress import (
    DEFAULT_THRESHOLD,
    MARKER,
    determined_cells,
    publish,
    single_subtraction_leaks,
    suppress_cells,
    suppression_groups,
)

__all__ = [
    "AGGREGATE_RULES",
    "DEFAULT_THRESHOLD",
    "ENGINES",
    "INDICATORS",
    "MARKER",
    "MEASURES",
    "AggregateRow",
    "AggregateRule",
    "Indicator",
    "Measure",
    "aggregate_arrow_schema",
    "aggregate_datapackage",
    "aggregate_frames",
    "aggregate_json_schema",
    "aggregate_return",
    "aggregate_table_schema",
    "aggregate_template",
    "benchmark",
    "breakdown_values",
    "check_aggregate",
    "combine_returns",
    "determined_cells",
    "exact_median",
    "frames_for_engine",
    "la_numbers",
    "measure",
    "publish",
    "read_aggregate",
    "referral_children",
    "single_subtraction_leaks",
    "summary_html",
    "suppress_cells",
    "suppression_groups",
    "write_aggregate_template",
    "write_measures",
    "write_table",
]
