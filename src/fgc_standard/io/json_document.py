"""A return as one JSON document: ``{"header": {...}, "children": [...], ...}``.

The document follows the whole-return JSON Schema. Dates are ISO strings, the
production time ``YYYY-MM-DDTHH:MM:SSZ``, yes/no fields JSON booleans, counts
JSON numbers and multi-valued fields JSON arrays. A value that is null (or an
empty list, the same thing) is left out of its record.

Reading goes through the same coercion as CSV, so a JSON document written by
hand may hold ``"2025-01-31"`` or ``"31/01/2025"``, ``true`` or ``"Y"``, and a
list as a string, read as a CSV cell (``"LD"`` is ``["LD"]``, ``"A;B"`` is
``["A", "B"]``); a null item of a list is no item, as an empty one is in CSV. For
issues, the "row" of a record is its 1-based position in its table's array.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.entities import TABLES, spec_for_table
from fgc_standard.errors import ReadError
from fgc_standard.files import atomic_path
from fgc_standard.io.coerce import coerce_table
from fgc_standard.io.csv_package import table_to_text
from fgc_standard.io.result import ReadResult, assemble
from fgc_standard.returns import FGCReturn, TableSource

__all__ = ["read_json_document", "write_json_document"]

#: Keys a document may carry besides its tables (ignored on reading).
_IGNORED_KEYS = frozenset({"$schema"})


def _json_ready(table: pa.Table) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: dates as ISO text, nulls left out."""
    columns: list[pa.Array] = []
    for column in table.columns:
        values = column.combine_chunks()
        if pa.types.is_date(values.type) or pa.types.is_timestamp(values.type):
            values = table_to_text(pa.table({"v": values})).column(0).combine_chunks()
        columns.append(values)
    rows = pa.Table.from_arrays(columns, names=table.column_names).to_pylist()
    return [{k: v for k, v in row.items() if v is not None} for row in rows]


def write_json_document(data: FGCReturn, path: str | Path) -> Path:
    """Write a return as one JSON document, atomically.

    Args:
        data: The return.
        path: The ``.json`` file to write.

    Returns:
        The path written.
    """
    path = Path(path)
    header_rows = _json_ready(data.tables["header"])
    document: dict[str, Any] = {"header": header_rows[0] if header_rows else {}}
    for name in TABLES:
        if name != "header":
            document[name] = _json_ready(data.tables[name])
    # one record per line: readable, and json's fast C encoder (indent= is pure Python)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as handle:
        handle.write('{\n "header": ' + _dumps(document.pop("header")))
        for name, records in document.items():
            handle.write(f',\n "{name}": [')
            for i, record in enumerate(records):
                handle.write(("," if i else "") + "\n  " + _dumps(record))
            handle.write("\n ]" if records else "]")
        handle.write("\n}\n")
    return path


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _as_text(value: Any) -> str | None:
    """A JSON value as the text a CSV cell would hold."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        items = [_as_text(v) for v in value]
        return ";".join(i for i in items if i is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _records_as_text(path: Path, name: str, records: Any) -> pa.Table:
    if isinstance(records, dict) and name == "header":
        # an empty header object is how a return without a header row is written
        records = [records] if records else []
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        kind = "an object" if name == "header" else "a list of objects"
        raise ReadError(f"{path}: {name!r} must be {kind}")
    # every field is a column, so a record that leaves a value out has a null
    # there (reported by the validator if required), not a missing column
    names: dict[str, None] = dict.fromkeys(spec_for_table(name).field_names)
    for record in records:
        names.update(dict.fromkeys(record))
    return pa.table({key: _column_as_text([r.get(key) for r in records]) for key in names})


def _column_as_text(values: list[Any]) -> pa.Array:
    """One column of JSON values as text, vectorised when the values are of one plain type."""
    # not int64: Arrow would truncate 1.5 to 1 without a word
    for kind in (pa.string(), pa.bool_()):
        try:
            typed = pa.array(values, kind)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
            continue
        return _as_text_array(typed)
    if any(isinstance(v, list) for v in values):
        # Arrow would split a string into its characters where a list is expected;
        # a string stands for a list as a CSV cell does ("A;B"), so make it one item
        as_lists = [[v] if isinstance(v, str) else v for v in values]
        try:
            lists = pa.array(as_lists, pa.list_(pa.string()))
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
            pass
        else:
            # a null item is no item, as an empty item is in CSV ("a;;b" reads as a;b);
            # Arrow's join would make the whole list null
            items = pc.fill_null(lists.flatten(), "")
            filled = pa.ListArray.from_arrays(lists.offsets, items, mask=lists.is_null())
            return _as_text_array(filled)
    return pa.array([_as_text(v) for v in values], pa.string())


def _as_text_array(typed: pa.Array) -> pa.Array:
    """A typed column as canonical text (``true``, ``a;b``), as a CSV cell would hold it."""
    text: pa.Array = table_to_text(pa.table({"v": typed})).column(0).combine_chunks()
    return text


def read_json_document(path: str | Path) -> ReadResult:
    """Read a return from one JSON document.

    Args:
        path: The ``.json`` file.

    Raises:
        ReadError: The file is missing, not JSON, not an object with a
            ``header``, or has a key that is not a table of the standard.
        SchemaError: A table lacks a required field in every record.
    """
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise ReadError(f"{path}: not valid JSON: {error}") from None
    except RecursionError:
        raise ReadError(f"{path}: cannot read: the JSON is nested too deeply") from None
    except OSError as error:
        raise ReadError(f"{path}: cannot read: {error.strerror or error}") from None
    if not isinstance(document, dict) or "header" not in document:
        raise ReadError(
            f"{path}: a JSON return is an object with a 'header' and one list per table"
        )
    unknown = sorted(set(document) - set(TABLES) - _IGNORED_KEYS)
    if unknown:
        raise ReadError(
            f"{path}: {', '.join(map(repr, unknown))} not a table of the standard "
            f"(tables: {', '.join(TABLES)})"
        )
    parts = []
    for name in TABLES:
        if name in document:
            try:
                raw = _records_as_text(path, name, document[name])
            except RecursionError:
                raise ReadError(f"{path}: {name!r} holds a value nested too deeply") from None
            source = TableSource(file=f"{path} ({name})", first_row=1)
            parts.append((name, coerce_table(name, raw, source), source))
    return assemble(parts)
