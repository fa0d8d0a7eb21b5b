"""Disclosure control: make an area table safe to publish.

The rules follow the Department for Education's children's social care
statistics. Its *Characteristics of children in need* release says: "Any number
between 1 and 5 inclusive has been suppressed and replaced by 'c'. Secondary
suppression has been applied where necessary, to preserve confidentiality",
and "0 indicates the original figure submitted was zero"; the symbol ``z``
marks a figure that is not applicable
(https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need/2021/explore).
So by default a count from 1 to 5 (below :data:`DEFAULT_THRESHOLD`, 6) is
suppressed, zero is published, and the marker is ``c``.

**Primary suppression.** Every count ``0 < n < threshold`` is suppressed.

**Secondary suppression.** Published figures satisfy linear equations: each
breakdown of a measure sums to the measure's total, and the LAs of a region
sum to the region (and the regions to England). If exactly one cell of such a
group were hidden, subtraction would give it back. So, until no group has
exactly one hidden cell, the smallest other cell of each such group (preferring
a non-zero one) is suppressed too. The iteration runs to a fixed point because
each step only hides cells, and there are finitely many.

**Derived figures.** A share is suppressed when its numerator or denominator
is; a median is suppressed when the count it is taken over is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pyarrow as pa

from fgc_standard.aggregate.measures import ALL, TOTAL, measure

__all__ = [
    "DEFAULT_THRESHOLD",
    "MARKER",
    "NOT_APPLICABLE",
    "publish",
    "single_subtraction_leaks",
    "suppress_cells",
    "suppression_groups",
]

#: Counts below this (and above zero) are suppressed: DfE suppresses 1 to 5.
DEFAULT_THRESHOLD = 6
#: The marker of a suppressed figure (GSS "confidential").
MARKER = "c"
#: The marker of a figure that does not apply (for example a share of zero families).
NOT_APPLICABLE = "z"

Reason = Literal["primary", "secondary", "derived"]


def suppress_cells(
    values: Sequence[float | None],
    groups: Sequence[Sequence[int]],
    threshold: int = DEFAULT_THRESHOLD,
    candidates: Sequence[bool] | None = None,
) -> dict[int, Reason]:
    """Decide which count cells to hide, by primary and secondary suppression.

    Args:
        values: Each cell's count (``None`` for a count not known, which is not
            published either and so already hides its cell).
        groups: Lists of cell indices whose values are tied by one equation
            (the cells of a breakdown and its total).
        threshold: Counts ``0 < n < threshold`` are hidden.
        candidates: Which cells are counts subject to primary suppression
            (default: all).

    Returns:
        Cell index -> why it is hidden (``primary`` or ``secondary``).
    """
    hidden: dict[int, Reason] = {}
    for i, value in enumerate(values):
        if (candidates is None or candidates[i]) and value is not None and 0 < value < threshold:
            hidden[i] = "primary"
    changed = True
    while changed:
        changed = False
        for group in groups:
            unknown = [i for i in group if i in hidden or values[i] is None]
            if len(unknown) != 1:
                continue
            others = [i for i in group if i not in hidden and values[i] is not None]
            if not others:
                continue
            # the smallest non-zero cell costs least information; zero only as a last resort
            pick = min(others, key=lambda i: (values[i] == 0, values[i], i))
            hidden[pick] = "secondary"
            changed = True
    return hidden


def single_subtraction_leaks(
    groups: Sequence[Sequence[int]],
    unpublished: set[int],
) -> list[Sequence[int]]:
    """Return the groups from which one hidden cell could be recovered by subtraction.

    A group leaks when exactly one of its cells is unpublished: it equals the
    total minus (or the sum of) the published others. Empty for a safe table.
    """
    return [g for g in groups if sum(1 for i in g if i in unpublished) == 1]


def _key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return (row["area_level"], row["area_code"], row["period_start"], row["period_end"])


def suppression_groups(rows: Sequence[Mapping[str, Any]]) -> list[list[int]]:
    """The groups of cells of an area table tied by one equation.

    Within an area: each breakdown of a count measure with its total. Across
    areas: for each cell, the LAs of a region with the region, and the regions
    with England.

    Args:
        rows: The area table's rows (as from ``Table.to_pylist()``).
    """
    index = {
        (*_key(r), r["measure"], r["breakdown"], r["breakdown_value"]): i
        for i, r in enumerate(rows)
    }
    within: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    children: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if measure(row["measure"]).kind != "count":
            continue
        if row["breakdown"] != TOTAL:
            within[(*_key(row), row["measure"], row["breakdown"])].append(i)
        cell = (
            row["period_start"],
            row["period_end"],
            row["measure"],
            row["breakdown"],
            row["breakdown_value"],
        )
        if row["area_level"] == "local_authority":
            children[("region", row["region"], *cell)].append(i)
        elif row["area_level"] == "region":
            children[("england", "E92000001", *cell)].append(i)
    groups: list[list[int]] = []
    for (level, code, start, end, name, _), cells in within.items():
        total = index.get((level, code, start, end, name, TOTAL, ALL))
        groups.append([*cells, total] if total is not None else cells)
    for (level, code, start, end, name, breakdown, value), cells in children.items():
        parent = index.get((level, code, start, end, name, breakdown, value))
        if parent is not None:
            groups.append([*cells, parent])
    return groups


def _text(value: float | None, kind: str) -> str:
    if value is None:
        return NOT_APPLICABLE
    if kind == "count":
        return str(round(value))
    if kind == "median":
        return f"{value:.1f}"
    return f"{round(value, 4):g}"


def publish(
    areas: pa.Table, threshold: int = DEFAULT_THRESHOLD, *, suppress: bool = True
) -> pa.Table:
    """Return the area table as published: values as text, small counts hidden.

    Args:
        areas: An area table (see :func:`~fgc_standard.aggregate.combine.combine_returns`).
        threshold: Counts ``0 < n < threshold`` are suppressed.
        suppress: ``False`` for an unsuppressed table (for the LA's own use only).

    Returns:
        The same rows with ``value`` as text: the figure, ``c`` where
        suppressed, ``z`` where not applicable.
    """
    rows = areas.to_pylist()
    kinds = [measure(r["measure"]).kind for r in rows]
    hidden: dict[int, Reason] = {}
    if suppress:
        values = [r["value"] if k == "count" else None for r, k in zip(rows, kinds, strict=True)]
        counts = [k == "count" for k in kinds]
        hidden = suppress_cells(values, suppression_groups(rows), threshold, counts)
        index = {
            (*_key(r), r["measure"], r["breakdown"], r["breakdown_value"]): i
            for i, r in enumerate(rows)
        }
        for i, row in enumerate(rows):
            m = measure(row["measure"])
            if m.kind == "count":
                continue
            base = _key(row)
            tied = [m.numerator, m.denominator]
            for name in (n for n in tied if n):
                j = index.get((*base, name, row["breakdown"], row["breakdown_value"]))
                if j is not None and j in hidden:
                    hidden[i] = "derived"
    text = [MARKER if i in hidden else _text(r["value"], kinds[i]) for i, r in enumerate(rows)]
    position = areas.schema.get_field_index("value")
    return areas.set_column(position, pa.field("value", pa.string()), pa.array(text, pa.string()))
