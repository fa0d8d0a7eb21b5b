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

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.chunks import take_values
from fgc_standard.codelists import codelist
from fgc_standard.entities import FieldSpec, spec_for_table
from fgc_standard.errors import SchemaError
from fgc_standard.report.issue import Issue, SourceLocation, column_letter
from fgc_standard.returns import TableSource
from fgc_standard.schema.arrow import arrow_schema, arrow_type
from fgc_standard.schema.datapackage import LIST_DELIMITER

__all__ = [
    "ARROW_FALSE",
    "ARROW_TRUE",
    "EXTRA_COLUMN_CODE",
    "FIRST_DATE",
    "IMPOSSIBLE_DATE_CODE",
    "MISSING_COLUMN_CODE",
    "UNREADABLE_CODE",
    "CoercedTable",
    "coerce_table",
    "normalise_header",
    "parsed_by_reader",
    "without_dates_before_year_one",
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
#: The words a CSV parser may read as yes/no itself (each one read so here too).
ARROW_TRUE = ("true", "True", "TRUE", "1")
ARROW_FALSE = ("false", "False", "FALSE", "0")
#: The UK layouts of a date (day, month, year), with one separator throughout, and
#: how each is rewritten as ISO once its day and month have two digits.
_UK_DATES = (
    (r"^(\d{2})/(\d{2})/(\d{4})$", r"\3-\2-\1"),
    (r"^(\d{2})-(\d{2})-(\d{4})$", r"\3-\2-\1"),
    (r"^(\d{2})\.(\d{2})\.(\d{4})$", r"\3-\2-\1"),
)
_ISO_SHAPE = r"^\d{4}-\d{2}-\d{2}$"
#: An ISO date whose month has that day, 29 February left out (it depends on the year).
_REAL_MONTH_DAY = (
    r"^\d{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
    r"|(?:0[13578]|1[02])-31)$"
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
        canonical: The text fields each of whose values (or items) was seen,
            while reading, in canonical form: for a code-list field, a code of
            its list; for any other, letters and digits only (so validation
            need not look again: see :attr:`fgc_standard.returns.FGCReturn.verified`).
    """

    table: pa.Table
    issues: list[Issue]
    extra: pa.Table | None
    source: TableSource | None
    canonical: frozenset[str] = frozenset()


def normalise_header(header: str) -> str:
    """Return the field name a header most likely means.

    Case, surrounding spaces, inner spaces and hyphens do not matter
    (``" Referral Date "`` -> ``referral_date``).
    """
    text = header.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _parse_dates(text: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Return (dates, date-shaped mask): a shaped value that is null is an impossible date.

    Every accepted layout is first rewritten as ISO text, then only ISO dates
    that exist are cast by Arrow (whose cast rejects the whole column at the
    first value it cannot read, so the others are set aside first).
    """
    iso = pc.fill_null(pc.match_substring_regex(text, _ISO_SHAPE), False)
    others = pc.and_(pc.is_valid(text), pc.invert(iso))
    shaped = iso
    if pc.any(others).as_py():
        rewritten = _uk_to_iso(text.filter(others))
        text = pc.replace_with_mask(text, others, rewritten)
        shaped = pc.replace_with_mask(iso, others, pc.is_valid(rewritten))
    real = pc.fill_null(pc.match_substring_regex(text, _REAL_MONTH_DAY), False)
    leap_day = pc.and_(shaped, pc.fill_null(pc.ends_with(text, "-02-29"), False))
    if pc.any(leap_day).as_py():
        years = pc.cast(pc.utf8_slice_codeunits(text.filter(leap_day), 0, 4), pa.int64())
        year = years.to_numpy()
        leap = pa.array((year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0)))
        real = pc.replace_with_mask(real, leap_day, leap)
    dates = pc.cast(pc.if_else(real, text, pa.scalar(None, pa.string())), pa.date32())
    return dates, shaped


def _uk_to_iso(text: pa.Array) -> pa.Array:
    """Rewrite ``31/1/2025`` (or with ``-`` or ``.``) as ``2025-01-31``; null if not so laid out."""
    # 1/2/2025 -> 01/02/2025, so that one pattern per layout suffices
    text = pc.replace_substring_regex(text, r"^(\d)([/.\-])", r"0\1\2")
    text = pc.replace_substring_regex(text, r"^(\d\d[/.\-])(\d)([/.\-])", r"\10\2\3")
    result = pa.nulls(len(text), pa.string())
    for pattern, iso in _UK_DATES:
        matches = pc.fill_null(pc.match_substring_regex(text, pattern), False)
        if pc.any(matches).as_py():
            rewritten = pc.replace_substring_regex(text, pattern, iso)
            result = pc.if_else(matches, rewritten, result)
    return result


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
    numbers = pc.cast(pc.if_else(plain, text, pa.scalar(None, pa.string())), pa.int64())
    others = pc.and_(pc.is_valid(text), pc.invert(plain))
    if not pc.any(others).as_py():
        return numbers  # digits only (the usual case): no pattern needed
    return pc.replace_with_mask(numbers, others, _parse_numbers(text.filter(others)))


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
        # a cell of separators alone (";", " ; ") holds no item: an empty list, so null
        tidy = pc.if_else(pc.equal(tidy, ""), pa.scalar(None, pa.string()), tidy)
    pieces = pc.split_pattern(tidy, pattern=LIST_DELIMITER)
    items = pieces.flatten()
    typed_items, shaped = _parse_scalar(items, field)
    item_bad = pc.and_(pc.is_valid(items), pc.is_null(typed_items))
    lists = pa.ListArray.from_arrays(pieces.offsets, typed_items, mask=pc.is_null(tidy))
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


class _Parsed(NamedTuple):
    """A parsed column."""

    values: pa.Array | pa.ChunkedArray
    #: Which values could not be read (``None``: every value was read).
    bad: pa.Array | None = None
    #: Which of those are laid out as dates that do not exist.
    impossible: pa.Array | None = None
    #: Whether every value (every item) of a text field was seen in canonical form: a
    #: code of the field's list, or for a field with none, letters and digits only.
    canonical: bool = False


#: Columns parsed at once, for tables of at least ``_PARALLEL_ROWS`` rows.
_WORKERS = min(2, os.cpu_count() or 1)
_PARALLEL_ROWS = 50_000


class _Written(NamedTuple):
    """What reading a column as written gave."""

    #: The typed column, if every value was in canonical form.
    typed: pa.ChunkedArray | None
    #: Otherwise, for text and whole numbers, which values were (not to look twice).
    canonical: pa.ChunkedArray | None = None


def _as_written(column: pa.ChunkedArray, field: FieldSpec) -> _Written:
    """The typed column when every value is already in its canonical form.

    One pass per column, on the column's chunks as read (no copy): the usual
    case, a file a system wrote. Each test accepts only values that the full
    reading below would read the same way and that need no trimming; any other
    column (a space, a UK date, ``Y``, an unknown code) takes the full reading.
    """
    if field.is_list:
        return _Written(_list_as_written(column, field))
    if field.kind == "datetime":
        return _Written(None)
    try:
        if field.kind == "date":
            # Arrow's strict cast takes YYYY-MM-DD only, and rejects 2025-02-30 and spaces
            return _Written(pc.cast(column, pa.date32()))
        if field.kind == "boolean":
            # the cast takes true/false/1/0 in any case: words the full reading takes too
            return _Written(pc.cast(column, pa.bool_()))
    except pa.ArrowInvalid:
        return _Written(None)
    canonical = _canonical_values(column, field)
    if pc.all(canonical).as_py() is False:
        return _Written(None, canonical)
    return _Written(pc.cast(column, pa.int64()) if field.kind == "integer" else column)


def _canonical_values(text: pa.ChunkedArray | pa.Array, field: FieldSpec) -> pa.ChunkedArray:
    """Which values the full reading would read as Arrow's cast to the field's type does.

    Those are the codes of the field's list; for a field with no list, letters
    and digits only (ids, most text); whole numbers up to 15 digits (Arrow's
    cast would also read ``0x10`` as 16); the yes/no words Arrow reads; ISO
    dates that exist (29 February aside, whose year decides). A null counts
    as canonical: it stays null.
    """
    if field.kind == "date":
        canonical = pc.match_substring_regex(text, _REAL_MONTH_DAY)
    elif field.kind == "boolean":
        canonical = pc.is_in(text, value_set=pa.array(ARROW_TRUE + ARROW_FALSE))
    elif field.kind == "integer":
        short = pc.less_equal(pc.binary_length(text), 15)
        canonical = pc.and_(pc.ascii_is_decimal(text), short)
    elif field.codelist_name:
        canonical = pc.is_in(text, value_set=_code_values(field.codelist_name), skip_nulls=True)
    else:
        canonical = pc.ascii_is_alnum(text)
    return pc.or_kleene(canonical, pc.is_null(text)) if text.null_count else canonical


def _canonical_text(text: pa.ChunkedArray | pa.Array, field: FieldSpec) -> bool:
    """Whether every value of a text or code field needs no trimming or change."""
    return pc.all(_canonical_values(text, field)).as_py() is not False


def _parse_the_rest(
    column: pa.ChunkedArray, field: FieldSpec, canonical: pa.ChunkedArray | None = None
) -> _Parsed:
    """The full reading of a column, done on the values that need it.

    A value in canonical form is read by Arrow's cast, and the full reading
    reads each value on its own: so a column of millions with a few untidy
    values has only those few read in full (a file a system wrote, with a slip
    here and there). The column is rebuilt chunk by chunk, with no copy of it.
    ``canonical``: which values are in canonical form (see
    :func:`_canonical_values`), when already worked out.
    """
    if canonical is None:
        canonical = _canonical_values(column, field)
    in_form = canonical.combine_chunks() if isinstance(canonical, pa.ChunkedArray) else canonical
    rest = pc.invert(in_form)
    read = _parse_column_fully(column.filter(rest), field)
    kind = arrow_type(field)
    pieces: list[pa.Array] = []
    offset = taken = 0
    for chunk in column.chunks:
        chunk_rest = rest.slice(offset, len(chunk))
        offset += len(chunk)
        count = pc.sum(chunk_rest).as_py() or 0
        if count == 0:
            pieces.append(chunk.cast(kind))
            continue
        # text needs no cast, so none of its values need setting aside first
        base = chunk if kind == pa.string() else pc.if_else(chunk_rest, None, chunk).cast(kind)
        pieces.append(pc.replace_with_mask(base, chunk_rest, read.values.slice(taken, count)))
        taken += count
    rows = np.flatnonzero(rest.to_numpy(zero_copy_only=False))

    def spread(mask: pa.Array | None) -> pa.Array | None:
        # a mask of the values read in full, as a mask of the column
        if mask is None:
            return None
        flags = np.zeros(len(column), dtype=bool)
        flags[rows[mask.to_numpy(zero_copy_only=False)]] = True
        return pa.array(flags)

    return _Parsed(pa.chunked_array(pieces, kind), spread(read.bad), spread(read.impossible))


def _list_as_written(column: pa.ChunkedArray, field: FieldSpec) -> pa.ChunkedArray | None:
    """A list column whose cells are ``a;b`` with canonical items (no space, no empty item)."""
    if field.kind != "string":
        return None
    pieces = pc.split_pattern(column, pattern=LIST_DELIMITER)
    # an empty item ("a;;b", "a;") is not canonical text, nor is " b"
    if not _canonical_text(pc.list_flatten(pieces), field):
        return None
    return pieces.cast(arrow_type(field))


#: The kinds of field a file reader may parse itself (see parsed_by_reader).
_READER_KINDS = ("date", "boolean")


def parsed_by_reader(table_name: str, names: Sequence[str]) -> dict[str, pa.DataType]:
    """The columns a file reader may parse as their type itself, and that type.

    These are the dates and yes/no fields (not lists): a value that Arrow's
    CSV parser reads as such (an ISO date; ``true``, ``1``, ``FALSE``, ...) is
    read the same way by :func:`coerce_table`, and a parser that meets any
    other value reads the column as text instead. Whole numbers stay text:
    Arrow would read ``0x10`` as 16.

    Args:
        table_name: The standard table.
        names: The file's column names, as written.
    """
    fields = {f.name: f for f in spec_for_table(table_name).fields}
    out: dict[str, pa.DataType] = {}
    for name in names:
        field = fields.get(normalise_header(name))
        if field is not None and not field.is_list and field.kind in _READER_KINDS:
            out[name] = arrow_type(field)
    return out


def _parse_column(column: pa.ChunkedArray, field: FieldSpec) -> _Parsed:
    """Parse one text column: trimmed, empty text as null, then read as the field's type."""
    if field.kind in _READER_KINDS and not field.is_list and column.type == arrow_type(field):
        parsed = _Parsed(column)  # parsed by the reader (see parsed_by_reader)
    else:
        # an empty or blank cell is in no canonical form: the full reading makes it null
        column = column.cast(pa.string())
        typed, canonical = _as_written(column, field)
        if typed is None and _read_value_by_value(field):
            parsed = _parse_the_rest(column, field, canonical)
        elif typed is None:
            parsed = _parse_column_fully(column, field)
        else:
            # text passes as written only when each value is a code of the field's list,
            # or for a field with no list, letters and digits only
            parsed = _Parsed(typed, canonical=field.kind == "string")
    if field.kind == "date" and not field.is_list:
        return _without_year_zero(parsed)
    return parsed


def _read_value_by_value(field: FieldSpec) -> bool:
    """Whether :func:`_parse_the_rest` reads the field (one value, not a list, per cell)."""
    return not field.is_list and field.kind in ("string", "integer", "boolean", "date")


#: The first date there is: Arrow reads 0000-01-01 as a date, but there is no year 0
#: in the calendar the standard (and Python) uses.
FIRST_DATE = pa.scalar(dt.date(1, 1, 1), pa.date32())


def _without_year_zero(parsed: _Parsed) -> _Parsed:
    """Make a date in year 0 (or before) null and a date that does not exist."""
    dates, bad, impossible, _ = parsed
    early = pc.fill_null(pc.less(dates, FIRST_DATE), False)
    if not pc.any(early).as_py():
        return parsed
    if isinstance(early, pa.ChunkedArray):
        dates, early = dates.combine_chunks(), early.combine_chunks()
    bad = early if bad is None else pc.or_(bad, early)
    impossible = early if impossible is None else pc.or_(impossible, early)
    return _Parsed(pc.if_else(early, pa.scalar(None, pa.date32()), dates), bad, impossible)


def _parse_column_fully(column: pa.ChunkedArray, field: FieldSpec) -> _Parsed:
    """The full reading of a text column: every accepted spelling, every unreadable value."""
    text = column.combine_chunks()
    if not pc.all(pc.ascii_is_alnum(text)).as_py():
        # letters and digits only (ids, most codes) have no space to trim
        text = pc.utf8_trim_whitespace(text)
    empty = pc.equal(pc.binary_length(text), 0)
    if pc.any(empty).as_py():
        text = pc.if_else(empty, pa.scalar(None, pa.string()), text)
    if field.is_list:
        return _Parsed(*_parse_list(text, field))
    typed, shaped = _parse_scalar(text, field)
    bad = pc.and_(pc.is_valid(text), pc.is_null(typed))
    impossible = pc.and_(bad, shaped) if shaped is not None else None
    return _Parsed(typed, bad, impossible)


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
            # no value at all: none is out of form
            canonical = field.kind == "string"
            return _Parsed(pa.nulls(raw.num_rows, arrow_type(field)), canonical=canonical)
        return _parse_column(raw.column(by_field[field.name]), field)

    # Arrow's kernels release the GIL: two columns are parsed at once on two cores
    workers = _WORKERS if raw.num_rows >= _PARALLEL_ROWS else 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parsed = list(pool.map(parse, spec.fields))
    key_column: pa.ChunkedArray | None = None
    for field, (typed, bad, impossible, _) in zip(spec.fields, parsed, strict=True):
        columns.append(typed)
        if bad is not None and pc.any(bad).as_py():
            written = raw.column(by_field[field.name])
            if key_column is None:
                key_column = _key_text(raw, by_field, spec.primary_key)
            issues.extend(
                _unreadable(table_name, field, bad, impossible, written, key_column, source)
            )
    typed_table = pa.Table.from_arrays(columns, schema=arrow_schema(table_name))
    extra = raw.select(extra_names) if extra_names else None
    issues.extend(_extra_column_issues(table_name, raw.column_names, extra_names, source))
    canonical = frozenset(f.name for f, p in zip(spec.fields, parsed, strict=True) if p.canonical)
    return CoercedTable(typed_table, issues, extra, source, canonical)


def without_dates_before_year_one(
    table_name: str, table: pa.Table, source: TableSource | None = None
) -> tuple[pa.Table, list[Issue]]:
    """A typed standard table with each date before year 1 made null, and an issue for each.

    For tables that arrive typed (Parquet, or built in memory), whose other
    values need no reading: a date in year 0, which Arrow and Parquet can hold
    but Python cannot, is a date that does not exist (FGC0002), as it is when
    read from text.
    """
    spec = spec_for_table(table_name)
    issues: list[Issue] = []
    for field in spec.fields:
        if field.kind != "date" or field.is_list or field.name not in table.column_names:
            continue
        column = table.column(field.name)
        dates, bad, impossible, _ = _without_year_zero(_Parsed(column))
        if bad is None:
            continue
        position = table.column_names.index(field.name)
        keys = _key_text(table, {f: f for f in table.column_names}, spec.primary_key)
        written = pc.strftime(column.combine_chunks(), format="%Y-%m-%d")
        issues.extend(_unreadable(table_name, field, bad, impossible, written, keys, source))
        table = table.set_column(position, table.schema.field(position), dates)
    return table, issues


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


def _key_text(
    raw: pa.Table, by_field: Mapping[str, str], key: str | None
) -> pa.ChunkedArray | None:
    if key is None or key not in by_field:
        return None
    return raw.column(by_field[key])


def _unreadable(
    table_name: str,
    field: FieldSpec,
    bad: pa.Array,
    impossible: pa.Array | None,
    written: pa.ChunkedArray | pa.Array,
    keys: pa.ChunkedArray | None,
    source: TableSource | None,
) -> list[Issue]:
    rows = pc.indices_nonzero(bad).to_pylist()
    # the few values as written, as text (a reader may have typed the column)
    values = take_values(written, np.array(rows, dtype=np.int64)).cast(pa.string()).to_pylist()
    impossible_rows = (
        set(pc.indices_nonzero(pc.fill_null(impossible, False)).to_pylist())
        if impossible is not None
        else set()
    )
    key_values = (
        take_values(keys, np.array(rows, dtype=np.int64)).cast(pa.string()).to_pylist()
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
                key=(key.strip() or None) if isinstance(key, str) else None,
                field=field.name,
                value=value,
                location=location,
            )
        )
    return out
