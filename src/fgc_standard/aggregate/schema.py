"""The aggregate return's JSON Schema and Frictionless data package, from its model.

Exported with the record-level schemas under ``schema/<version>/`` as
``aggregate.schema.json`` (one row) and ``aggregate.datapackage.json`` (the CSV
file ``aggregate.csv``), so that a hand-filled return can be checked without
Python, for example with ``frictionless validate aggregate.datapackage.json``.
"""

from __future__ import annotations

from typing import Any

from fgc_standard._version import STANDARD_VERSION
from fgc_standard.aggregate.measures import BREAKDOWNS, MEASURES, breakdown_values
from fgc_standard.aggregate.model import AggregateRow
from fgc_standard.codelists import codelist

__all__ = ["aggregate_datapackage", "aggregate_json_schema", "aggregate_table_schema"]

_BASE = "https://w3id.org/fgc-standard/schema"
_KEY = ("la_number", "period_start", "period_end", "measure", "breakdown", "breakdown_value")


def aggregate_json_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of one row of the aggregate return."""
    schema = AggregateRow.model_json_schema()
    schema.pop("title", None)
    head = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE}/{STANDARD_VERSION}/aggregate.schema.json",
        "title": "FGC aggregate return (one figure)",
        "description": schema.pop("description", ""),
        "version": STANDARD_VERSION,
    }
    return {**head, **schema}


def _all_breakdown_values() -> list[str]:
    return list(dict.fromkeys(v for b in BREAKDOWNS for v in breakdown_values(b)))


def aggregate_table_schema() -> dict[str, Any]:
    """The Frictionless Table Schema of the aggregate return's CSV file."""
    fields = AggregateRow.model_fields

    def describe(name: str) -> str:
        return fields[name].description or ""

    return {
        "fields": [
            {
                "name": "la_number",
                "type": "string",
                "description": describe("la_number"),
                "constraints": {"required": True, "enum": [c.code for c in codelist("la")]},
            },
            {
                "name": "period_start",
                "type": "date",
                "description": describe("period_start"),
                "constraints": {"required": True},
            },
            {
                "name": "period_end",
                "type": "date",
                "description": describe("period_end"),
                "constraints": {"required": True},
            },
            {
                "name": "measure",
                "type": "string",
                "description": describe("measure"),
                "constraints": {"required": True, "enum": [m.name for m in MEASURES]},
            },
            {
                "name": "breakdown",
                "type": "string",
                "description": describe("breakdown"),
                "constraints": {"required": True, "enum": list(BREAKDOWNS)},
            },
            {
                "name": "breakdown_value",
                "type": "string",
                "description": describe("breakdown_value"),
                "constraints": {"required": True, "enum": _all_breakdown_values()},
            },
            {
                "name": "value",
                "type": "number",
                "description": describe("value"),
                "constraints": {"minimum": 0},
            },
        ],
        "primaryKey": list(_KEY),
        "missingValues": [""],
    }


def aggregate_datapackage() -> dict[str, Any]:
    """The data-package descriptor of a hand-filled (or computed) aggregate return CSV."""
    return {
        "profile": "tabular-data-package",
        "name": "fgc-aggregate-return",
        "title": "FGC aggregate return",
        "version": STANDARD_VERSION,
        "resources": [
            {
                "name": "aggregate",
                "path": "aggregate.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "schema": aggregate_table_schema(),
            }
        ],
    }
