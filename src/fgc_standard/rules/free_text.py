"""Privacy queries (FGC4xxx): personal data typed into text fields and identifiers.

The detectors live in :mod:`fgc_standard.privacy.free_text`; this module
runs them over every field that takes free text (the header's software name
and version) and every identifier (ids are text too, and a child id such as
``Jane Smith`` is personal data). The check runs in Arrow whatever the engine:
regular expressions and the NHS check digit are the same work everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator

import narwhals as nw
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.privacy.free_text import DETECTORS, looks_like, text_fields
from fgc_standard.report.kinds import CheckKind
from fgc_standard.rules.catalogue import register
from fgc_standard.rules.context import ROW, ValidationContext
from fgc_standard.rules.rule import Change, Finding, Rule

__all__: list[str] = []

_LABELS = pa.array([d.label for d in DETECTORS], pa.string())
_KINDS = pa.array([d.kind for d in DETECTORS], pa.string())


def _labelled(kinds: pa.Array) -> pa.Array:
    return _LABELS.take(pc.index_in(kinds, value_set=_KINDS))


def _possible_identifiers(ctx: ValidationContext) -> Iterator[Finding]:
    # a key's values are looked at once per key domain, however many links repeat them
    domain_kinds: dict[str, pa.Array] = {}
    for text in text_fields():
        table = ctx.arrow.get(text.table)
        if table is None or table.num_rows == 0:
            continue
        domain = ctx.domain_of(text.table, text.field)
        if domain is not None:
            if domain.table not in domain_kinds:
                domain_kinds[domain.table] = looks_like(domain.values)
            if domain_kinds[domain.table].null_count == len(domain.values):
                continue  # no value of the domain looks like anything (the usual case)
        column = table.column(text.field)
        value: pa.Array | None = None
        if text.is_list:
            lists = column.combine_chunks()
            value = lists.flatten()
        if domain is not None:
            codes = domain.codes[(text.table, text.field)].combine_chunks()
            kinds = domain_kinds[domain.table].take(codes)
        else:
            kinds = looks_like(value if value is not None else column)
        hit = pc.indices_nonzero(pc.is_valid(kinds))
        if len(hit) == 0:
            continue
        # a value's row: its own position, or for a list item the position of its list
        rows = pc.list_parent_indices(lists).take(hit) if text.is_list else hit
        found: dict[str, pa.Array] = {
            ROW: rows.cast(pa.int64()),
            "ctx_looks_like": _labelled(kinds.take(hit)),
        }
        if value is not None:
            found["__value"] = value.take(hit)
        frame = nw.from_native(pa.table(found), eager_only=True)
        yield Finding(text.table, text.field, frame)


register(
    Rule(
        code="FGC4001",
        severity="query",
        kind=CheckKind.POSSIBLE_IDENTIFIER,
        layer="privacy",
        title="Text that may identify a person",
        message="{field} looks like {looks_like}: the standard holds no names, addresses, "
        "phone numbers, email addresses or NHS numbers; please check and replace it",
        rationale="Data that leaves the LA must not identify a child (issue 7): free text "
        "and identifiers are where personal data slips in.",
        table=None,
        fields=(),
        check=_possible_identifiers,
        examples=(Change("header", None, "software_version", "jane.doe@example.org"),),
    )
)
