"""Hand-filled aggregate returns: the template, reading it back, and its checks (FGC5xxx).

An LA without record-level data fills the aggregate return by hand: a CSV (or
the ``aggregate`` sheet of the XLSX template) with the columns of
:class:`~fgc_standard.aggregate.model.AggregateRow`, one row per figure, the
rows pre-printed by :func:`aggregate_template` so that only ``value`` is typed.
:func:`read_aggregate` reads it leniently (every problem becomes an
:class:`~fgc_standard.report.issue.Issue` pointing at the row and cell) and
:func:`check_aggregate` checks that the figures agree with each other.

The rules are data (:data:`AGGREGATE_RULES`), with the fields of the rule
catalogue's rules; importing this module lists them in the catalogue (family
``aggregate``), so ``fgc rules`` and the docs show them with the others.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from fgc_standard._version import STANDARD_VERSION
from fgc_standard.aggregate.measures import (
    ALL,
    BREAKDOWNS,
    FUNNEL,
    MEASURES,
    TOTAL,
    breakdown_values,
    measure,
)
from fgc_standard.aggregate.model import AGGREGATE_COLUMNS, aggregate_arrow_schema
from fgc_standard.codelists import codelist
from fgc_standard.errors import ReadError
from fgc_standard.report.issue import Issue, Severity, SourceLocation
from fgc_standard.report.kinds import CheckKind

__all__ = [
    "AGGREGATE_RULES",
    "AggregateRule",
    "aggregate_template",
    "check_aggregate",
    "read_aggregate",
    "write_aggregate_template",
]

_TOLERANCE = 0.0005  # shares typed by hand are rounded; half of 0.001 is not an error
#: The largest count one LA can report: more children than the largest LA has (about
#: 350,000), so a larger figure is a typing slip; it also keeps counts exact as floats.
MAX_COUNT = 1_000_000
#: The largest median, in days: a hundred years.
MAX_DAYS = 36_525


@dataclass(frozen=True)
class AggregateRule:
    """A check of a hand-filled aggregate return.

    Attributes:
        code: Stable code, ``FGC5`` and three digits.
        severity: ``error`` or ``query``.
        kind: The kind of problem (shared vocabulary).
        title: A short name.
        message: The message template; ``{name}`` parts are filled per issue.
        rationale: Why the rule exists.
        fields: The columns it reads.
        since: The standard version it applies from.
    """

    code: str
    severity: Severity
    kind: CheckKind
    title: str
    message: str
    rationale: str
    fields: tuple[str, ...] = ("value",)
    since: str = STANDARD_VERSION
    layer: str = "aggregate"
    table: str = "aggregate"

    def issue(
        self, location: SourceLocation | None = None, value: Any = None, **params: Any
    ) -> Issue:
        """Make an issue of this rule, its message filled with ``params``."""
        field = params.get("field", self.fields[0] if self.fields else None)
        return Issue(
            code=self.code,
            severity=self.severity,
            message=self.message.format(**params),
            table=self.table,
            key=params.get("key"),
            field=field,
            value=None if value is None else str(value),
            location=location,
        )


def _rule(code: str, severity: Severity, kind: CheckKind, title: str, message: str,
          rationale: str, fields: tuple[str, ...] = ("value",)) -> AggregateRule:  # fmt: skip
    return AggregateRule(code, severity, kind, title, message, rationale, fields)


#: The checks of a hand-filled aggregate return.
AGGREGATE_RULES: dict[str, AggregateRule] = {
    r.code: r
    for r in (
        _rule("FGC5001", "error", CheckKind.TABLE_SHAPE, "Columns of the aggregate return",
              "The aggregate return lacks the columns {columns}",
              "Without these columns no figure can be placed.", AGGREGATE_COLUMNS),
        _rule("FGC5002", "error", CheckKind.WRONG_CODE, "Known measure and breakdown",
              "{what} {given!r} is not in the standard: {hint}",
              "Figures must use the standard's measures and breakdowns to be combined.",
              ("measure", "breakdown", "breakdown_value")),
        _rule("FGC5003", "error", CheckKind.WRONG_TYPE, "Readable values",
              "{field} {given!r} cannot be read as {expected}",
              "A figure that cannot be read cannot be counted.",
              ("la_number", "period_start", "period_end", "value")),
        _rule("FGC5004", "error", CheckKind.DUPLICATE_KEY, "One row per figure",
              "{key} is given twice (also on row {other})",
              "Two values of one figure contradict each other.",
              ("measure", "breakdown", "breakdown_value")),
        _rule("FGC5005", "error", CheckKind.OUT_OF_RANGE, "Values in range",
              "{key}: {given} is not {expected}",
              "Counts are whole numbers of families or children; shares lie between 0 and 1."),
        _rule("FGC5006", "error", CheckKind.INCONSISTENT_STATUS, "Breakdowns sum to totals",
              "{key}: the values by {breakdown} add up to {parts}, but the total is {total}",
              "Every family or child is in exactly one breakdown value, NOT_RECORDED included."),
        _rule("FGC5007", "error", CheckKind.INCONSISTENT_STATUS, "Funnel in order",
              "{key} is {smaller}, more than {larger_name} ({larger})",
              "Families accepted are among those offered, who are among those referred."),
        _rule("FGC5008", "query", CheckKind.INCONSISTENT_STATUS, "Shares match their counts",
              "{key} is {given}, but {numerator} / {denominator} is {expected}",
              "A share is its numerator divided by its denominator; a mismatch suggests a typo."),
        _rule("FGC5009", "query", CheckKind.MISSING_REQUIRED, "Every figure filled",
              "{count} figure(s) of {measure_name} have no value or no row ({examples})",
              "An empty figure is read as not known; fill 0 where the answer is none."),
        _rule("FGC5010", "error", CheckKind.DATES_OUT_OF_ORDER, "Period in order",
              "period_start {start} is after period_end {end}",
              "A period starts before it ends.", ("period_start", "period_end")),
    )
}  # fmt: skip


def _register_in_catalogue() -> None:
    """List the checks in the rule catalogue (family ``aggregate``), so ``fgc rules`` shows them."""
    from fgc_standard.rules.catalogue import register
    from fgc_standard.rules.rule import Rule

    for rule in AGGREGATE_RULES.values():
        register(
            Rule(
                code=rule.code,
                severity=rule.severity,
                kind=rule.kind,
                layer="aggregate",
                title=rule.title,
                message=rule.message,
                rationale=rule.rationale,
                table=rule.table,
                fields=rule.fields,
                since=rule.since,
                family="aggregate",
                reported_by="read_aggregate and check_aggregate",
            )
        )


_register_in_catalogue()


# -- the template -----------------------------------------------------------------------


def aggregate_template(la_number: str, period_start: date, period_end: date) -> pa.Table:
    """Return the rows of an aggregate return, every value empty, ready to fill by hand."""
    rows = [
        {
            "la_number": la_number,
            "period_start": period_start,
            "period_end": period_end,
            "measure": m.name,
            "breakdown": b,
            "breakdown_value": v,
            "value": None,
        }
        for m in MEASURES
        for b in m.breakdowns
        for v in breakdown_values(b)
    ]
    return pa.Table.from_pylist(rows, schema=aggregate_arrow_schema())


# -- reading ----------------------------------------------------------------------------


def _read_rows(path: Path) -> tuple[list[str], list[list[str]], str | None]:
    """Return header, data rows (as text) and the sheet name (for a workbook)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many types for a bad file
            raise ReadError(f"{path}: cannot open as a workbook ({error})") from None
        sheet_name = "aggregate" if "aggregate" in book.sheetnames else book.sheetnames[0]
        try:
            # read-only sheets are parsed while their rows are read: a damaged one fails here
            cells = [
                [
                    "" if c is None else (c.isoformat()[:10] if isinstance(c, date) else str(c))
                    for c in r
                ]
                for r in book[sheet_name].iter_rows(values_only=True)
            ]
        except Exception as error:  # openpyxl raises many types for a bad file
            raise ReadError(f"{path}: cannot read the sheet {sheet_name!r} ({error})") from None
        finally:
            book.close()
        if not cells:
            raise ReadError(f"{path}: the sheet {sheet_name!r} is empty")
        return cells[0], cells[1:], sheet_name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ReadError(f"{path}: cannot read ({error})") from None
    try:
        # newline="": rows may end in CR LF, LF or a lone CR (old Mac files)
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ReadError(f"{path}: cannot read as CSV ({error})") from None
    if not rows:
        raise ReadError(f"{path}: the file is empty")
    return rows[0], rows[1:], None


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        return None
    # float() also reads "nan" and "inf", which are not figures
    return value if math.isfinite(value) else None


