"""The validation report: exact counts per rule, a bounded set of examples.

A national file can break one rule a hundred thousand times. The report keeps,
for each rule and field, the exact number of issues and of records affected,
the share of the table's records that is ("3 of 7 referrals", "40% of your
referrals"), and at most ``example_limit`` example issues. Every issue stays
reachable through :meth:`ValidationReport.all_issues`, which builds them on
demand from the Arrow results, so nothing large is held as Python objects.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fgc_standard.report.issue import Issue, Severity

if TYPE_CHECKING:
    from fgc_standard.returns import FGCReturn
    from fgc_standard.rules.engine import RuleHits

__all__ = ["DEFAULT_EXAMPLE_LIMIT", "IssueGroup", "ValidationReport", "share_text"]

#: How many example issues the report keeps per rule and field.
DEFAULT_EXAMPLE_LIMIT = 50


def share_text(records: int, table_rows: int, table: str | None) -> str:
    """Say how many records are affected: ``3 of 7 referrals (43%)``."""
    noun = (table or "records").replace("_", " ")
    if not table_rows:
        return f"{records:,} {noun}"
    percent = 100 * records / table_rows
    shown = f"{percent:.0f}%" if percent >= 1 or records == 0 else "<1%"
    return f"{records:,} of {table_rows:,} {noun} ({shown})"


@dataclass
class IssueGroup:
    """The issues of one rule in one field of one table.

    Attributes:
        code: The rule's code.
        severity: ``error`` or ``query``.
        title: The rule's short name.
        kind: The kind of problem (a :class:`~fgc_standard.report.kinds.CheckKind` value).
        table: The table.
        field: The field (``None``: the whole row).
        count: The exact number of issues.
        records: The exact number of records (rows) with at least one issue.
        table_rows: The number of rows in the table.
        examples: The first issues, at most the report's example limit.
    """

    code: str
    severity: Severity
    title: str
    kind: str
    table: str | None
    field: str | None
    count: int
    records: int
    table_rows: int
    examples: list[Issue]
    _all: Callable[[], Iterator[Issue]] = dataclasses.field(repr=False, default=lambda: iter(()))

    @property
    def share(self) -> float | None:
        """The share of the table's records affected, from 0 to 1 (``None`` if unknown)."""
        return self.records / self.table_rows if self.table_rows else None

    @property
    def share_text(self) -> str:
        """The records affected, in words."""
        return share_text(self.records, self.table_rows, self.table)

    def all_issues(self) -> Iterator[Issue]:
        """Every issue of the group, built on demand."""
        return self._all()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary with the examples."""
        return {
            "code": self.code,
            "severity": self.severity,
            "title": self.title,
            "kind": self.kind,
            "table": self.table,
            "field": self.field,
            "issues": self.count,
            "records_affected": self.records,
            "table_rows": self.table_rows,
            "share_affected": round(self.share, 6) if self.share is not None else None,
            "examples": [i.to_dict() for i in self.examples],
        }


@dataclass
class ValidationReport:
    """The result of validating a return.

    Attributes:
        source: What was validated (a path, or ``"<FGCReturn>"``).
        engine: The dataframe library the rules ran on.
        groups: One group per rule, table and field with issues; errors
            first, then by code.
        table_rows: Table name -> number of rows checked.
        example_limit: The most examples kept per group.
        data: The return validated (to look values up).
    """

    source: str
    engine: str
    groups: list[IssueGroup]
    table_rows: dict[str, int]
    example_limit: int = DEFAULT_EXAMPLE_LIMIT
    data: FGCReturn | None = dataclasses.field(default=None, repr=False)

    @property
    def errors(self) -> int:
        """The exact number of errors."""
        return sum(g.count for g in self.groups if g.severity == "error")

    @property
    def queries(self) -> int:
        """The exact number of queries."""
        return sum(g.count for g in self.groups if g.severity == "query")

    @property
    def valid(self) -> bool:
        """Whether the return has no errors (queries allowed)."""
        return self.errors == 0

    @property
    def exit_code(self) -> int:
        """``0`` with no errors, ``1`` with errors: what ``fgc validate`` exits with."""
        return 0 if self.valid else 1

    def counts_by_rule(self) -> dict[str, int]:
        """Rule code -> exact number of issues."""
        counts: dict[str, int] = {}
        for group in self.groups:
            counts[group.code] = counts.get(group.code, 0) + group.count
        return counts

    def issues(self) -> Iterator[Issue]:
        """The example issues of every group (bounded)."""
        for group in self.groups:
            yield from group.examples

    def all_issues(self) -> Iterator[Issue]:
        """Every issue, built on demand (unbounded: use for streaming to a file)."""
        for group in self.groups:
            yield from group.all_issues()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready report: validity, totals and every group with its examples."""
        return {
            "source": self.source,
            "valid": self.valid,
            "errors": self.errors,
            "queries": self.queries,
            "engine": self.engine,
            "example_limit": self.example_limit,
            "table_rows": self.table_rows,
            "rules": [g.to_dict() for g in self.groups],
        }

    def summary_line(self) -> str:
        """One line: valid or not, with the totals."""
        verdict = "valid" if self.valid else "NOT valid"
        rules = len({g.code for g in self.groups})
        return (
            f"{self.source}: {verdict}: {self.errors:,} error(s), {self.queries:,} "
            f"query(ies) under {rules} rule(s)"
        )

    def render(self, fmt: str = "text", **options: Any) -> str:
        """Render as ``text``, ``json``, ``csv`` or ``html``."""
        from fgc_standard.report.render import render

        return render(self, fmt, **options)


