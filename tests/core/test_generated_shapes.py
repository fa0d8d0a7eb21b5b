"""Every generated shape (Table Schema, Arrow, JSON Schema) says the same as the field specs."""

from __future__ import annotations

import pyarrow as pa
import pytest

from fgc_standard import STANDARD_VERSION
from fgc_standard.entities import ENTITIES, TABLES, EntityModel, entity_spec
from fgc_standard.schema import arrow_schema, datapackage_descriptor, table_schema

TABLE_NAMES = list(TABLES)


def test_data_package_has_one_resource_per_table_in_order() -> None:
    descriptor = datapackage_descriptor("csv")
    assert [r["name"] for r in descriptor["resources"]] == TABLE_NAMES
    assert [r["path"] for r in descriptor["resources"]] == [f"{t}.csv" for t in TABLE_NAMES]
    assert descriptor["version"] == STANDARD_VERSION
    parquet = datapackage_descriptor("parquet")
    assert [r["path"] for r in parquet["resources"]] == [f"{t}.parquet" for t in TABLE_NAMES]


def test_tables_are_named_in_plural_snake_case() -> None:
    for name in TABLE_NAMES[1:]:
        assert name == name.lower()
        assert name.endswith("s") or name == "children"


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_table_schema_follows_the_field_specs(table: str) -> None:
    spec = entity_spec(TABLES[table])
    schema = table_schema(table)
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == list(spec.field_names)
    for field in spec.fields:
        declared = fields[field.name]
        constraints = declared.get("constraints", {})
        assert constraints.get("required", False) is field.required, field.name
        assert declared["description"] == field.description
        cl = field.codelist
        if cl is not None:
            assert declared["codelist"] == cl.filename
            assert declared["openCodelist"] is (not cl.closed)
            if cl.closed and not field.is_list:
                assert constraints["enum"] == [c.code for c in cl.codes]
        if field.is_list:
            assert declared["type"] == "string"
            assert declared["fgcList"]["delimiter"] == ";"
            assert "pattern" in constraints
    if spec.primary_key:
        assert schema["primaryKey"] == [spec.primary_key]
    declared_fks = {fk["fields"][0]: fk["reference"] for fk in schema.get("foreignKeys", [])}
    for field in spec.foreign_keys:
        if field.is_list:
            assert field.name not in declared_fks  # list members are checked by the validator
            continue
        assert field.foreign_key is not None
        ref_table, ref_field = field.foreign_key
        assert declared_fks[field.name] == {
            "resource": "" if ref_table == table else ref_table,
            "fields": [ref_field],
        }


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_arrow_schema_follows_the_field_specs(table: str) -> None:
    spec = entity_spec(TABLES[table])
    schema = arrow_schema(table)
    assert schema.names == list(spec.field_names)
    scalar = {
        "string": pa.string(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us", tz="UTC"),
        "boolean": pa.bool_(),
        "integer": pa.int64(),
    }
    for field in spec.fields:
        arrow_field = schema.field(field.name)
        expected = scalar[field.kind]
        assert arrow_field.type == (pa.list_(expected) if field.is_list else expected)
        meta = {k.decode(): v.decode() for k, v in (arrow_field.metadata or {}).items()}
        assert meta["required"] == str(field.required).lower()
        assert meta.get("codelist") == field.codelist_name


@pytest.mark.parametrize("model", ENTITIES, ids=lambda m: m.__name__)
def test_every_record_entity_has_a_key_and_every_foreign_key_resolves(
    model: type[EntityModel],
) -> None:
    spec = entity_spec(model)
    if model.table_name != "header":
        assert spec.primary_key is not None
    for field in spec.foreign_keys:
        assert field.foreign_key is not None
        ref_table, ref_field = field.foreign_key
        assert entity_spec(TABLES[ref_table]).primary_key == ref_field
