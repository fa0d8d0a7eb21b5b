"""Turn text columns into the standard's typed columns, vectorised, losing no row.

Every reader first gets each column as text (what the file says), then calls
:func:`coerce_table`. A value that cannot be read becomes a null in the typed
table *and* an issue naming the table, row, column and the value as written;
the row itself is always kept, so rows in = rows out.

Readings accepted, as a person would expect them:

- dates: ISO ``2025-01-31`` or UK ``31/01/2025`` (also ``31-01-2025``,
  ``31.01.2025``); an impossible date such as ``30/02/2025`` is an error, never
  rolled over to another day;
- yes/no: ``true/false``, ``yes/no``, ``y/n``, ``1/0``, any case;
- whole numbers: digits, with an optional ``.0`` as spreadsheets write them;
- lists: items joined by ``;``, spaces around items ignored; an empty cell and
  an empty list are the same thing, stored as null (the one canonical form);
- codes and ids: surrounding spaces removed; a code written in the wrong case
  (`` wbri ``) is silently read as the code (``WBRI``) when its upper-case form
  is one of the field's codes and the value as written is not, since that
  reading is unambiguous.

Issue codes: :data:`UNREADABLE_CODE` (``FGC0001``, kind ``wrong_type``) for a
value that cannot be read as its type; :data:`IMPOSSIBLE_DATE_CODE`
(``FGC0002``, kind ``impossible_date``) for a value laid out as a date that does
not exist; :data:`EXTRA_COLUMN_CODE` (``FGC0005``, a query of kind
``table_shape``) for a column the standard does not define, which is kept out
of the standard table. A missing required column (rule ``FGC0003``) raises
:class:`~fgc_standard.errors.SchemaError`, since no row can be read without it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.codelists import codelist
from fgc_standard.entities import FieldSpec, spec_for_table
from fgc_standard.errors import SchemaError
from fgc_standard.report.issue import Issue, SourceLocation, column_letter
from fgc_standard.returns import TableSource
from fgc_standard.schema.arrow import arrow_schema, arrow_type
from fgc_standard.schema.datapackage import LIST_DELIMITER

__all__ = [
    "EXTRA_COLUMN_CODE",
    "IMPOSSIBLE_DATE_CODE",
    "MISSING_COLUMN_CODE",
    "UNREADABLE_CODE",
    "CoercedTable",
    "coerce_table",
    "normalise_header",
]

#: The rule code of "this value cannot be read as the field's type" (kind ``wrong_type``).
UNREADABLE_CODE = "FGC0001"
#: The rule code of "this value is laid out as a date but no such date exists"
#: (kind ``impossible_date``), for example ``30/02/2025``.
IMPOSSIBLE_DATE_CODE = "FGC0002"
#: The rule code of "a required column is missing" (raised as a SchemaError).
MISSING_COLUMN_CODE = "FGC0003"
#: The rule code of "the file has a column the standard does not define" (a query,
#: kind ``table_shape``); the column is kept in ``FGCReturn.extra_columns``.
EXTRA_COLUMN_CODE = "FGC0005"

_TRUE = ("true", "yes", "y", "1", "t")
_FALSE = ("false", "no", "n", "0", "f")
_DATE_FORMATS = (
    (r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d"),
    (r"^\d{2}/\d{2}/\d{4}$", "%d/%m/%Y"),
    (r"^\d{2}-\d{2}-\d{4}$", "%d-%m-%Y"),
    (r"^\d{2}\.\d{2}\.\d{4}$", "%d.%m.%Y"),
)
_KIND_WORDS = {
    "date": "a date (YYYY-MM-DD or DD/MM/YYYY)",
    "datetime": "a date and time (YYYY-MM-DDTHH:MM:SS with a time zone)",
    "boolean": "yes or no (true/false, Y/N, 1/0)",
    "integer": "a whole number",
    "string": "text",
}


@dataclass
class CoercedTable:
    """The result of coercing one table.

    Attributes:
        table: The typed table, with exactly the standard's columns.
        issues: One issue per value that could not be read.
        extra: Columns the source had that the standard does not define.
        source: The source given, with each field's header as written in the file.
    """

    table: pa.Table
    issues: list[Issue]
    extra: pa.Table | None
    source: TableSource | None


def normalise_header(header: str) -> str:
    """Return the field name a header most likely means.

    Case, surrounding spaces, inner spaces and hyphens do not matter
    (``" Referral Date "`` -> ``referral_date``).
    """
    text = header.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _pad_to_two_digits(text: pa.Array) -> pa.Array:
    # 1/2/2025 -> 01/02/2025, so that one pattern per layout suffices
    text = pc.replace_substring_regex(text, r"^(\d)([/.\-])", r"0\1\2")
    return pc.replace_substring_regex(text, r"^(\d\d[/.\-])(\d)([/.\-])", r"\10\2\3")


def _parse_dates(text: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Return (dates, date-shaped mask): a shaped value that is null is an impossible date.

    ISO values (nearly all of them in a file a system wrote) are read by Arrow's
    C++ parser; only the other values go through the lenient UK layouts.
    """
    try:
        # the usual case, a column a system wrote: every value a real ISO date, which
        # Arrow's strict cast reads (it takes YYYY-MM-DD only and rejects 2025-02-30)
        return pc.cast(text, pa.date32()), pc.is_valid(text)
    except pa.ArrowInvalid:
        pass  # some value is not: sort them out below
    iso = pc.fill_null(pc.match_substring_regex(text, _DATE_FORMATS[0][0]), False)
    others = pc.and_(pc.is_valid(text), pc.invert(iso))
    if not pc.any(others).as_py():
        return _parse_iso_dates(text), iso
    iso_rows = pc.indices_nonzero(iso)
    other_rows = pc.indices_nonzero(others)
    other_dates, other_shaped = _parse_lenient_dates(text.take(other_rows))
    take = _merge_order(iso_rows, other_rows, len(text))
    dates = pa.concat_arrays([_parse_iso_dates(text.take(iso_rows)), other_dates]).take(take)
    iso_shaped = pa.array(np.ones(len(iso_rows), dtype=bool))
    shaped = pa.concat_arrays([iso_shaped, other_shaped]).take(take)
    return dates, pc.fill_null(shaped, False)


