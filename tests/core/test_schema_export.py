"""The committed schema/1.0.0/ is exactly what ``fgc schema export`` writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from fgc_standard import STANDARD_VERSION
from fgc_standard.codelists import codelist
from fgc_standard.entities import ENTITIES, entity_spec
from fgc_standard.schema import (
    SCHEMA_BASE_URI,
    entity_json_schema,
    export_schema,
    exported_files,
    json_schema_filename,
    return_json_schema,
)

from ._helpers import stale_report, tree_bytes

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "schema" / STANDARD_VERSION
JSON_SCHEMAS = sorted(p.name for p in COMMITTED.glob("*.schema.json"))


def test_exported_files_equal_the_committed_folder() -> None:
    report = stale_report(exported_files(), tree_bytes(COMMITTED))
    assert not report, report


def test_cli_export_reproduces_the_committed_folder_byte_for_byte(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fgc_standard", "schema", "export", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    written = tree_bytes(tmp_path / "out" / STANDARD_VERSION)
    report = stale_report(written, tree_bytes(COMMITTED))
    assert not report, report
    # nothing is written outside the versioned folder
    assert [p.name for p in (tmp_path / "out").iterdir()] == [STANDARD_VERSION]


def test_the_example_return_is_written_as_the_standard_writes_it(tmp_path: Path) -> None:
    """examples/return/ (its descriptor too) is what write_return makes of its own data."""
    from fgc_standard import read_return, write_return

    example = ROOT / "examples" / "return"
    write_return(read_return(example).data, tmp_path / "out")
    stale = sorted(
        name
        for name, data in tree_bytes(tmp_path / "out").items()
        if tree_bytes(example).get(name) != data
    )
    assert not stale, f"examples/return/ is stale ({', '.join(stale)}): run `make schema`"


def test_export_function_returns_the_versioned_folder(tmp_path: Path) -> None:
    target = export_schema(tmp_path)
    assert target == tmp_path / STANDARD_VERSION
    assert tree_bytes(target) == exported_files()


def test_stale_report_names_files_and_says_make_schema(tmp_path: Path) -> None:
    """The check can fail: a changed, a missing and an extra file are each named."""
    committed = dict(exported_files())
    fresh = dict(committed)
    committed["referral.schema.json"] += b" "
    del committed["codelists/sex.csv"]
    committed["old.schema.json"] = b"{}"
    report = stale_report(fresh, committed)
    assert "changed: referral.schema.json" in report
    assert "missing (not committed): codelists/sex.csv" in report
    assert "extra (no longer generated): old.schema.json" in report
    assert "make schema" in report
    assert stale_report(fresh, dict(fresh)) == ""


def test_export_covers_every_entity_the_return_and_every_codelist() -> None:
    files = exported_files()
    for model in ENTITIES:
        assert json_schema_filename(model) in files
    assert "return.schema.json" in files
    assert "datapackage.json" in files
    assert "codelists/_index.csv" in files
    assert "codelists/ethnicity.csv" in files
    assert all(data.endswith(b"\n") for name, data in files.items() if name.endswith(".json"))


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((COMMITTED / name).read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize("name", JSON_SCHEMAS)
def test_every_schema_passes_the_2020_12_metaschema(name: str) -> None:
    schema = _load(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", JSON_SCHEMAS)
def test_ids_are_absolute_and_versioned(name: str) -> None:
    schema = _load(name)
    assert schema["$id"] == f"{SCHEMA_BASE_URI}/{STANDARD_VERSION}/{name}"
    assert schema["$id"].startswith("https://")
    assert schema["version"] == STANDARD_VERSION
    assert schema["title"]
    assert schema["description"]


def test_metaschema_check_can_fail() -> None:
    broken = {**entity_json_schema(ENTITIES[1]), "type": "record"}
    with pytest.raises(Exception, match="record"):
        Draft202012Validator.check_schema(broken)


@pytest.mark.parametrize("model", ENTITIES, ids=lambda m: m.__name__)
def test_properties_carry_descriptions_and_codelist_annotations(model: type) -> None:
    schema = entity_json_schema(model)
    properties = schema["properties"]
    spec = entity_spec(model)
    assert list(properties) == list(spec.field_names)
    assert set(schema.get("required", [])) == {f.name for f in spec.fields if f.required}
    for field in spec.fields:
        prop = properties[field.name]
        assert prop.get("description"), f"{model.__name__}.{field.name} has no description"
        assert prop.get("examples"), f"{model.__name__}.{field.name} has no example"
        cl = field.codelist
        if cl is None:
            assert "codelist" not in prop
            continue
        # annotations sit on the property itself, whatever pydantic nests inside
        assert prop["codelist"] == cl.filename
        assert prop["openCodelist"] is (not cl.closed)
        text = json.dumps(prop)
        if cl.closed:
            assert f'"enum": {json.dumps([c.code for c in cl.codes])}' in text
        else:
            assert '"enum"' not in text


def test_closed_and_open_lists_in_the_committed_schemas() -> None:
    child = _load("child.schema.json")["properties"]
    assert child["sex"]["enum"] == [c.code for c in codelist("sex").codes]
    assert child["sex"]["codelist"] == "sex.csv"
    assert child["sex"]["openCodelist"] is False
    assert child["disabilities"]["items"]["enum"][0] == "NONE"
    plan = _load("plan.schema.json")["properties"]
    assert plan["plan_elements"]["codelist"] == "plan_element.csv"
    assert plan["plan_elements"]["openCodelist"] is True


def test_return_schema_embeds_every_table() -> None:
    schema = return_json_schema()
    assert set(schema["properties"]) == {m.table_name for m in ENTITIES}
    assert schema["required"] == ["header"]


def test_export_removes_stale_generated_files_and_keeps_others(tmp_path: Path) -> None:
    target = tmp_path / STANDARD_VERSION
    (target / "codelists").mkdir(parents=True)
    (target / "dropped_entity.schema.json").write_text("{}")
    (target / "codelists" / "dropped_list.csv").write_text("code\n")
    (target / "NOTES.md").write_text("kept")
    export_schema(tmp_path)
    assert tree_bytes(target) == {**exported_files(), "NOTES.md": b"kept"}