def read_aggregate(path: str | Path) -> tuple[pa.Table, list[Issue]]:
    """Read a hand-filled aggregate return (CSV, or XLSX with an ``aggregate`` sheet).

    Rows that cannot be placed (unknown measure, unreadable date, ...) are left
    out with an issue; an unreadable value is read as empty with an issue.

    Returns:
        The aggregate table and the issues found while reading.

    Raises:
        ReadError: The file cannot be opened, lacks required columns, or has no
            row of figures (only the column names).
    """
    path = Path(path)
    header, rows, sheet = _read_rows(path)
    names = [h.strip() for h in header]
    missing = [c for c in AGGREGATE_COLUMNS if c not in names]
    if missing:
        issue = AGGREGATE_RULES["FGC5001"].issue(
            SourceLocation(file=str(path), row=1, sheet=sheet), columns=", ".join(missing)
        )
        raise ReadError(f"{path}: {issue.message} ({issue.code})")
    position = {c: names.index(c) for c in AGGREGATE_COLUMNS}
    las = codelist("la")
    issues: list[Issue] = []
    good: list[dict[str, Any]] = []
    locations: list[SourceLocation] = []
    filled = 0
    for n, raw in enumerate(rows, start=2):
        cells = {c: (raw[i].strip() if i < len(raw) else "") for c, i in position.items()}
        if not any(cells.values()):
            continue
        filled += 1

        def where(column: str, n: int = n) -> SourceLocation:
            from fgc_standard.report.issue import column_letter

            cell = f"{column_letter(position[column])}{n}" if sheet else None
            return SourceLocation(file=str(path), row=n, column=column, sheet=sheet, cell=cell)

        placed = True
        start, end = _date(cells["period_start"]), _date(cells["period_end"])
        for column, parsed in (("period_start", start), ("period_end", end)):
            if parsed is None:
                issues.append(AGGREGATE_RULES["FGC5003"].issue(
                    where(column), cells[column], field=column, given=cells[column],
                    expected="a date (YYYY-MM-DD)"))  # fmt: skip
                placed = False
        if cells["la_number"] not in las:
            issues.append(AGGREGATE_RULES["FGC5003"].issue(
                where("la_number"), cells["la_number"], field="la_number",
                given=cells["la_number"], expected="a DfE LA number (la code list)"))  # fmt: skip
            placed = False
        problem = _placement_problem(cells["measure"], cells["breakdown"], cells["breakdown_value"])
        if problem:
            column, what, hint = problem
            issues.append(AGGREGATE_RULES["FGC5002"].issue(
                where(column), cells[column], field=column, what=what, given=cells[column],
                hint=hint))  # fmt: skip
            placed = False
        value: float | None = None
        if cells["value"]:
            value = _number(cells["value"])
            if value is None:
                issues.append(AGGREGATE_RULES["FGC5003"].issue(
                    where("value"), cells["value"], field="value", given=cells["value"],
                    expected="a number"))  # fmt: skip
        if not placed:
            continue
        good.append({**cells, "period_start": start, "period_end": end, "value": value})
        locations.append(where("value"))
    if not filled:
        # no row names an LA or a period, so there is nothing to check or to publish
        raise ReadError(
            f"{path}: no rows of figures, only the column names; fill in the rows "
            "written by fgc aggregate-template"
        )
    table = pa.Table.from_pylist(
        [{c: r[c] for c in AGGREGATE_COLUMNS} for r in good], schema=aggregate_arrow_schema()
    )
    return table, issues + check_aggregate(table, locations)


