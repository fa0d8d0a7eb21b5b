"""Validate a return against the standard: the whole file, or one record.

- :func:`validate` reads a return (or takes one in memory), runs every rule of
  the catalogue over its tables, vectorised, and returns a
  :class:`~fgc_standard.report.validation.ValidationReport`.
- :func:`validate_record` checks one record (a model or a dict) against the
  structure and record rules of its table: the same rule definitions as the
  bulk run.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import types
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.entities import EntityModel, spec_for_table
from fgc_standard.errors import FGCError
from fgc_standard.io.coerce import (
    IMPOSSIBLE_DATE_CODE,
    UNREADABLE_CODE,
    without_dates_before_year_one,
)
from fgc_standard.io.result import ReadResult
from fgc_standard.report.issue import Issue
from fgc_standard.report.validation import (
    DEFAULT_EXAMPLE_LIMIT,
    IssueGroup,
    ValidationReport,
    group_hits,
    group_reader_issues,
)
from fgc_standard.returns import FGCReturn
from fgc_standard.rules.catalogue import CATALOGUE
from fgc_standard.rules.context import DEFAULT_ENGINE, ValidationContext
from fgc_standard.rules.engine import RuleHits, run_rules
from fgc_standard.rules.rule import value_text

__all__ = ["validate", "validate_record"]

#: A value laid out as a date (ISO or UK) that the reader could not read does not exist.
_DATE_SHAPE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4})\s*$")
_SEVERITY_ORDER = {"error": 0, "query": 1}


def _read(source: str | Path) -> tuple[FGCReturn, list[Issue]]:
    from fgc_standard.io import read_return

    result = read_return(source)
    return result.data, list(result.issues)


def _impossible_dates(issues: list[Issue]) -> list[Issue]:
    """Report unreadable values shaped like a date under FGC0002, the rule for impossible dates."""
    out = []
    for issue in issues:
        if (
            issue.code == "FGC0001"
            and issue.table is not None
            and issue.field is not None
            and issue.value is not None
            and _DATE_SHAPE.match(issue.value)
            and spec_for_table(issue.table).field(issue.field).kind == "date"
        ):
            issue = replace(
                issue,
                code="FGC0002",
                message=f"{issue.value!r} is not a date that exists",
            )
        out.append(issue)
    return out


#: The rule a null required value breaks; a value the reader could not read is null too.
_REQUIRED_CODE = "FGC0010"
#: The reader's codes for a value that was there but could not be read.
_UNREADABLE_CODES = (UNREADABLE_CODE, IMPOSSIBLE_DATE_CODE)


def _unreadable_rows(issues: list[Issue], data: FGCReturn) -> dict[tuple[str, str], pa.Array]:
    """The table rows whose cell the reader could not read, per table and field."""
    found: dict[tuple[str, str], list[int]] = {}
    by_row_number: dict[str, dict[int, int]] = {}  # for sources whose rows are not contiguous
    for issue in issues:
        if issue.code not in _UNREADABLE_CODES or issue.location is None:
            continue
        table = issue.table or ""
        source = data.sources.get(table)
        if source is None or issue.field is None or issue.location.row is None:
            continue
        if source.row_numbers is None:
            index = issue.location.row - source.first_row
        else:
            if table not in by_row_number:
                by_row_number[table] = {n: i for i, n in enumerate(source.row_numbers)}
            index = by_row_number[table][issue.location.row]
        found.setdefault((table, issue.field), []).append(index)
    return {k: pa.array(v, pa.int64()) for k, v in found.items()}


def _not_already_reported(
    hits: list[RuleHits], unreadable: dict[tuple[str, str], pa.Array]
) -> list[RuleHits]:
    """Leave out "required value missing" where the value was there but unreadable.

    The reader has reported such a cell (FGC0001 or FGC0002) with the value as
    written; reporting it again as empty would be one problem counted twice,
    under a message that is not true.
    """
    out = []
    for hit in hits:
        rows = unreadable.get((hit.table, hit.field or ""))
        if hit.rule.code == _REQUIRED_CODE and rows is not None:
            kept = hit.rows.filter(pc.invert(pc.is_in(hit.rows["__row"], value_set=rows)))
            if kept.num_rows == 0:
                continue
            hit = replace(hit, rows=kept)
        out.append(hit)
    return out


def validate(
    source: str | Path | FGCReturn | ReadResult,
    *,
    engine: str | None = None,
    example_limit: int = DEFAULT_EXAMPLE_LIMIT,
) -> ValidationReport:
    """Validate a return and report every problem.

    Args:
        source: A path to a return (a CSV data-package folder, or any format
            :func:`fgc_standard.io.read_return` reads), what ``read_return``
            gave (its reader issues are reported too), or a return in memory.
        engine: The dataframe library to run the rules on: ``pyarrow`` (the
            default, fastest with the core install), ``pandas``, ``polars`` or
            ``duckdb``. Every engine gives the same issues.
        example_limit: How many example issues to keep per rule and field;
            counts are exact whatever the limit.

    Returns:
        The report: exact counts per rule, examples, ``valid`` and ``exit_code``.

    Raises:
        ReadError: The source cannot be read.
        SchemaError: A table lacks a required column.
    """
    read_issues: list[Issue] = []
    if isinstance(source, FGCReturn):
        # a return built in memory was not read: its dates before year 1 are found here
        data, read_issues = _dates_that_exist(source)
        name = "<FGCReturn>"
    elif isinstance(source, ReadResult):
        data, read_issues = source.data, list(source.issues)
        name = source.source or "<FGCReturn>"
    else:
        data, read_issues = _read(source)
        name = str(source)
    if data.tables["header"].num_rows == 0:
        # FGC0016 points at surplus header rows; with no row at all there is none to point at
        read_issues.append(
            Issue(
                code="FGC0016",
                severity="error",
                message="the header table has no row; a return has exactly one header row",
                table="header",
                location=data.locate("header", 0),
            )
        )
    chosen = engine or DEFAULT_ENGINE
    # text the reader saw in canonical form (listed codes, plain ids) needs no second look
    canonical = {table: data.canonical_fields(table) for table in data.tables}
    ctx = ValidationContext(data.tables, chosen, canonical)
    hits = _not_already_reported(run_rules(ctx), _unreadable_rows(read_issues, data))
    table_rows = data.num_rows
    groups: list[IssueGroup] = group_reader_issues(
        _impossible_dates(read_issues), table_rows, example_limit
    )
    groups.extend(group_hits(h, data, example_limit) for h in hits)
    groups.sort(key=lambda g: (_SEVERITY_ORDER[g.severity], g.code, g.table or "", g.field or ""))
    return ValidationReport(
        source=name,
        engine=chosen,
        groups=groups,
        table_rows=table_rows,
        example_limit=example_limit,
        data=data,
    )


def _dates_that_exist(data: FGCReturn) -> tuple[FGCReturn, list[Issue]]:
    """The return with each date before year 1 made null, and an issue (FGC0002) for each."""
    tables = dict(data.tables)
    issues: list[Issue] = []
    for name, table in data.tables.items():
        if data.as_read(name) is not None:
            continue  # its reader made each such date null, and said so
        tables[name], found = without_dates_before_year_one(name, table, data.sources.get(name))
        issues.extend(found)
    return (replace(data, tables=tables) if issues else data), issues


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value_text(value)


def validate_record(
    record: EntityModel | Mapping[str, Any], table: str | None = None
) -> list[Issue]:
    """Check one record against the structure and record rules of its table.

    The record is read like a row of a file (so ``"2025-05-06"`` is a date and
    ``"yes"`` a boolean), then checked by the same rule definitions as bulk
    validation. Rules across records (keys, links, statutory checks) need the
    whole return: use :func:`validate`.

    Args:
        record: A model instance, or a dict of field values.
        table: The table (``"referrals"``, ...); optional for a model.

    Returns:
        The issues found; empty if the record is valid.

    Raises:
        FGCError: The table is unknown or not given for a dict.
    """
    from fgc_standard.io.coerce import coerce_table

    if isinstance(record, EntityModel):
        if table is not None and table != record.table_name:
            raise FGCError(
                f"{type(record).__name__} is a record of the {record.table_name} table, "
                f"not of {table}"
            )
        table = record.table_name
        values: Mapping[str, Any] = record.model_dump(mode="python")
    elif isinstance(record, Mapping):
        values = record
    else:
        raise FGCError(
            f"validate_record takes a model or a dict of field values, not {type(record).__name__}"
        )
    if table is None:
        raise FGCError("give the table of a dict record, for example table='referrals'")
    try:
        spec = spec_for_table(table)
    except KeyError as error:
        raise FGCError(str(error.args[0])) from None
    unknown = sorted(set(values) - set(spec.field_names))
    # a dict, or a list where one value goes, is no value of the field: say so, once
    misshapen = {
        name
        for name, value in values.items()
        if name in spec.field_names
        and (
            isinstance(value, Mapping | set)
            or (isinstance(value, list | tuple) and not spec.field(name).is_list)
        )
    }
    issues = [
        Issue(
            code="FGC0001",
            severity="error",
            message=f"{name} takes one value, not a {type(values[name]).__name__}",
            table=table,
            field=name,
            value=str(values[name]),
        )
        for name in sorted(misshapen)
    ]
    raw = pa.table(
        {
            name: pa.array([None if name in misshapen else _as_text(values.get(name))], pa.string())
            for name in spec.field_names
            if name in values or spec.field(name).required
        }
    )
    coerced = coerce_table(table, raw)
    issues.extend(_impossible_dates(coerced.issues))
    data = FGCReturn({table: coerced.table})
    rules = [
        r for r in CATALOGUE.rules(table=table) if r.layer in ("structure", "record") and r.runnable
    ]
    ctx = ValidationContext({table: data.tables[table]})
    # a value given but not readable (or of the wrong shape) is reported, not called empty
    unreadable = {
        (table, i.field): pa.array([0], pa.int64())
        for i in issues
        if i.code in _UNREADABLE_CODES and i.field is not None
    }
    for hits in _not_already_reported(run_rules(ctx, rules), unreadable):
        issues.extend(group_hits(hits, data, limit=1_000).examples)
    for name in unknown:
        issues.append(
            Issue(
                code="FGC0004",
                severity="error",
                message=f"{name} is not a field of {table}",
                table=table,
                field=name,
            )
        )
    return issues


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`validate`.

    ``fgc_standard.validate`` is both this module and the package's public
    ``validate`` function. Once the module has been imported, Python binds the
    package attribute to the module, so ``fgc_standard.validate(path)`` would
    fail; making the module callable keeps that spelling working.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> ValidationReport:
        return validate(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
