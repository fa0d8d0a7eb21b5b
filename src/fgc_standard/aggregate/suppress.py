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

import numpy as np
import pyarrow as pa

from fgc_standard.aggregate.measures import ALL, TOTAL, measure

__all__ = [
    "DEFAULT_THRESHOLD",
    "MARKER",
    "NOT_APPLICABLE",
    "determined_cells",
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

    Secondary suppression first closes every single-subtraction leak (a group
    with exactly one hidden cell), then checks the published figures as a
    whole: a hidden cell that follows from them by linear algebra (for example
    through rows *and* columns of a table with margins) gets another cell of
    one of its groups hidden, and both steps repeat until neither finds a leak.

    Args:
        values: Each cell's count (``None`` for a count not known, which is not
            published either and so already hides its cell).
        groups: Lists of cell indices tied by one equation: the parts first and
            their total last (``sum(parts) == total``).
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
    while True:
        _close_single_leaks(values, groups, hidden)
        determined = determined_cells({*hidden, *_unknown(values)}, groups)
        if not determined:
            return hidden
        for cell in sorted(determined):
            if not _hide_another(cell, values, groups, hidden):
                continue
            break
        else:  # nothing left to hide: every group of a determined cell is fully hidden
            return hidden


def _unknown(values: Sequence[float | None]) -> set[int]:
    return {i for i, v in enumerate(values) if v is None}


def _close_single_leaks(
    values: Sequence[float | None], groups: Sequence[Sequence[int]], hidden: dict[int, Reason]
) -> None:
    changed = True
    while changed:
        changed = False
        for group in groups:
            unknown = [i for i in group if i in hidden or values[i] is None]
            if len(unknown) == 1 and _hide_smallest(group, values, hidden):
                changed = True


def _hide_smallest(
    group: Sequence[int], values: Sequence[float | None], hidden: dict[int, Reason]
) -> bool:
    others = [i for i in group if i not in hidden and values[i] is not None]
    if not others:
        return False
    # the smallest non-zero cell costs least information; zero only as a last resort
    pick = min(others, key=lambda i: (values[i] == 0, values[i], i))
    hidden[pick] = "secondary"
    return True


def _hide_another(
    cell: int,
    values: Sequence[float | None],
    groups: Sequence[Sequence[int]],
    hidden: dict[int, Reason],
) -> bool:
    # the group of the cell with the fewest hidden cells is the one that gives it away
    mine = sorted(
        (g for g in groups if cell in g),
        key=lambda g: sum(1 for i in g if i in hidden or values[i] is None),
    )
    return any(_hide_smallest(g, values, hidden) for g in mine)


def determined_cells(unpublished: set[int], groups: Sequence[Sequence[int]]) -> set[int]:
    """Unpublished cells whose value follows from the published ones by linear algebra.

    Each group is the equation ``sum(parts) - total = 0`` (total last). Taking
    the published cells as known, the equations restricted to the unpublished
    cells form a matrix ``A``; a cell is determined exactly when every vector
    of the null space of ``A`` is zero at that cell. Worked out per connected
    set of unpublished cells, so that national tables stay fast.
    """
    touching = [g for g in groups if any(i in unpublished for i in g)]
    parent = {i: i for i in unpublished}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for group in touching:
        members = [i for i in group if i in unpublished]
        for other in members[1:]:
            parent[find(other)] = find(members[0])
    components: dict[int, list[Sequence[int]]] = defaultdict(list)
    for group in touching:
        first = next(i for i in group if i in unpublished)
        components[find(first)].append(group)
    found: set[int] = set()
    for equations in components.values():
        cells = sorted({i for g in equations for i in g if i in unpublished})
        column = {c: j for j, c in enumerate(cells)}
        matrix = np.zeros((len(equations), len(cells)))
        for row, group in enumerate(equations):
            *parts, total = group
            for i in parts:
                if i in column:
                    matrix[row, column[i]] += 1.0
            if total in column:
                matrix[row, column[total]] -= 1.0
        _, singular, vt = np.linalg.svd(matrix)
        rank = int((singular > 1e-9).sum())
        null = vt[rank:]
        for c, j in column.items():
            if null.shape[0] == 0 or np.abs(null[:, j]).max() < 1e-9:
                found.add(c)
    return found


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

    Raises:
        TypeError: ``areas`` is not an area table (one LA's aggregate table, say,
            which :func:`~fgc_standard.aggregate.combine.combine_returns` turns
            into one).
    """
    if not isinstance(areas, pa.Table) or "area_level" not in areas.column_names:
        raise TypeError(
            "publish takes an area table: publish(combine_returns([figures, ...])), "
            "where each figures table is what aggregate_return gives"
        )
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