def _placement_problem(name: str, breakdown: str, value: str) -> tuple[str, str, str] | None:
    try:
        found = measure(name)
    except KeyError:
        return "measure", "measure", "see the measures of the aggregate return"
    if breakdown not in found.breakdowns:
        return "breakdown", "breakdown", f"{name} is given by {', '.join(found.breakdowns)}"
    if breakdown not in BREAKDOWNS or value not in breakdown_values(breakdown):
        shown = ", ".join(breakdown_values(breakdown))
        return "breakdown_value", f"value of {breakdown}", f"expected one of {shown}"
    return None


# -- checking ---------------------------------------------------------------------------


def _key(row: Mapping[str, Any]) -> str:
    text = f"{row['measure']}"
    if row["breakdown"] != TOTAL:
        text += f" [{row['breakdown']}={row['breakdown_value']}]"
    return text


def _fmt(value: float) -> str:
    return f"{value:g}"


def check_aggregate(
    table: pa.Table, locations: Sequence[SourceLocation] | None = None
) -> list[Issue]:
    """Check that the figures of aggregate returns agree with each other.

    Args:
        table: An aggregate table (one or more LAs and periods).
        locations: Where each row's value is in the source file, if read from one.

    Returns:
        The issues found, rules FGC5004 to FGC5010.
    """
    rows = table.to_pylist()

    def at(i: int) -> SourceLocation | None:
        return locations[i] if locations is not None else None

    issues: list[Issue] = []
    cells: dict[tuple[Any, ...], dict[tuple[str, str, str], tuple[int, float | None]]]
    cells = defaultdict(dict)
    for i, row in enumerate(rows):
        area = (row["la_number"], row["period_start"], row["period_end"])
        cell = (row["measure"], row["breakdown"], row["breakdown_value"])
        if cell in cells[area]:
            other = cells[area][cell][0]
            other_row = at(other).row if at(other) else other + 1  # type: ignore[union-attr]
            issues.append(AGGREGATE_RULES["FGC5004"].issue(at(i), key=_key(row), other=other_row))
            continue
        cells[area][cell] = (i, row["value"])
        issues += _range_issues(row, at(i))

    for (la, start, end), figures in cells.items():
        if start > end:
            first = min(i for i, _ in figures.values())
            issues.append(AGGREGATE_RULES["FGC5010"].issue(at(first), start=start, end=end))
        issues += _sum_issues(figures, rows, at)
        issues += _funnel_issues(figures, rows, at)
        issues += _share_issues(figures, rows, at)
        issues += _missing_issues(figures, la)
    return issues


