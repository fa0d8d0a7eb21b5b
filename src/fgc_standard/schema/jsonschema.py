"""JSON Schema (Draft 2020-12) for each entity and for a whole return, from the models."""

from __future__ import annotations

from typing import Any

from fgc_standard._version import STANDARD_VERSION
from fgc_standard.entities import ENTITIES, EntityModel, ReturnDocument

__all__ = [
    "SCHEMA_BASE_URI",
    "entity_json_schema",
    "json_schema_filename",
    "return_json_schema",
]

#: Every schema's ``$id`` starts here, followed by the standard version.
SCHEMA_BASE_URI = "https://w3id.org/fgc-standard/schema"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_ANNOTATIONS = ("codelist", "openCodelist")


def json_schema_filename(model: type[EntityModel]) -> str:
    """Return the file name of a model's schema, for example ``referral.schema.json``."""
    if model is ReturnDocument:
        return "return.schema.json"
    name = "".join(f"_{c.lower()}" if c.isupper() else c for c in model.__name__).lstrip("_")
    return f"{name}.schema.json"


def _schema_id(model: type[EntityModel]) -> str:
    return f"{SCHEMA_BASE_URI}/{STANDARD_VERSION}/{json_schema_filename(model)}"


def _hoist_codelists(node: Any) -> None:
    """Copy ``codelist`` annotations up to the property, as OCDS tools expect.

    pydantic puts them on the inner schema (inside ``anyOf`` for optional
    fields, inside ``items`` for lists); readers of the schema look for them on
    the property itself.
    """
    if isinstance(node, dict):
        for prop in (node.get("properties") or {}).values():
            inner = [*prop.get("anyOf", []), prop.get("items", {})]
            for candidate in inner:
                for key in _ANNOTATIONS:
                    if isinstance(candidate, dict) and key in candidate:
                        prop[key] = candidate[key]
        for value in node.values():
            _hoist_codelists(value)
    elif isinstance(node, list):
        for value in node:
            _hoist_codelists(value)


def _finish(model: type[EntityModel], schema: dict[str, Any], title: str) -> dict[str, Any]:
    _hoist_codelists(schema)
    head = {
        "$schema": _DRAFT,
        "$id": _schema_id(model),
        "title": title,
        "description": schema.pop("description", ""),
        "version": STANDARD_VERSION,
    }
    schema.pop("title", None)
    return {**head, **schema}


def entity_json_schema(model: type[EntityModel]) -> dict[str, Any]:
    """Return the JSON Schema of one entity (one record).

    Args:
        model: An entity class from :data:`fgc_standard.entities.ENTITIES`.
    """
    if model not in ENTITIES:
        raise ValueError(f"{model.__name__} is not an entity of the standard")
    return _finish(model, model.model_json_schema(), f"FGC {model.__name__}")


def return_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a whole return as one JSON document."""
    return _finish(ReturnDocument, ReturnDocument.model_json_schema(), "FGC return")