def group_reader_issues(
    issues: list[Issue], table_rows: dict[str, int], limit: int
) -> list[IssueGroup]:
    """Group issues found while reading (values that cannot be read) like rule results."""
    from fgc_standard.rules.catalogue import CATALOGUE

    buckets: dict[tuple[str, str | None, str | None], list[Issue]] = {}
    for issue in issues:
        buckets.setdefault((issue.code, issue.table, issue.field), []).append(issue)
    groups = []
    for (code, table, field_name), members in buckets.items():
        rule = CATALOGUE.get(code)
        rows = {(i.key, i.location.row if i.location else None) for i in members}
        groups.append(
            IssueGroup(
                code=code,
                severity=members[0].severity,
                title=rule.title if rule else code,
                kind=str(rule.kind) if rule else "",
                table=table,
                field=field_name,
                count=len(members),
                records=len(rows),
                table_rows=table_rows.get(table or "", 0),
                examples=members[:limit],
                _all=lambda members=members: iter(members),  # type: ignore[misc]
            )
        )
    return groups


def group_hits(hits: RuleHits, data: FGCReturn, limit: int) -> IssueGroup:
    """Summarise one rule's hits: exact counts, the first ``limit`` issues."""
    import pyarrow.compute as pc

    rows = hits.rows.column("__row")
    records = int(pc.count_distinct(rows).as_py())
    table_rows = data.tables[hits.table].num_rows
    return IssueGroup(
        code=hits.rule.code,
        severity=hits.rule.severity,
        title=hits.rule.title,
        kind=str(hits.rule.kind),
        table=hits.table,
        field=hits.field,
        count=hits.count,
        records=records,
        table_rows=table_rows,
        examples=list(_build_issues(hits, data, 0, limit)),
        _all=lambda: _all_issues(hits, data),
    )


def _all_issues(hits: RuleHits, data: FGCReturn, batch: int = 10_000) -> Iterator[Issue]:
    for start in range(0, hits.count, batch):
        yield from _build_issues(hits, data, start, start + batch)


def _build_issues(hits: RuleHits, data: FGCReturn, start: int, stop: int) -> Iterator[Issue]:
    from fgc_standard.chunks import take_rows
    from fgc_standard.entities import spec_for_table
    from fgc_standard.rules.rule import format_message, value_text

    part = hits.rows.slice(start, max(0, stop - start))
    if part.num_rows == 0:
        return
    positions = part.column("__row")
    records = take_rows(data.tables[hits.table], positions).to_pylist()
    extras = {name: part.column(name).to_pylist() for name in part.column_names if name != "__row"}
    key_field = spec_for_table(hits.table).primary_key
    rule = hits.rule
    for i, (position, record) in enumerate(zip(positions.to_pylist(), records, strict=True)):
        values = {name: value_text(v) for name, v in record.items()}
        context = {n[4:]: (extras[n][i] or "") for n in extras if n.startswith("ctx_")}
        item = extras["__value"][i] if "__value" in extras else None
        value = item if item is not None else values.get(hits.field or "", "")
        key = values.get(key_field) if key_field else None
        message = format_message(
            rule.message,
            {
                **values,
                **context,
                **hits.params,
                "field": hits.field or "",
                "value": value,
                "key": key or "",
                "table": hits.table,
            },
        )
        yield Issue(
            code=rule.code,
            severity=rule.severity,
            message=message,
            table=hits.table,
            key=key or None,
            field=hits.field,
            value=value if hits.field else None,
            location=data.locate(hits.table, position, hits.field),
        )
