"""Frictionless Table Schemas and the data-package descriptor, from the models.

A record-level return on disk is a Frictionless data package: one table per
entity and a ``datapackage.json``. The canonical CSV form writes dates as ISO
``YYYY-MM-DD``, booleans as ``true``/``false``, lists joined by ``;`` and
empty cells for missing values; the descriptor says exactly that, so the
``frictionless`` command can check a return's structure without Python.
"""

from __future__ import annotations

from typing import Any, Literal

from fgc_standard._version import STANDARD_VERSION
from fgc_standard.entities import ENTITIES, FieldSpec, spec_for_table
from fgc_standard.entities._base import IDENTIFIER_ITEM

__all__ = ["LIST_DELIMITER", "TableFormat", "datapackage_descriptor", "table_schema"]

#: Joins the items of a multi-valued field in one CSV cell.
LIST_DELIMITER = ";"
TableFormat = Literal["csv", "parquet"]

_TYPES = {
    "string": "string",
    "date": "date",
    "datetime": "datetime",
    "boolean": "boolean",
    "integer": "integer",
}


def _field(field: FieldSpec) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": field.name,
        "title": field.name.replace("_", " ").capitalize(),
        "description": field.description,
    }
    constraints: dict[str, Any] = {}
    if field.required:
        constraints["required"] = True
    cl = field.codelist
    if field.is_list:
        # Frictionless cannot constrain the items of its "list" type, so a list
        # is declared as a string whose pattern checks every item.
        out["type"] = "string"
        out["fgcList"] = {"delimiter": LIST_DELIMITER, "itemType": _TYPES[field.kind]}
        if cl is not None and cl.closed:
            item = "|".join(c.code for c in cl.codes)
            item = f"({item})"
        else:
            item = IDENTIFIER_ITEM
        constraints["pattern"] = f"{item}(;{item})*"
    else:
        out["type"] = _TYPES[field.kind]
        if field.kind == "datetime":
            out["format"] = "any"
        if cl is not None and cl.closed:
            constraints["enum"] = [c.code for c in cl.codes]
        if field.pattern and field.kind == "string":
            # Table Schema patterns are implicitly anchored.
            constraints["pattern"] = field.pattern.removeprefix("^").removesuffix("$")
        if field.minimum is not None:
            constraints["minimum"] = field.minimum
        if field.maximum is not None:
            constraints["maximum"] = field.maximum
    if field.kind == "boolean":
        out["trueValues"] = ["true"]
        out["falseValues"] = ["false"]
    if cl is not None:
        out["codelist"] = cl.filename
        out["openCodelist"] = not cl.closed
    if field.example is not None:
        out["example"] = _as_csv_text(field.example)
    if constraints:
        out["constraints"] = constraints
    return out


def _as_csv_text(value: Any) -> Any:
    """Write an example as it appears in a CSV cell (Table Schema examples are cell text)."""
    if isinstance(value, list):
        return LIST_DELIMITER.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def table_schema(table: str) -> dict[str, Any]:
    """Return the Frictionless Table Schema of one table.

    Args:
        table: The table name, for example ``"referrals"``.
    """
    spec = spec_for_table(table)
    schema: dict[str, Any] = {
        "fields": [_field(f) for f in spec.fields],
        "missingValues": [""],
    }
    if spec.primary_key:
        schema["primaryKey"] = [spec.primary_key]
    foreign_keys = []
    for f in spec.foreign_keys:
        if f.is_list or f.foreign_key is None:
            continue  # list members cannot be declared; the validator checks them
        ref_table, ref_field = f.foreign_key
        foreign_keys.append(
            {
                "fields": [f.name],
                "reference": {
                    "resource": "" if ref_table == spec.table else ref_table,
                    "fields": [ref_field],
                },
            }
        )
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def datapackage_descriptor(table_format: TableFormat = "csv") -> dict[str, Any]:
    """Return the ``datapackage.json`` descriptor of a record-level return.

    Args:
        table_format: ``"csv"`` (the canonical form) or ``"parquet"``.
    """
    resources = []
    for model in ENTITIES:
        spec = spec_for_table(model.table_name)
        resource: dict[str, Any] = {
            "name": spec.table,
            "title": spec.title,
            "description": f"{spec.description} One row per {spec.row_meaning}.",
            "path": f"{spec.table}.{table_format}",
            "profile": "tabular-data-resource",
            "format": table_format,
        }
        if table_format == "csv":
            resource.update(
                mediatype="text/csv",
                encoding="utf-8",
                dialect={"delimiter": ",", "header": True, "quoteChar": '"', "doubleQuote": True},
            )
        else:
            resource["mediatype"] = "application/vnd.apache.parquet"
        resource["schema"] = table_schema(spec.table)
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "fgc-return",
        "title": "Family Group Conference record-level return",
        "description": (
            "A record-level return in the FGC data standard: the header and one table per "
            "entity. Code lists are published beside this descriptor."
        ),
        "version": STANDARD_VERSION,
        "fgcStandardVersion": STANDARD_VERSION,
        "licenses": [{"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0"}],
        "resources": resources,
    }
