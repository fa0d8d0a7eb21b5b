"""Disclosure control: no small count published, none recoverable from what is published."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fgc_standard.aggregate import aggregate_return
from fgc_standard.aggregate.combine import combine_returns
from fgc_standard.aggregate.measures import measure
from fgc_standard.aggregate.suppress import (
    DEFAULT_THRESHOLD,
    MARKER,
    publish,
    single_subtraction_leaks,
    suppress_cells,
    suppression_groups,
)
from fgc_standard.synth import generate_return

# -- a table with margins, as published: cells, row totals, column totals, grand total ------


def _margined(matrix: list[list[int]]) -> tuple[list[float | None], list[tuple[list[int], int]]]:
    """Flatten a matrix with its margins; return values and (parts, total) equations."""
    rows, cols = len(matrix), len(matrix[0])
    values: list[float | None] = [float(v) for row in matrix for v in row]
    row_totals = [len(values) + r for r in range(rows)]
    values += [float(sum(row)) for row in matrix]
    col_totals = [len(values) + c for c in range(cols)]
    values += [float(sum(matrix[r][c] for r in range(rows))) for c in range(cols)]
    grand = len(values)
    values.append(float(sum(map(sum, matrix))))
    equations = [([r * cols + c for c in range(cols)], row_totals[r]) for r in range(rows)]
    equations += [([r * cols + c for r in range(rows)], col_totals[c]) for c in range(cols)]
    equations += [(row_totals, grand), (col_totals, grand)]
    return values, equations


def _determined(hidden: set[int], equations: list[tuple[list[int], int]]) -> list[int]:
    """Hidden cells whose value follows from the published ones by linear algebra.

    Each equation ``sum(parts) - total = 0`` restricted to the hidden cells is a
    row of ``A``; a hidden cell is determined exactly when its unit vector lies
    in the row space of ``A``.
    """
    order = sorted(hidden)
    if not order:
        return []
    column = {cell: j for j, cell in enumerate(order)}
    rows = []
    for parts, total in equations:
        row = np.zeros(len(order))
        for cell in parts:
            if cell in column:
                row[column[cell]] += 1
        if total in column:
            row[column[total]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return []
    a = np.array(rows)
    rank = np.linalg.matrix_rank(a)
    found = []
    for cell, j in column.items():
        unit = np.zeros(len(order))
        unit[j] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.append(cell)
    return found


small_counts = st.integers(min_value=0, max_value=40) | st.integers(min_value=0, max_value=6)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda cols: st.lists(
            st.lists(small_counts, min_size=cols, max_size=cols), min_size=1, max_size=5
        )
    ),
    st.integers(min_value=2, max_value=11),
)
def test_no_hidden_cell_can_be_recovered(matrix: list[list[int]], threshold: int) -> None:
    values, equations = _margined(matrix)
    groups = [[*parts, total] for parts, total in equations]
    hidden = set(suppress_cells(values, groups, threshold))
    for i, value in enumerate(values):
        assert value is not None
        if i not in hidden:
            assert not 0 < value < threshold, "a small count is published"
    # the single-subtraction attack: every group has no hidden cell or at least two
    assert single_subtraction_leaks(groups, hidden) == []
    # the stronger attack: no hidden cell is a linear consequence of published figures
    assert _determined(hidden, equations) == []


def test_secondary_suppression_hides_the_next_smallest() -> None:
    # 3 + 10 + 40 = 53: 3 is primary; 10 is then the smallest cell left in the group
    hidden = suppress_cells([3.0, 10.0, 40.0, 53.0], [[0, 1, 2, 3]])
    assert hidden == {0: "primary", 1: "secondary"}


def test_zero_is_published_and_not_a_primary_suppression() -> None:
    assert suppress_cells([0.0, 7.0, 7.0], [[0, 1, 2]]) == {}


# -- end to end on real aggregate tables of several LAs ------------------------------------

_SOUTH_EAST = ["936", "938", "867"]  # Surrey, West Sussex, Bracknell Forest


@pytest.fixture(scope="module")
def areas() -> pa.Table:
    tables = [
        aggregate_return(generate_return(n, seed=i, la_number=la))
        for i, (la, n) in enumerate(zip(_SOUTH_EAST, [9, 40, 120], strict=True))
    ]
    return combine_returns(tables)


def _check_published(areas: pa.Table, threshold: int) -> None:
    published = publish(areas, threshold).to_pylist()
    raw = areas.to_pylist()
    hidden = {i for i, r in enumerate(published) if r["value"] == MARKER}
    for r in published:
        if measure(r["measure"]).kind == "count" and r["value"] != MARKER:
            assert not 0 < int(r["value"]) < threshold, r
    assert single_subtraction_leaks(suppression_groups(raw), hidden) == []
    index = {
        (r["area_code"], r["measure"], r["breakdown"], r["breakdown_value"]): r["value"]
        for r in published
    }
    for r in published:
        m = measure(r["measure"])
        for base in (m.numerator, m.denominator):
            if base and index[(r["area_code"], base, "total", "ALL")] == MARKER:
                assert r["value"] == MARKER, f"{r['measure']} is built on a suppressed count"


def test_published_tables_of_several_las_are_safe(areas: pa.Table) -> None:
    _check_published(areas, DEFAULT_THRESHOLD)
    published = publish(areas).to_pylist()
    assert any(r["value"] == MARKER for r in published)
    # large counts survive: the region's families referred (169) is published
    region = [r for r in published if r["area_level"] == "region"]
    assert next(r for r in region if r["measure"] == "families_referred")["value"] == "169"


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(min_value=2, max_value=15))
def test_any_threshold_is_respected(areas: pa.Table, threshold: int) -> None:
    _check_published(areas, threshold)


def test_no_suppress_publishes_every_figure(areas: pa.Table) -> None:
    published = publish(areas, suppress=False).to_pylist()
    assert all(r["value"] != MARKER for r in published)
    counts = [r for r in published if measure(r["measure"]).kind == "count"]
    raw = [r for r in areas.to_pylist() if measure(r["measure"]).kind == "count"]
    assert [int(r["value"]) for r in counts] == [int(r["value"]) for r in raw]


def test_the_attack_finds_a_primary_only_suppression() -> None:
    # a check that can fail: with primary suppression alone, 3 = 53 - 10 - 40
    _values, equations = _margined([[3, 10, 40]])
    hidden = {0}
    groups = [[*parts, total] for parts, total in equations]
    assert single_subtraction_leaks(groups, hidden)
    assert _determined(hidden, equations) == [0]
