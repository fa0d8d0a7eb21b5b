"""Run rules over tables: every rule a vectorised query, every result an Arrow table.

The engine never loops over rows: a record rule is one filter, a return rule
is the joins and group-bys its check builds. What comes back for each rule and
field is a :class:`RuleHits`: the positions of the rows that break it (plus the
offending item or linked values, where the check gives them), in row order, so
that every engine gives the same hits in the same order.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import narwhals as nw
import pyarrow as pa

from fgc_standard.rules.catalogue import CATALOGUE
from fgc_standard.rules.context import DEFAULT_ENGINE, ROW, ValidationContext
from fgc_standard.rules.rule import Finding, Rule

__all__ = ["RuleHits", "run_rules"]


@dataclass(frozen=True)
class RuleHits:
    """What one rule found in one field of one table.

    Attributes:
        rule: The rule.
        table: The table.
        field: The field the issues point at (``None``: the whole row).
        rows: Arrow table with ``__row`` (int64, sorted), and optionally
            ``__value`` and ``ctx_<name>`` text columns.
        params: Constant message values.
    """

    rule: Rule
    table: str
    field: str | None
    rows: pa.Table
    params: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def count(self) -> int:
        """The number of issues."""
        return int(self.rows.num_rows)


def _record_finding(rule: Rule, ctx: ValidationContext) -> Iterable[Finding]:
    if rule.condition is None or rule.table is None or rule.table not in ctx.arrow:
        return ()
    frame = ctx.frame(rule.table)
    given = rule.condition.given_fields()
    arrow = ctx.arrow[rule.table]
    if given and max(arrow.column(f).null_count for f in given) * 2 >= arrow.num_rows > 0:
        # most rows have an empty field the condition needs, so cannot break it: the
        # condition is worked out on the others only (the columns it reads, filtered)
        reads = rule.condition.fields()
        helpers = [
            n for n in arrow.column_names if n.startswith("__") and n.split("__")[1] in reads
        ]
        frame = frame.select(ROW, *reads, *helpers).filter(*(~nw.col(f).is_null() for f in given))
    return (
        Finding(rule.table, rule.field, frame.filter(rule.condition.to_narwhals()).select(ROW)),
    )


def _text_columns(frame: Any) -> Any:
    """Cast context columns to text, so every engine hands back the same types."""
    names = frame.collect_schema().names()
    casts = [nw.col(n).cast(nw.String) for n in names if n != ROW]
    return frame.with_columns(*casts) if casts else frame


def run_rules(
    tables: ValidationContext | Mapping[str, pa.Table],
    rules: Iterable[Rule] | None = None,
    *,
    engine: str = DEFAULT_ENGINE,
) -> list[RuleHits]:
    """Run rules over tables and return what each found (empty results left out).

    Args:
        tables: A prepared context, or table name -> Arrow table.
        rules: The rules to run (default: every record-family rule of the
            catalogue). Rules that only a reader applies are skipped.
        engine: The dataframe library, when ``tables`` is not a context.
    """
    ctx = tables if isinstance(tables, ValidationContext) else ValidationContext(tables, engine)
    chosen = CATALOGUE.rules() if rules is None else list(rules)
    results: list[RuleHits] = []
    rows = sum(t.num_rows for t in ctx.arrow.values())
    if ctx.engine == "pyarrow" and len(chosen) > 1 and _WORKERS > 1 and rows >= _PARALLEL_ROWS:
        # Arrow's kernels release the GIL, so two rules run at once on two cores;
        # map keeps the catalogue's order. Other engines run queries in their own
        # threads (and a DuckDB connection takes one query at a time).
        with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
            for hits in pool.map(lambda rule: _run_rule(rule, ctx), chosen):
                results.extend(hits)
        return results
    for rule in chosen:
        results.extend(_run_rule(rule, ctx))
    return results


#: Rules run at once on the pyarrow engine.
_WORKERS = min(2, os.cpu_count() or 1)
#: Below this many rows in all, threads cost more than they save (one record, say).
_PARALLEL_ROWS = 50_000


def _run_rule(rule: Rule, ctx: ValidationContext) -> list[RuleHits]:
    """What one rule found, per table and field (empty results left out)."""
    if rule.condition is not None:
        findings = _record_finding(rule, ctx)
    elif rule.check is not None:
        findings = rule.check(ctx)
    else:
        return []
    results: list[RuleHits] = []
    for finding in findings:
        frame = finding.rows
        keep = [
            n
            for n in frame.collect_schema().names()
            if n in (ROW, "__value") or n.startswith("ctx_")
        ]
        rows = ctx.collect(_text_columns(frame.select(keep)))
        if rows.num_rows == 0:
            continue
        rows = rows.cast(_normal_schema(rows.schema))
        sort_keys = [(ROW, "ascending")]
        if "__value" in rows.column_names:
            sort_keys.append(("__value", "ascending"))
        rows = rows.sort_by(sort_keys)
        results.append(RuleHits(rule, finding.table, finding.field, rows, finding.params))
    return results


def _normal_schema(schema: pa.Schema) -> pa.Schema:
    # engines differ in integer width and in string vs large_string
    return pa.schema(
        [pa.field(f.name, pa.int64() if f.name == ROW else pa.string()) for f in schema]
    )
