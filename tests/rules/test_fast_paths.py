"""The pyarrow engine's fast paths find exactly what the plain definition finds."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fgc_standard.io import read_csv_package
from fgc_standard.returns import FGCReturn
from fgc_standard.rules import CATALOGUE, ValidationContext, return_rules, run_rules
from fgc_standard.rules.context import _distinct_counts
from fgc_standard.rules.return_rules import _repeated_rows
from fgc_standard.schema.arrow import arrow_schema
from fgc_standard.validate import validate

from .conftest import EXAMPLE, example_return

KEYS = st.lists(st.one_of(st.none(), st.sampled_from(["A1", "A2", "B10", "b1", "", "Z9"])))


def _naive(values: list[str | None]) -> list[int]:
    counts = Counter(v for v in values if v is not None)
    return [i for i, v in enumerate(values) if v is not None and counts[v] > 1]


@settings(max_examples=200, deadline=None)
@given(values=KEYS, chunks=st.integers(min_value=1, max_value=3), ordered=st.booleans())
def test_repeated_rows_are_the_rows_whose_value_is_used_twice(
    values: list[str | None], chunks: int, ordered: bool
) -> None:
    if ordered:  # the fast path for keys exported in order
        values = sorted(values, key=lambda v: (v is None, v or ""))
    size = -(-len(values) // chunks) or 1
    column = pa.chunked_array(
        [values[i : i + size] for i in range(0, len(values), size)] or [[]], pa.string()
    )
    assert _repeated_rows(column).to_pylist() == _naive(values)


def test_strictly_increasing_keys_have_no_repeat() -> None:
    column = pa.chunked_array([[f"X{i:08d}" for i in range(1000)]])
    assert len(_repeated_rows(column)) == 0
    column = pa.chunked_array([[f"X{i:08d}" for i in range(1000)] + ["X00000500"]])
    assert _repeated_rows(column).to_pylist() == [500, 1000]


@settings(max_examples=200, deadline=None)
@given(
    size=st.integers(min_value=200, max_value=600),
    copies=st.lists(st.tuples(st.integers(0, 599), st.integers(0, 599)), max_size=2),
    nulls=st.lists(st.integers(0, 599), max_size=2),
)
def test_repeats_of_keys_nearly_in_order_are_found(
    size: int, copies: list[tuple[int, int]], nulls: list[int]
) -> None:
    # keys exported in order, then a row or two given another row's key (or none)
    values: list[str | None] = [f"K{i:06d}" for i in range(size)]
    for target, source in copies:
        values[target % size] = values[source % size]
    for row in nulls:
        values[row % size] = None
    column = pa.chunked_array([values[: size // 2], values[size // 2 :]], pa.string())
    assert _repeated_rows(column).to_pylist() == _naive(values)


@settings(max_examples=200, deadline=None)
@given(
    lists=st.lists(
        st.one_of(
            st.none(),
            st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", ""])), max_size=20),
        ),
        max_size=12,
    )
)
def test_distinct_items_are_counted_in_short_and_long_lists(
    lists: list[list[str | None] | None],
) -> None:
    column = pa.chunked_array([lists[:4], lists[4:]], pa.list_(pa.string()))
    expected = [None if row is None else len(set(row)) for row in lists]
    # compared as text, and as numbers (the way for codes, of few values)
    assert _distinct_counts(column).to_pylist() == expected
    assert _distinct_counts(column, few_values=True).to_pylist() == expected
    # lists mostly in order, as ids are: only the others have their items compared
    ordered = [
        row if row is None or i % 5 == 0 else sorted(row, key=lambda v: (v is not None, v))
        for i, row in enumerate(lists)
    ]
    column = pa.chunked_array([ordered[:4], ordered[4:]], pa.list_(pa.string()))
    assert _distinct_counts(column).to_pylist() == expected


def test_identifier_items_of_a_list_are_checked_alike_on_every_engine() -> None:
    referrals = example_return().tables["referrals"]
    lists = [["C001", "C 2"], None, ["C-3", "Zoë", "C\t4"]]
    referrals = referrals.slice(0, 3).set_column(
        referrals.column_names.index("child_ids"),
        "child_ids",
        pa.array(lists, referrals.schema.field("child_ids").type),
    )
    found = {}
    for engine in ("pyarrow", "polars"):
        hits = run_rules(
            ValidationContext({"referrals": referrals}, engine), [CATALOGUE["FGC0014"]]
        )
        found[engine] = [(h.field, h.rows.to_pylist()) for h in hits]
    assert found["pyarrow"] == found["polars"]
    # a tab is a control character: no identifier holds one
    assert found["pyarrow"] == [("child_ids", [{"__row": 2, "__value": "C\t4"}])]


def test_identifiers_checked_once_per_key_domain_are_found_in_every_table() -> None:
    # a bad key (a tab in it) in referrals, a link to it from offers, and a bad child id
    # in a list: the Arrow shortcut through key domains finds what the polars engine does
    ret = example_return()
    referrals = ret.tables["referrals"]
    ids = referrals.column("referral_id").to_pylist()
    ids[1] = "R\t2"
    offers = ret.tables["offers"]
    links = offers.column("referral_id").to_pylist()
    links[0] = "R\t2"
    tables = {
        **ret.tables,
        "referrals": referrals.set_column(
            referrals.column_names.index("referral_id"), "referral_id", pa.array(ids)
        ),
        "offers": offers.set_column(
            offers.column_names.index("referral_id"), "referral_id", pa.array(links)
        ),
    }
    found = {}
    for engine in ("pyarrow", "polars"):
        hits = run_rules(ValidationContext(tables, engine), [CATALOGUE["FGC0014"]])
        found[engine] = sorted((h.table, h.field, str(h.rows.to_pylist())) for h in hits)
    assert found["pyarrow"] == found["polars"]
    assert {(t, f) for t, f, _ in found["pyarrow"]} == {
        ("referrals", "referral_id"),
        ("offers", "referral_id"),
    }


# -- text the reader saw in canonical form is not looked at again ---------------------------


def _with_value(table: pa.Table, field: str, row: int, value: object) -> pa.Table:
    values = table.column(field).to_pylist()
    values[row] = value
    position = table.column_names.index(field)
    field_type = table.schema.field(position)
    return table.set_column(position, field_type, pa.array(values, field_type.type))


#: What these tests look for: a wrong code, a malformed id, a date before year 1.
_LOOKED_FOR = ("FGC0011", "FGC0014", "FGC0002")


def _found(data: FGCReturn) -> list[tuple[str, str | None, str | None]]:
    groups = validate(data).groups
    return sorted((g.code, g.table, g.field) for g in groups if g.code in _LOOKED_FOR)


def _edited(folder: Path, table: str, old: str, new: str) -> Path:
    path = folder / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(old, new, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_a_return_as_read_says_which_text_fields_are_in_canonical_form() -> None:
    data = example_return()
    assert {"living_arrangement", "time_point"} <= data.canonical_fields("outcomes")
    assert "disabilities" in data.canonical_fields("children")  # a list of codes
    assert "outcome_id" in data.canonical_fields("outcomes")  # letters and digits only
    assert "recorded_date" not in data.canonical_fields("outcomes")  # not text


def test_text_read_out_of_form_is_checked_and_not_said_canonical(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(EXAMPLE, tmp_path / "return"))
    _edited(folder, "outcomes", ",PARENTS,", ",PARENTZ,")
    _edited(folder, "outcomes", "X001,", '"X0;01",')
    data = read_csv_package(folder).data
    assert not {"living_arrangement", "outcome_id"} & data.canonical_fields("outcomes")
    assert _found(data) == [
        ("FGC0011", "outcomes", "living_arrangement"),
        ("FGC0014", "outcomes", "outcome_id"),
    ]


def test_a_table_changed_after_reading_is_checked_in_full() -> None:
    # the reader's word holds for the table it made only: a table put in its place, by
    # assignment or by dataclasses.replace, is checked in full
    data = example_return()
    assert _found(data) == []
    changed = _with_value(data.tables["outcomes"], "living_arrangement", 0, "PARENTZ")
    changed = _with_value(changed, "outcome_id", 1, "X0;01")
    changed = _with_value(changed, "recorded_date", 2, dt.date(1, 1, 1))
    changed = changed.set_column(
        changed.column_names.index("recorded_date"),
        changed.schema.field("recorded_date"),
        # a date in year 0, which Arrow holds and Python cannot
        pc.subtract(
            changed.column("recorded_date").cast(pa.int32()), pa.scalar(1, pa.int32())
        ).cast(pa.date32()),
    )
    expected = [
        ("FGC0002", "outcomes", "recorded_date"),
        ("FGC0011", "outcomes", "living_arrangement"),
        ("FGC0014", "outcomes", "outcome_id"),
    ]
    swapped = replace(data, tables={**data.tables, "outcomes": changed})
    assert swapped.verified  # carried over, but about the table no longer there
    assert swapped.as_read("outcomes") is None
    assert swapped.canonical_fields("outcomes") == frozenset()
    assert _found(swapped) == expected
    data.tables["outcomes"] = changed
    assert _found(data) == expected


# -- FGC2023 by list position against the join -------------------------------------------


def _table(name: str, columns: dict[str, list[object]]) -> pa.Table:
    schema = arrow_schema(name)
    rows = len(next(iter(columns.values())))
    arrays = [
        pa.array(columns[f.name], f.type) if f.name in columns else pa.nulls(rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


CHILD = st.one_of(st.none(), st.sampled_from(["C0", "C1", "C2", "C3", "CX"]))


@settings(max_examples=150, deadline=None)
@given(
    lists=st.lists(st.one_of(st.none(), st.lists(CHILD, max_size=4)), min_size=1, max_size=6),
    outcomes=st.lists(st.tuples(st.integers(0, 7), CHILD), max_size=12),
    repeat=st.booleans(),
    block=st.integers(1, 4),
)
# R0 twice: its outcome's child is in the second list only
@example(lists=[["C0"], ["C1"]], outcomes=[(0, "C1")], repeat=True, block=2)
# children found in each place of a list, and one not in it
@example(
    lists=[["C0", "C1", "C2"]], outcomes=[(0, "C2"), (0, "C1"), (0, "C3")], repeat=False, block=2
)
def test_outcomes_for_children_not_in_the_referral_match_the_join(
    lists: list[list[str | None] | None],
    outcomes: list[tuple[int, str | None]],
    repeat: bool,
    block: int,
) -> None:
    # referrals R0.. with lists of children (CX is no child of the return), outcomes
    # pointing at them or at no referral (R6, R7); a key used twice takes the join.
    # Outcomes are looked at in blocks of 1 to 4, so that blocks end anywhere.
    ids = [f"R{i}" for i in range(len(lists))]
    if repeat and len(ids) > 1:
        ids[-1] = ids[0]
    tables = {
        "children": _table("children", {"child_id": ["C0", "C1", "C2", "C3"]}),
        "referrals": _table("referrals", {"referral_id": ids, "child_ids": lists}),
        "outcomes": _table(
            "outcomes",
            {
                "outcome_id": [f"X{i}" for i in range(len(outcomes))],
                "referral_id": [f"R{r}" for r, _ in outcomes],
                "child_id": [c for _, c in outcomes],
            },
        ),
    }
    found = {}
    with patch.object(return_rules, "_OUTCOME_BLOCK", block):
        for engine in ("pyarrow", "polars"):
            hits = run_rules(ValidationContext(tables, engine), [CATALOGUE["FGC2023"]])
            found[engine] = [h.rows.column("__row").to_pylist() for h in hits]
    assert found["pyarrow"] == found["polars"]
