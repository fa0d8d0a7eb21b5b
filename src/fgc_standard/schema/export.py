"""Write every generated schema file: what is committed under ``schema/<version>/``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fgc_standard._version import STANDARD_VERSION
from fgc_standard.codelists import codelist_csv_bytes, codelist_names
from fgc_standard.entities import ENTITIES
from fgc_standard.errors import WriteError
from fgc_standard.files import atomic_write_bytes, json_bytes
from fgc_standard.schema.datapackage import datapackage_descriptor
from fgc_standard.schema.jsonschema import (
    entity_json_schema,
    json_schema_filename,
    return_json_schema,
)

__all__ = ["export_schema", "exported_files"]


def exported_files() -> dict[str, bytes]:
    """Return every exported file as ``relative path -> bytes``.

    The set is: one JSON Schema per entity, one for the whole return, the
    data-package descriptor, every code-list CSV (with its index), and the
    aggregate return's JSON Schema and data-package descriptor.
    """
    files: dict[str, bytes] = {}
    for model in ENTITIES:
        files[json_schema_filename(model)] = json_bytes(entity_json_schema(model))
    files["return.schema.json"] = json_bytes(return_json_schema())
    files["datapackage.json"] = json_bytes(datapackage_descriptor("csv"))
    # imported here: the aggregate package imports the returns, which import this package
    from fgc_standard.aggregate.schema import aggregate_datapackage, aggregate_json_schema

    files["aggregate.schema.json"] = json_bytes(aggregate_json_schema())
    files["aggregate.datapackage.json"] = json_bytes(aggregate_datapackage())
    for name in codelist_names():
        files[f"codelists/{name}.csv"] = codelist_csv_bytes(name)
    index = resources.files("fgc_standard.codelists").joinpath("data", "_index.csv")
    files["codelists/_index.csv"] = index.read_bytes()
    return files


def export_schema(out_dir: str | Path) -> Path:
    """Write the schema files for the current standard version.

    Args:
        out_dir: The folder to write into; files go to ``out_dir/<version>/``.

    Files of the kinds this function writes (``*.json`` and ``codelists/*.csv``)
    that it no longer generates are removed from the versioned folder, so the
    folder always equals a fresh export; anything else in it is left alone.

    Returns:
        The versioned folder written.

    Raises:
        WriteError: The folder cannot be created or written (for example a
            file stands where a folder should be, or permission is denied).
    """
    target = Path(out_dir) / STANDARD_VERSION
    files = exported_files()  # generate everything before touching the disk
    for rel, data in files.items():
        path = target / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, data)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise WriteError(f"cannot write {path}: {reason}") from None
    for stale in _stale_files(target, files):
        try:
            stale.unlink()
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise WriteError(f"cannot remove the stale file {stale}: {reason}") from None
    return target


def _stale_files(target: Path, files: dict[str, bytes]) -> list[Path]:
    """Files of the exported kinds in ``target`` that are not in ``files``."""
    candidates = [*target.glob("*.json"), *target.glob("codelists/*.csv")]
    return sorted(p for p in candidates if p.relative_to(target).as_posix() not in files)