def _merge_order(first: pa.Array, second: pa.Array, length: int) -> pa.Array:
    """Indices that put two parts (rows ``first``, then rows ``second``) back in row order.

    Rows in neither part get a null index, so they come out null.
    """
    index = np.full(length, -1, dtype=np.int64)
    index[first.to_numpy()] = np.arange(len(first))
    index[second.to_numpy()] = np.arange(len(first), len(first) + len(second))
    return pa.array(index, mask=index < 0)


def _parse_iso_dates(text: pa.Array) -> pa.Array:
    """Read ISO dates (or nulls); an impossible date such as 2025-02-30 becomes null."""
    try:
        # the usual case: Arrow's strict cast rejects 2025-02-30 as a whole
        return pc.cast(text, pa.date32())
    except pa.ArrowInvalid:
        pass
    stamps = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    parsed = pc.cast(stamps, pa.date32())
    # strptime rolls 2025-02-30 over to 2025-03-02: keep only dates whose month and day
    # are the ones written
    month = pc.cast(pc.utf8_slice_codeunits(text, 5, 7), pa.int64())
    day = pc.cast(pc.utf8_slice_codeunits(text, 8, 10), pa.int64())
    same = pc.and_(pc.equal(pc.month(parsed), month), pc.equal(pc.day(parsed), day))
    return pc.if_else(pc.fill_null(same, False), parsed, pa.scalar(None, pa.date32()))


