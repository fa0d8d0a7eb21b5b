"""Numbered keys (fgc_standard.rules.keys) stand for their text exactly."""

from __future__ import annotations

from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

import fgc_standard.rules.keys as numbering
from fgc_standard.rules.keys import number_keys

IDS = st.one_of(st.none(), st.sampled_from(["R1", "R2", "R3", "R10", "r1", "X"]))


def _chunked(values: list[object], kind: pa.DataType, cut: int) -> pa.ChunkedArray:
    cut = min(cut, len(values))
    return pa.chunked_array([values[:cut], values[cut:]], kind)


@settings(max_examples=150, deadline=None)
@given(
    referral_ids=st.lists(IDS, max_size=12),
    linked=st.lists(IDS, max_size=30),
    child_ids=st.lists(st.lists(IDS.filter(lambda v: v is not None), max_size=3), max_size=8),
    cut=st.integers(0, 10),
)
def test_numbers_are_equal_exactly_when_the_text_is(
    referral_ids: list[str | None],
    linked: list[str | None],
    child_ids: list[list[str]],
    cut: int,
) -> None:
    # the linked values come sorted or not, so that runs of one value are numbered too
    referrals = pa.table(
        {
            "referral_id": _chunked(list(referral_ids), pa.string(), cut),
            "child_ids": _chunked(
                (child_ids + [[]] * len(referral_ids))[: len(referral_ids)],
                pa.list_(pa.string()),
                cut,
            ),
        }
    )
    offers = pa.table(
        {
            "offer_id": [f"O{i}" for i in range(len(linked))],
            "referral_id": _chunked(list(linked), pa.string(), cut),
        }
    )
    children = pa.table({"child_id": pa.array(["R1", "R2"], pa.string())})
    domains = number_keys({"referrals": referrals, "offers": offers, "children": children}, 2)

    domain = domains["referrals"]
    assert domain.known == len(referral_ids)
    texts: list[str | None] = []
    codes: list[int | None] = []
    for (table, field), numbers in domain.codes.items():
        column = {"referrals": referrals, "offers": offers}[table].column(field)
        texts.extend(column.to_pylist())
        codes.extend(numbers.to_pylist())
    assert len(texts) == len(codes)
    for text, code in zip(texts, codes, strict=True):
        assert (text is None) == (code is None)
        if code is not None:
            assert domain.values[code].as_py() == text
            assert (code < domain.known) == (text in referral_ids)
    pairs = {(t, c) for t, c in zip(texts, codes, strict=True) if t is not None}
    assert len({t for t, _ in pairs}) == len({c for _, c in pairs}) == len(pairs)

    counts = Counter(v for v in referral_ids if v is not None)
    repeats = [i for i, v in enumerate(referral_ids) if v is not None and counts[v] > 1]
    assert domain.repeated_rows().to_pylist() == repeats

    # a list of keys is numbered item by item, in order
    items = [item for row in referrals.column("child_ids").to_pylist() for item in row or []]
    numbers = domains["children"].codes[("referrals", "child_ids")].to_pylist()
    assert [domains["children"].values[n].as_py() for n in numbers] == items


def test_a_table_nothing_links_to_has_no_domain() -> None:
    tables = {"outcomes": pa.table({"outcome_id": ["X1", "X1"], "referral_id": ["R1", "R2"]})}
    assert number_keys(tables) == {}


def test_long_runs_of_one_value_are_numbered_as_each_value() -> None:
    referrals = pa.table(
        {"referral_id": ["R2", "R1"], "child_ids": pa.nulls(2, pa.list_(pa.string()))}
    )
    linked = ["R1"] * 50 + [None] * 10 + ["R9"] * 30 + ["R2"] * 40
    offers = pa.table({"offer_id": [f"O{i}" for i in range(len(linked))], "referral_id": linked})
    domain = number_keys({"referrals": referrals, "offers": offers})["referrals"]
    numbers = domain.codes[("offers", "referral_id")].to_pylist()
    assert numbers == [1] * 50 + [None] * 10 + [2] * 30 + [0] * 40
    assert domain.values.to_pylist() == ["R2", "R1", "R9"]


@settings(max_examples=200, deadline=None)
@given(
    keys=st.sets(st.integers(0, 60), max_size=25),
    links=st.lists(st.one_of(st.none(), st.integers(-5, 70)), max_size=40),
    block=st.integers(1, 5),
    in_order=st.booleans(),
)
def test_looking_keys_up_block_by_block_finds_what_one_hash_finds(
    keys: set[int], links: list[int | None], block: int, in_order: bool
) -> None:
    # keys and links in order are looked up a block of keys at a time

    text = pa.array([f"K{k:03d}" for k in sorted(keys)], pa.string())
    if in_order:  # the values sorted, the nulls left where they were
        ordered = iter(sorted(v for v in links if v is not None))
        links = [None if v is None else next(ordered) for v in links]
    values = pa.array([None if v is None else f"K{v:03d}" for v in links], pa.string())
    expected = pc.fill_null(pc.index_in(values, value_set=text), -1).to_pylist()
    saved = numbering._KEY_BLOCK
    numbering._KEY_BLOCK = block
    try:
        [rows] = numbering._rows_of_keys([values], text, keys_in_order=True)
    finally:
        numbering._KEY_BLOCK = saved
    assert rows.tolist() == expected