def _range_issues(row: Mapping[str, Any], where: SourceLocation | None) -> list[Issue]:
    value, kind = row["value"], measure(row["measure"]).kind
    if value is None:
        return []
    expected = None
    # NaN fails every comparison, so each test is written to fail for it too
    if kind == "count" and not (0 <= value <= MAX_COUNT and value == int(value)):
        expected = f"a whole number from 0 to {MAX_COUNT:,}"
    elif kind == "share" and not 0 <= value <= 1:
        expected = "a share between 0 and 1 (write 25% as 0.25)"
    elif kind == "median" and not 0 <= value <= MAX_DAYS:
        expected = f"a number of days from 0 to {MAX_DAYS:,}"
    if expected is None:
        return []
    return [AGGREGATE_RULES["FGC5005"].issue(
        where, value, key=_key(row), given=_fmt(value), expected=expected)]  # fmt: skip


_Figures = Mapping[tuple[str, str, str], tuple[int, float | None]]


def _sum_issues(figures: _Figures, rows: list[dict[str, Any]], at: Any) -> list[Issue]:
    issues = []
    for m in MEASURES:
        if m.kind != "count" or (m.name, TOTAL, ALL) not in figures:
            continue
        total_index, total = figures[(m.name, TOTAL, ALL)]
        for b in m.breakdowns[1:]:
            parts = [figures.get((m.name, b, v)) for v in breakdown_values(b)]
            if total is None or any(p is None or p[1] is None for p in parts):
                continue  # FGC5009 reports what is missing
            added = sum(p[1] for p in parts if p is not None and p[1] is not None)
            if added != total:
                issues.append(AGGREGATE_RULES["FGC5006"].issue(
                    at(total_index), total, key=_key(rows[total_index]), breakdown=b,
                    parts=_fmt(added), total=_fmt(total)))  # fmt: skip
    return issues


def _funnel_issues(figures: _Figures, rows: list[dict[str, Any]], at: Any) -> list[Issue]:
    issues = []
    for smaller, larger in FUNNEL:
        for (name, b, v), (i, value) in figures.items():
            if name != smaller or value is None:
                continue
            other = figures.get((larger, b, v))
            if other is None or other[1] is None or value <= other[1]:
                continue
            issues.append(AGGREGATE_RULES["FGC5007"].issue(
                at(i), value, key=_key(rows[i]), smaller=_fmt(value), larger_name=larger,
                larger=_fmt(other[1])))  # fmt: skip
    return issues


