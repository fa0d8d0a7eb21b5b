"""Structure rules (FGC0xxx): types, required values, code lists, formats and ranges.

They are generated from the models' field specs and the code lists, so they
cover every table and field without listing them: a rule here reads "every
required field", "every field tied to a closed code list", and so on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import narwhals as nw
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.entities import TABLES, FieldSpec, spec_for_table
from fgc_standard.entities._base import IDENTIFIER_PATTERN
from fgc_standard.report.kinds import CheckKind
from fgc_standard.rules.catalogue import register
from fgc_standard.rules.context import ITEM, ROW, ValidationContext
from fgc_standard.rules.rule import Change, Finding, Rule

__all__ = ["PATTERN_WORDS"]

#: Patterns, said in words for the message.
PATTERN_WORDS: dict[str, str] = {
    IDENTIFIER_PATTERN: "an identifier with no spaces at either end and no ';'",
    r"^[0-9]{4}-(0[1-9]|1[0-2])$": "a year and month, YYYY-MM",
    r"^[0-9]+\.[0-9]+\.[0-9]+$": "a version number such as 1.0.0",
}


def _fields(ctx: ValidationContext) -> Iterator[tuple[str, FieldSpec]]:
    for table in TABLES:
        if table in ctx.arrow:
            for field in spec_for_table(table).fields:
                yield table, field


def _codes_sample(codes: list[str]) -> str:
    return ", ".join(codes[:12]) + (", ..." if len(codes) > 12 else "")


def _coded(
    ctx: ValidationContext, table: str, field: FieldSpec, values: list[str], inside: bool
) -> Any:
    """Rows (or list items) whose code is (``inside``) or is not in ``values``."""
    if field.is_list:
        items = ctx.items(table, field.name)
        test = nw.col(ITEM).is_in(values).fill_null(False)
        picked = items.filter(~nw.col(ITEM).is_null() & (test if inside else ~test))
        return picked.select(ROW, nw.col(ITEM).alias("__value"))
    column = nw.col(field.name)
    test = column.is_in(values).fill_null(False)
    # the two columns needed first: the filter then copies no other
    frame = ctx.frame(table).select(ROW, field.name)
    return frame.filter(~column.is_null() & (test if inside else ~test)).select(ROW)


def _required(ctx: ValidationContext) -> Iterator[Finding]:
    for table, field in _fields(ctx):
        if not field.required:
            continue
        empty = nw.col(field.name).is_null()
        if field.is_list:
            empty = empty | (nw.col(field.name).list.len() == 0).fill_null(False)
        frame = ctx.frame(table).select(ROW, field.name)
        yield Finding(table, field.name, frame.filter(empty).select(ROW))


def _closed_codes(ctx: ValidationContext) -> Iterator[Finding]:
    for table, field in _fields(ctx):
        cl = field.codelist
        if cl is None or not cl.closed or ctx.all_canonical(table, field.name):
            continue
        codes = [c.code for c in cl.codes]
        params = {"codelist": cl.filename, "codes": _codes_sample(codes)}
        yield Finding(table, field.name, _coded(ctx, table, field, codes, False), params)


def _open_codes(ctx: ValidationContext) -> Iterator[Finding]:
    for table, field in _fields(ctx):
        cl = field.codelist
        if cl is None or cl.closed or ctx.all_canonical(table, field.name):
            continue
        codes = [c.code for c in cl.codes]
        params = {"codelist": cl.filename, "codes": _codes_sample(codes)}
        yield Finding(table, field.name, _coded(ctx, table, field, codes, False), params)


def _deprecated_codes(ctx: ValidationContext) -> Iterator[Finding]:
    for table, field in _fields(ctx):
        cl = field.codelist
        if cl is None:
            continue
        for code in cl.codes:
            if code.deprecated:
                params = {"codelist": cl.filename, "since": code.deprecated_since}
                rows = _coded(ctx, table, field, [code.code], True)
                yield Finding(table, field.name, rows, params)


def _patterns(ctx: ValidationContext) -> Iterator[Finding]:
    bad_in_domain: dict[str, pa.Array] = {}  # per key domain: the numbers of bad values
    for table, field in _fields(ctx):
        if field.pattern is None or field.codelist_name is not None:
            continue
        if field.pattern == IDENTIFIER_PATTERN and ctx.all_canonical(table, field.name):
            continue  # letters and digits only (as read): every value is an identifier
        words = PATTERN_WORDS.get(field.pattern, f"text matching {field.pattern}")
        # non-capturing groups: pandas warns about capturing ones
        pattern = re.sub(r"\((?!\?)", "(?:", field.pattern)
        if ctx.engine == "pyarrow" and field.pattern == IDENTIFIER_PATTERN:
            rows = _bad_identifiers_in_arrow(ctx, table, field, pattern, bad_in_domain)
        elif field.is_list:
            item = nw.col(ITEM)
            bad = ~item.is_null() & ~item.str.contains(pattern).fill_null(True)
            rows = ctx.items(table, field.name).filter(bad).select(ROW, item.alias("__value"))
        else:
            column = nw.col(field.name)
            bad = ~column.is_null() & ~column.str.contains(pattern).fill_null(True)
            rows = ctx.frame(table).select(ROW, field.name).filter(bad).select(ROW)
        yield Finding(table, field.name, rows, {"format": words})


def _bad_identifiers_in_arrow(
    ctx: ValidationContext,
    table: str,
    field: FieldSpec,
    pattern: str,
    bad_in_domain: dict[str, pa.Array],
) -> Any:
    """FGC0014 for an identifier on the pyarrow engine: rows (and items) breaking ``pattern``.

    A key and the links to it are checked once, on their key domain's values,
    however many rows repeat them.
    """
    column = ctx.arrow[table].column(field.name)
    lists = column.combine_chunks() if field.is_list else None
    values = pc.list_flatten(lists) if lists is not None else column
    domain = ctx.domain_of(table, field.name)
    if domain is None:
        bad = _bad_identifiers(values, pattern)
    else:
        if domain.table not in bad_in_domain:
            bad_in_domain[domain.table] = _bad_identifiers(domain.values, pattern)
        numbers = bad_in_domain[domain.table]
        if len(numbers) == 0:
            bad = pa.array([], pa.int64())  # every value of the domain is a fine identifier
        else:
            codes = domain.codes[(table, field.name)].combine_chunks()
            bad = pc.indices_nonzero(pc.is_in(codes, value_set=numbers.cast(pa.int32())))
    found: dict[str, pa.Array] = {ROW: bad.cast(pa.int64())}
    if lists is not None:
        found = {
            ROW: pc.list_parent_indices(lists).take(bad).cast(pa.int64()),
            "__value": values.take(bad),
        }
    return nw.from_native(pa.table(found), eager_only=True)


def _bad_identifiers(values: pa.Array | pa.ChunkedArray, pattern: str) -> pa.Array:
    """Positions of the values that break ``pattern``, testing only values not plainly valid.

    Letters and digits alone always make an identifier (no ``;``, no space or
    control character), and that test is ten times cheaper than the pattern,
    which then runs on the few other values (ids with dashes, say).
    """
    others = pc.indices_nonzero(pc.invert(pc.fill_null(pc.ascii_is_alnum(values), True)))
    if len(others) == 0:
        return others
    tested = values.take(others)
    bad = pc.invert(pc.fill_null(pc.match_substring_regex(tested, pattern), True))
    return others.filter(bad)


def _bounds(ctx: ValidationContext) -> Iterator[Finding]:
    for table, field in _fields(ctx):
        if field.minimum is None and field.maximum is None:
            continue
        column = nw.col(field.name)
        low = (column < field.minimum) if field.minimum is not None else nw.lit(False)
        high = (column > field.maximum) if field.maximum is not None else nw.lit(False)
        bad = (low.fill_null(False)) | (high.fill_null(False))
        params = {"minimum": str(field.minimum), "maximum": str(field.maximum)}
        rows = ctx.frame(table).select(ROW, field.name).filter(bad).select(ROW)
        yield Finding(table, field.name, rows, params)


def _one_header_row(ctx: ValidationContext) -> Iterator[Finding]:
    if "header" not in ctx.arrow or ctx.num_rows("header") == 1:
        return
    count = ctx.num_rows("header")
    frame = ctx.frame("header")
    # point at the second and later rows; with no row at all, there is nothing to point at
    rows = frame.filter(nw.col(ROW) >= 1).select(ROW)
    yield Finding("header", None, rows, {"count": str(count)})


register(
    Rule(
        code="FGC0001",
        severity="error",
        kind=CheckKind.WRONG_TYPE,
        layer="structure",
        title="Value cannot be read as its type",
        message="{value} cannot be read as the type of {field}",
        rationale="Every value must have its field's type (a date, a number, yes/no) "
        "for the return to be counted.",
        reported_by="readers (fgc_standard.io.coerce)",
    )
)
register(
    Rule(
        code="FGC0002",
        severity="error",
        kind=CheckKind.IMPOSSIBLE_DATE,
        layer="structure",
        title="Date does not exist",
        message="{value} is not a date that exists (for example 30 February)",
        rationale="An impossible date is a typing error; it is never rolled over to another day.",
        reported_by="readers (fgc_standard.io.coerce)",
    )
)
register(
    Rule(
        code="FGC0003",
        severity="error",
        kind=CheckKind.TABLE_SHAPE,
        layer="structure",
        title="Required column missing",
        message="a required column is missing from {table}",
        rationale="Without a required column no row of the table can be read; the file "
        "cannot be validated (exit code 2).",
        reported_by="readers (SchemaError)",
    )
)
register(
    Rule(
        code="FGC0004",
        severity="error",
        kind=CheckKind.TABLE_SHAPE,
        layer="structure",
        title="Field not in the standard",
        message="{field} is not a field of {table}",
        rationale="A single record may only carry the standard's fields; files keep extra "
        "columns aside instead.",
        reported_by="validate_record",
    )
)
register(
    Rule(
        code="FGC0005",
        severity="query",
        kind=CheckKind.TABLE_SHAPE,
        layer="structure",
        title="Column not in the standard",
        message="column {value} is not a field of {table}; it is kept aside and not part "
        "of the return",
        rationale="An extra column may be a local addition or a misspelt field; it is "
        "reported so nothing is dropped without a word.",
        reported_by="readers (kept in FGCReturn.extra_columns)",
    )
)
register(
    Rule(
        code="FGC0006",
        severity="query",
        kind=CheckKind.TABLE_SHAPE,
        layer="structure",
        title="Sheet not in the standard",
        message="sheet {value} is not a table of the standard and was not read",
        rationale="A renamed or extra sheet in a workbook would otherwise be left out "
        "without a word; its rows may belong in a table.",
        reported_by="readers (XLSX)",
    )
)
register(
    Rule(
        code="FGC0010",
        severity="error",
        kind=CheckKind.MISSING_REQUIRED,
        layer="structure",
        title="Required value missing",
        message="{field} is required but is empty",
        rationale="The standard requires the value for every record; without it the "
        "record cannot be counted or linked.",
        check=_required,
        examples=(Change("referrals", "R001", "referral_date", None),),
    )
)
register(
    Rule(
        code="FGC0011",
        severity="error",
        kind=CheckKind.WRONG_CODE,
        layer="structure",
        title="Code not in a closed code list",
        message="{field}: {value!r} is not a code in the closed list {codelist} "
        "(expected one of: {codes})",
        rationale="Closed lists (the DfE codes and the standard's own) allow no other "
        "values, so that returns add up across LAs.",
        check=_closed_codes,
        examples=(Change("children", "C001", "ethnicity", "WBR"),),
    )
)
register(
    Rule(
        code="FGC0012",
        severity="query",
        kind=CheckKind.UNLISTED_CODE,
        layer="structure",
        title="Local value in an open code list",
        message="{field}: {value!r} is not in the open list {codelist}; local values are "
        "allowed, please confirm it is meant and not a misspelling of a listed code",
        rationale="Open lists accept local values, but most unlisted values are typing "
        "errors of a listed code.",
        check=_open_codes,
        examples=(Change("plans", "P001", "plan_elements", ["REMAIN_AT_HOME", "PETS"]),),
    )
)
register(
    Rule(
        code="FGC0013",
        severity="query",
        kind=CheckKind.UNLISTED_CODE,
        layer="structure",
        title="Deprecated code",
        message="{field}: {value!r} is deprecated in {codelist} since version {since}; "
        "please use a current code",
        rationale="Deprecated codes are still read, but new data should use current codes.",
        check=_deprecated_codes,
    )
)
register(
    Rule(
        code="FGC0014",
        severity="error",
        kind=CheckKind.OUT_OF_RANGE,
        layer="structure",
        title="Value in the wrong format",
        message="{field}: {value!r} is not {format}",
        rationale="Identifiers, months and versions have one format so that records link and sort.",
        check=_patterns,
        examples=(Change("children", "C001", "birth_month", "2017-3"),),
    )
)
register(
    Rule(
        code="FGC0015",
        severity="error",
        kind=CheckKind.OUT_OF_RANGE,
        layer="structure",
        title="Number out of range",
        message="{field}: {value} is outside the allowed range {minimum} to {maximum}",
        rationale="Counts cannot be negative, and implausibly large counts are typing errors.",
        check=_bounds,
        examples=(Change("outcomes", "X001", "days_looked_after", -1),),
    )
)
register(
    Rule(
        code="FGC0016",
        severity="error",
        kind=CheckKind.TABLE_SHAPE,
        layer="structure",
        title="Header is not exactly one row",
        table="header",
        message="the header table has {count} rows; a return has exactly one header row",
        rationale="The header says which LA and period the whole return covers.",
        check=_one_header_row,
    )
)
