"""Schemas generated from the models: JSON Schema, Table Schema (data package) and Arrow.

Nothing here is written by hand: each function reads the entity models and code
lists, and :func:`export_schema` writes the files committed under
``schema/<standard version>/``.
"""

from fgc_standard.schema.arrow import arrow_schema, arrow_type
from fgc_standard.schema.datapackage import datapackage_descriptor, table_schema
from fgc_standard.schema.export import export_schema, exported_files
from fgc_standard.schema.jsonschema import (
    SCHEMA_BASE_URI,
    entity_json_schema,
    json_schema_filename,
    return_json_schema,
)

__all__ = [
    "SCHEMA_BASE_URI",
    "arrow_schema",
    "arrow_type",
    "datapackage_descriptor",
    "entity_json_schema",
    "export_schema",
    "exported_files",
    "json_schema_filename",
    "return_json_schema",
    "table_schema",
]
