"""The aggregate return's exported JSON Schema and data package: good rows pass, bad fail."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pyarrow as pa
import pytest

from fgc_standard.aggregate.outputs import write_table
from fgc_standard.aggregate.schema import aggregate_datapackage, aggregate_json_schema
from fgc_standard.schema.export import exported_files


def test_exported_with_the_standard(repo_root: Path) -> None:
    files = exported_files()
    for name in ("aggregate.schema.json", "aggregate.datapackage.json"):
        committed = repo_root / "schema" / "1.0.0" / name
        assert committed.read_bytes() == files[name], (
            f"{name} is stale: run fgc schema export schema"
        )


def test_json_schema_accepts_rows_and_rejects_bad_ones(example_aggregate: pa.Table) -> None:
    validator = jsonschema.Draft202012Validator(aggregate_json_schema())
    for row in example_aggregate.to_pylist()[:40]:
        document = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}
        validator.validate(document)
    bad = {**document, "measure": "families_refered"}
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(bad)


def test_datapackage_validates_a_computed_return(
    example_aggregate: pa.Table, tmp_path: Path
) -> None:
    from frictionless import validate

    write_table(example_aggregate, tmp_path, "aggregate")
    (tmp_path / "datapackage.json").write_text(json.dumps(aggregate_datapackage()))
    assert validate(tmp_path / "datapackage.json").valid
    text = (
        (tmp_path / "aggregate.csv").read_text().replace("families_referred", "families_refered", 1)
    )
    (tmp_path / "aggregate.csv").write_text(text)
    assert not validate(tmp_path / "datapackage.json").valid