def _parse_lenient_dates(text: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Read dates in any accepted layout, with (dates, date-shaped mask)."""
    text = _pad_to_two_digits(text)
    result = pa.nulls(len(text), pa.date32())
    shaped = pa.array(np.zeros(len(text), dtype=bool))
    for pattern, fmt in _DATE_FORMATS:
        matches = pc.fill_null(pc.match_substring_regex(text, pattern), False)
        if not pc.any(matches).as_py():
            continue
        shaped = pc.or_(shaped, matches)
        parsed = pc.cast(pc.strptime(text, format=fmt, unit="s", error_is_null=True), pa.date32())
        # strptime rolls 30/02 over to 02/03: keep only dates that format back unchanged
        round_trip = pc.equal(pc.strftime(parsed, format=fmt), text)
        ok = pc.and_(matches, pc.fill_null(round_trip, False))
        result = pc.if_else(ok, parsed, result)
    return result, shaped


#: A date and time with its zone, once ``Z`` is ``+00:00`` and a space a ``T``.
_DATETIME = (
    r"^(?P<local>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(?P<fraction>\d{1,9}))?"
    r"(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})$"
)
_LOCAL_FORMAT = "%Y-%m-%dT%H:%M:%S"


def _parse_datetimes(text: pa.Array) -> pa.Array:
    """Read ``2026-07-15T09:00:00Z`` (or ``+01:00``, or a space for the ``T``) as UTC.

    A fraction of a second (JavaScript's ``toISOString`` writes milliseconds) is
    kept to the microsecond; digits beyond that are dropped, as the header model
    does. A time that does not exist (``2026-02-30T09:00:00Z``) is not read.
    """
    normalised = pc.replace_substring_regex(text, r"Z$", "+00:00")
    normalised = pc.replace_substring_regex(normalised, r" ", "T")
    parts = pc.extract_regex(normalised, _DATETIME)
    local_text = _part(parts, "local")
    # strptime's %S takes whole seconds, and rolls 30 February over to March:
    # keep only times that format back as written
    local = pc.strptime(local_text, format=_LOCAL_FORMAT, unit="s", error_is_null=True)
    real = pc.fill_null(pc.equal(pc.strftime(local, format=_LOCAL_FORMAT), local_text), False)
    local = local.cast(pa.timestamp("us"))
    padded = pc.binary_join_element_wise(_part(parts, "fraction"), "00000", "")  # .5: 500000 us
    micro = pc.fill_null(pc.cast(pc.utf8_slice_codeunits(padded, 0, 6), pa.int64()), 0)
    minutes = pc.add(
        pc.multiply(pc.cast(_part(parts, "hours"), pa.int64()), 60),
        pc.cast(_part(parts, "minutes"), pa.int64()),
    )
    east = pc.equal(_part(parts, "sign"), "+")
    offset = pc.multiply(minutes, pc.if_else(east, 60_000_000, -60_000_000))
    shift = pc.cast(pc.subtract(micro, offset), pa.duration("us"))
    utc = pc.if_else(real, pc.add(local, shift), pa.scalar(None, local.type))
    return pc.cast(utc, pa.timestamp("us", tz="UTC"))


def _part(parts: pa.Array, name: str) -> pa.Array:
    # struct_field, not .field(): a value that did not match is null in every part
    return pc.struct_field(parts, name)


def _parse_booleans(text: pa.Array) -> pa.Array:
    exact = pc.is_in(text, value_set=pa.array(["true", "false"]), skip_nulls=True)
    if pc.all(pc.or_(exact, pc.is_null(text))).as_py():
        # the canonical words only: no lower-casing and lookups needed
        return pc.equal(text, "true")
    lowered = pc.utf8_lower(text)
    is_true = pc.is_in(lowered, value_set=pa.array(_TRUE))
    is_false = pc.is_in(lowered, value_set=pa.array(_FALSE))
    return pc.if_else(is_true, True, pc.if_else(is_false, False, pa.scalar(None, pa.bool_())))


def _parse_integers(text: pa.Array) -> pa.Array:
    short = pc.less_equal(pc.binary_length(text), 15)
    plain = pc.fill_null(pc.and_(pc.ascii_is_decimal(text), short), False)
    others = pc.and_(pc.is_valid(text), pc.invert(plain))
    if not pc.any(others).as_py():
        # digits only (the usual case): no pattern needed
        return pc.cast(text, pa.int64())
    plain_rows = pc.indices_nonzero(plain)
    other_rows = pc.indices_nonzero(others)
    numbers = [pc.cast(text.take(plain_rows), pa.int64()), _parse_numbers(text.take(other_rows))]
    return pa.concat_arrays(numbers).take(_merge_order(plain_rows, other_rows, len(text)))


def _parse_numbers(text: pa.Array) -> pa.Array:
    """Read whole numbers written with a sign or a ``.0`` (null when not a whole number)."""
    digits = pc.replace_substring_regex(text, r"^([+-]?\d+)\.0*$", r"\1")
    ok = pc.fill_null(pc.match_substring_regex(digits, r"^[+-]?\d{1,15}$"), False)
    # Arrow's cast reads -5 but not +5
    digits = pc.replace_substring_regex(digits, r"^\+", "")
    return pc.cast(pc.if_else(ok, digits, pa.scalar(None, pa.string())), pa.int64())


@cache
def _code_values(list_name: str) -> pa.Array:
    return pa.array(sorted(codelist(list_name).values), pa.string())


def _normalise_codes(text: pa.Array, list_name: str) -> pa.Array:
    """Read `` wbri `` as ``WBRI`` when only the upper-case form is a code of the list."""
    codes = _code_values(list_name)
    known = pc.is_in(text, value_set=codes, skip_nulls=True)
    if pc.all(pc.or_(known, pc.is_null(text))).as_py():
        return text  # every value is a code as written
    upper = pc.utf8_upper(text)
    fix = pc.and_(pc.is_in(upper, value_set=codes), pc.invert(pc.is_in(text, value_set=codes)))
    fix = pc.fill_null(fix, False)
    if not pc.any(fix).as_py():
        return text
    return pc.if_else(fix, upper, text)


def _parse_scalar(text: pa.Array, field: FieldSpec) -> tuple[pa.Array, pa.Array | None]:
    """Return (typed values, date-shaped mask for date fields else None)."""
    if field.kind == "date":
        return _parse_dates(text)
    if field.kind == "datetime":
        return _parse_datetimes(text), None
    if field.kind == "boolean":
        return _parse_booleans(text), None
    if field.kind == "integer":
        return _parse_integers(text), None
    if field.codelist_name:
        return _normalise_codes(text, field.codelist_name), None
    return text, None


def _parse_list(text: pa.Array, field: FieldSpec) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Split ``a;b`` cells into list values; return (lists, bad rows, impossible-date rows)."""
    # Tidy separators first so that splitting yields no empty items:
    # " a ; ;b; " -> "a;b".
    untidy = pc.match_substring_regex(text, r"\s;|;[\s;]|^;|;$")
    tidy = text
    if pc.any(untidy).as_py():
        tidy = pc.replace_substring_regex(tidy, r"\s*;[\s;]*", ";")
        tidy = pc.replace_substring_regex(tidy, r"^;|;$", "")
    pieces = pc.split_pattern(tidy, pattern=LIST_DELIMITER)
    items = pieces.flatten()
    typed_items, shaped = _parse_scalar(items, field)
    item_bad = pc.and_(pc.is_valid(items), pc.is_null(typed_items))
    lists = pa.ListArray.from_arrays(pieces.offsets, typed_items, mask=pc.is_null(text))
    parents = pc.list_parent_indices(pieces)
    bad_mask = _rows_of(parents, item_bad, len(text))
    impossible_mask = pa.array(np.zeros(len(text), dtype=bool))
    if shaped is not None:
        impossible_mask = _rows_of(parents, pc.and_(item_bad, shaped), len(text))
    return lists.cast(arrow_type(field)), bad_mask, impossible_mask


def _rows_of(parents: pa.Array, items: pa.Array, length: int) -> pa.Array:
    """A row mask: true for the rows (lists) that hold at least one of ``items``."""
    mask = np.zeros(length, dtype=bool)
    mask[pc.filter(parents, items).to_numpy()] = True
    return pa.array(mask)


#: A parsed column: (typed values, unreadable-value mask, impossible-date mask).
_Parsed = tuple[pa.Array, pa.Array | None, pa.Array | None]
#: Columns parsed at once, for tables of at least ``_PARALLEL_ROWS`` rows.
_WORKERS = min(2, os.cpu_count() or 1)
_PARALLEL_ROWS = 50_000


def _parse_column(column: pa.ChunkedArray, field: FieldSpec) -> _Parsed:
    """Parse one text column: trimmed, empty text as null, then read as the field's type."""
    text = column.combine_chunks().cast(pa.string())
    if not pc.all(pc.ascii_is_alnum(text)).as_py():
        # letters and digits only (ids, most codes) have no space to trim
        text = pc.utf8_trim_whitespace(text)
    empty = pc.equal(pc.binary_length(text), 0)
    if pc.any(empty).as_py():
        text = pc.if_else(empty, pa.scalar(None, pa.string()), text)
    if field.is_list:
        return _parse_list(text, field)
    typed, shaped = _parse_scalar(text, field)
    bad = pc.and_(pc.is_valid(text), pc.is_null(typed))
    impossible = pc.and_(bad, shaped) if shaped is not None else None
    return typed, bad, impossible


def coerce_table(
    table_name: str,
    raw: pa.Table,
    source: TableSource | None = None,
    headers: Mapping[str, str] | None = None,
) -> CoercedTable:
    """Coerce a table of text columns to the standard's types.

    Args:
        table_name: The standard table, for example ``"referrals"``.
        raw: The table as read, every column text (or null), column names as
            in the file.
        source: Where the rows came from, to locate issues.
        headers: Optional map of file header -> field name, for headers that
            :func:`normalise_header` would not match (spreadsheet template
            headers, for example).

    Returns:
        The typed table, an issue per unreadable value, and any extra columns.

    Raises:
        SchemaError: A column the standard requires is missing, or two file
            columns mean the same field.
    """
    spec = spec_for_table(table_name)
    known = set(spec.field_names)
    mapping: dict[str, str] = {}
    extra_names: list[str] = []
    for name in raw.column_names:
        field_name = (headers or {}).get(name) or normalise_header(name)
        if field_name not in known:
            extra_names.append(name)
            continue
        if field_name in mapping.values():
            raise SchemaError(f"{_where(source, table_name)}: two columns mean {field_name!r}")
        mapping[name] = field_name
    by_field = {v: k for k, v in mapping.items()}
    missing = [f.name for f in spec.fields if f.required and f.name not in by_field]
    if missing:
        raise SchemaError(
            f"{_where(source, table_name)}: required column(s) missing: {', '.join(missing)}"
            f" (found: {', '.join(raw.column_names) or 'no columns'})"
        )
    if source is not None:
        # cell references need each field's column position in the source
        positions = source.columns or {f: raw.column_names.index(h) for f, h in by_field.items()}
        source = replace(source, headers=by_field, columns=positions)
    issues: list[Issue] = []
    columns: list[pa.Array] = []

    def parse(field: FieldSpec) -> _Parsed:
        if field.name not in by_field:
            return pa.nulls(raw.num_rows, arrow_type(field)), None, None
        return _parse_column(raw.column(by_field[field.name]), field)

    # Arrow's kernels release the GIL: two columns are parsed at once on two cores
    workers = _WORKERS if raw.num_rows >= _PARALLEL_ROWS else 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parsed = list(pool.map(parse, spec.fields))
    key_column: pa.Array | None = None
    for field, (typed, bad, impossible) in zip(spec.fields, parsed, strict=True):
        columns.append(typed)
        if bad is not None and pc.any(bad).as_py():
            written = raw.column(by_field[field.name]).combine_chunks().cast(pa.string())
            if key_column is None:
                key_column = _key_text(raw, by_field, spec.primary_key)
            issues.extend(
                _unreadable(table_name, field, bad, impossible, written, key_column, source)
            )
    typed_table = pa.Table.from_arrays(columns, schema=arrow_schema(table_name))
    extra = raw.select(extra_names) if extra_names else None
    issues.extend(_extra_column_issues(table_name, raw.column_names, extra_names, source))
    return CoercedTable(typed_table, issues, extra, source)


def _extra_column_issues(
    table_name: str, names: list[str], extra_names: list[str], source: TableSource | None
) -> list[Issue]:
    out = []
    for name in extra_names:
        location = None
        if source is not None:
            position = names.index(name)
            cell = f"{column_letter(position)}{source.first_row - 1}" if source.sheet else None
            row = source.first_row - 1 if source.first_row > 1 else None
            location = SourceLocation(
                file=source.file, row=row, column=name, sheet=source.sheet, cell=cell
            )
        out.append(
            Issue(
                code=EXTRA_COLUMN_CODE,
                severity="query",
                message=f"column {name!r} is not a field of {table_name}; it is kept aside "
                "and not part of the return",
                table=table_name,
                field=None,
                value=name,
                location=location,
            )
        )
    return out


def _where(source: TableSource | None, table_name: str) -> str:
    if source is None:
        return table_name
    return f"{source.file}, sheet {source.sheet}" if source.sheet else source.file


def _key_text(raw: pa.Table, by_field: Mapping[str, str], key: str | None) -> pa.Array | None:
    if key is None or key not in by_field:
        return None
    return raw.column(by_field[key]).combine_chunks().cast(pa.string())


def _unreadable(
    table_name: str,
    field: FieldSpec,
    bad: pa.Array,
    impossible: pa.Array | None,
    written: pa.Array,
    keys: pa.Array | None,
    source: TableSource | None,
) -> list[Issue]:
    rows = pc.indices_nonzero(bad).to_pylist()
    values = written.take(pa.array(rows, pa.int64())).to_pylist()
    impossible_rows = (
        set(pc.indices_nonzero(pc.fill_null(impossible, False)).to_pylist())
        if impossible is not None
        else set()
    )
    key_values = (
        keys.take(pa.array(rows, pa.int64())).to_pylist()
        if keys is not None
        else [None] * len(rows)
    )
    expected = _KIND_WORDS[field.kind]
    items = " (each item of the list)" if field.is_list else ""
    out = []
    for row, value, key in zip(rows, values, key_values, strict=True):
        location = source.locate(row, field.name) if source else None
        if row in impossible_rows:
            code = IMPOSSIBLE_DATE_CODE
            message = f"{value!r} is not a date that exists{items}"
        else:
            code = UNREADABLE_CODE
            message = f"{value!r} cannot be read as {expected}{items}"
        out.append(
            Issue(
                code=code,
                severity="error",
                message=message,
                table=table_name,
                key=key.strip() if isinstance(key, str) else None,
                field=field.name,
                value=value,
                location=location,
            )
        )
    return out