def _share_issues(figures: _Figures, rows: list[dict[str, Any]], at: Any) -> list[Issue]:
    issues = []
    for m in MEASURES:
        if m.kind != "share" or not m.numerator or not m.denominator:
            continue
        found = figures.get((m.name, TOTAL, ALL))
        top = figures.get((m.numerator, TOTAL, ALL))
        bottom = figures.get((m.denominator, TOTAL, ALL))
        if not found or found[1] is None or not top or not bottom:
            continue
        if top[1] is None or not bottom[1]:
            continue
        expected = top[1] / bottom[1]
        if abs(found[1] - expected) > _TOLERANCE:
            issues.append(AGGREGATE_RULES["FGC5008"].issue(
                at(found[0]), found[1], key=m.name, given=_fmt(found[1]),
                numerator=m.numerator, denominator=m.denominator,
                expected=f"{expected:.4f}"))  # fmt: skip
    return issues


def _missing_issues(figures: _Figures, la: str) -> list[Issue]:
    issues = []
    for m in MEASURES:
        if m.kind != "count":
            continue  # medians and shares may rightly be empty (nothing to take them over)
        missing = [
            f"{b}={v}" if b != TOTAL else "total"
            for b in m.breakdowns
            for v in breakdown_values(b)
            if figures.get((m.name, b, v), (0, None))[1] is None
        ]
        if missing:
            shown = ", ".join(missing[:4]) + (", ..." if len(missing) > 4 else "")
            issues.append(
                AGGREGATE_RULES["FGC5009"].issue(
                    None,
                    key=f"{la} {m.name}",
                    count=len(missing),
                    measure_name=m.name,
                    examples=shown,
                )
            )
    return issues


def write_aggregate_template(
    path: str | Path,
    la_number: str,
    period_start: date,
    period_end: date,
    *,
    overwrite: bool = False,
) -> Path:
    """Write the template for a hand-filled return: CSV, or XLSX (by the file's suffix).

    The workbook has the ``aggregate`` sheet to fill (only the ``value`` column)
    and a ``measures`` sheet with every measure's written definition. The file
    is written atomically.

    Args:
        path: The file to write, ``.csv`` or ``.xlsx``.
        la_number: The LA's DfE three-digit number.
        period_start: The first day of the period.
        period_end: The last day of the period.
        overwrite: Replace an existing file (a filled-in template, perhaps).
            Without it, an existing file is an error.

    Raises:
        WriteError: The suffix is neither ``.csv`` nor ``.xlsx``, the LA is unknown,
            the period ends before it starts, the file exists and ``overwrite`` is
            false, or it cannot be written.
    """
    from fgc_standard.errors import WriteError
    from fgc_standard.files import atomic_path

    path = Path(path)
    if la_number not in codelist("la"):
        raise WriteError(f"LA {la_number!r} is not in the la code list")
    if period_start > period_end:
        raise WriteError(f"the period starts on {period_start}, after it ends on {period_end}")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise WriteError(f"{path}: write the template as .csv or .xlsx")
    if path.is_dir():
        raise WriteError(f"{path} is a folder; give the file to write")
    if path.exists() and not overwrite:
        raise WriteError(f"{path} already exists; choose another name or ask to overwrite it")
    table = aggregate_template(la_number, period_start, period_end)
    try:
        with atomic_path(path) as tmp:
            if suffix == ".csv":
                tmp.write_text(_template_csv(table.to_pylist()), encoding="utf-8")
            else:
                _template_workbook(table.to_pylist()).save(tmp)
    except OSError as error:
        raise WriteError(f"cannot write {path}: {error.strerror or error}") from None
    return path


def _template_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(AGGREGATE_COLUMNS)
    for row in rows:
        writer.writerow(["" if row[c] is None else str(row[c]) for c in AGGREGATE_COLUMNS])
    return buffer.getvalue()


def _template_workbook(rows: list[dict[str, Any]]) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "aggregate"
    sheet.append(list(AGGREGATE_COLUMNS))
    for row in rows:
        sheet.append(
            [row[c].isoformat() if isinstance(row[c], date) else row[c] for c in AGGREGATE_COLUMNS]
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for (cell,) in sheet.iter_rows(min_row=2, min_col=7, max_col=7):
        cell.fill = fill  # the only column to type in
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (10, 12, 12, 38, 20, 20, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    guide = book.create_sheet("measures")
    columns = list(MEASURES[0].to_dict())
    guide.append(columns)
    for m in MEASURES:
        guide.append([m.to_dict()[c] for c in columns])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    return book
