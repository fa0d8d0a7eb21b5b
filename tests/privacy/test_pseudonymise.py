"""Pseudonymisation: stable, keyed, linking, and the same figures."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from fgc_standard.aggregate import aggregate_return
from fgc_standard.privacy import (
    InvalidKeyError,
    check_key,
    identifier_fields,
    pseudonym,
    pseudonymise,
)
from fgc_standard.returns import FGCReturn
from fgc_standard.validate import validate

from .conftest import KEY_A, KEY_B


def _ids(ret: FGCReturn) -> set[str]:
    found: set[str] = set()
    for f in identifier_fields():
        column = ret.table(f.table).column(f.field).combine_chunks()
        values = column.flatten() if f.is_list else column
        found.update(v for v in values.to_pylist() if v is not None)
    return found


def test_identifier_fields_come_from_the_specs() -> None:
    pairs = {(f.table, f.field): f.namespace for f in identifier_fields()}
    assert pairs[("children", "child_id")] == "children"
    assert pairs[("referrals", "child_ids")] == "children"
    assert pairs[("outcomes", "child_id")] == "children"
    assert pairs[("referrals", "family_id")] == "families"
    assert pairs[("conferences", "reviews_conference_id")] == "conferences"


def test_same_key_same_pseudonyms_different_keys_share_none(synthetic: FGCReturn) -> None:
    first = pseudonymise(synthetic, KEY_A)
    again = pseudonymise(synthetic, KEY_A)
    other = pseudonymise(synthetic, KEY_B)
    assert first.equals(again)
    assert _ids(first).isdisjoint(_ids(other))
    assert _ids(first).isdisjoint(_ids(synthetic))


def test_pseudonyms_are_stable_across_returns(synthetic: FGCReturn) -> None:
    # the same child in another return (another year) gets the same pseudonym
    child = synthetic.table("children").column("child_id")[0].as_py()
    whole = pseudonymise(synthetic, KEY_A).table("children").column("child_id")[0].as_py()
    assert whole == pseudonym(KEY_A, "children", child)
    assert pseudonym(KEY_A, "children", child) != pseudonym(KEY_A, "families", child)


def test_pseudonyms_fit_a_cell_and_show_their_namespace() -> None:
    value = pseudonym(KEY_A, "children", "C000123")
    assert value.startswith("C-")
    assert len(value) == 18
    assert value[2:].isalnum()
    assert value[2:].isupper() or value[2:].isdigit()


def test_rows_counts_and_links_are_kept(synthetic: FGCReturn) -> None:
    out = pseudonymise(synthetic, KEY_A)
    assert out.num_rows == synthetic.num_rows
    assert validate(out).groups == validate(synthetic).groups == []
    for name in ("children", "referrals", "outcomes"):
        before = synthetic.table(name)
        after = out.table(name)
        for column in before.column_names:
            if column not in {f.field for f in identifier_fields() if f.table == name}:
                assert before.column(column).equals(after.column(column)), (name, column)


def test_the_aggregate_return_is_exactly_the_same(synthetic: FGCReturn) -> None:
    assert aggregate_return(pseudonymise(synthetic, KEY_A)).equals(aggregate_return(synthetic))


def test_no_id_leaks_through_compound_keys(example: FGCReturn) -> None:
    out = pseudonymise(example, KEY_A)
    originals = _ids(example)
    for name, table in out.tables.items():
        for column in table.columns:
            if pa.types.is_string(column.type):
                for value in column.to_pylist():
                    assert not any(o in (value or "") for o in originals if len(o) > 3), (
                        name,
                        value,
                    )


def test_dangling_keys_stay_dangling_and_null_lists_stay_null(example: FGCReturn) -> None:
    tables = dict(example.tables)
    referrals = example.table("referrals")
    lists = referrals.column("child_ids").to_pylist()
    lists[0] = ["C001", "C999"]
    tables["referrals"] = referrals.set_column(
        referrals.schema.get_field_index("child_ids"),
        referrals.schema.field("child_ids"),
        pa.array(lists, referrals.schema.field("child_ids").type),
    )
    out = pseudonymise(FGCReturn(tables), KEY_A)
    codes = {g.code for g in validate(out).groups}
    assert "FGC2002" in codes or any(c.startswith("FGC2") for c in codes)
    items = out.table("referrals").column("child_ids")[0].as_py()
    assert items[1] == pseudonym(KEY_A, "children", "C999")
    children = out.table("children").column("disabilities")
    assert (
        pc.sum(pc.is_null(children)).as_py()
        == pc.sum(pc.is_null(example.table("children").column("disabilities"))).as_py()
    )


@pytest.mark.parametrize("key", [b"", b"short", b"x" * 31])
def test_a_short_key_is_a_clear_error(example: FGCReturn, key: bytes) -> None:
    with pytest.raises(InvalidKeyError, match="at least 32"):
        pseudonymise(example, key)


def test_a_key_that_is_not_bytes_is_a_clear_error(example: FGCReturn) -> None:
    with pytest.raises(InvalidKeyError, match="must be bytes"):
        pseudonymise(example, "x" * 40)  # type: ignore[arg-type]


def test_error_messages_never_show_the_key() -> None:
    secret = b"SECRETKEY"
    with pytest.raises(InvalidKeyError) as info:
        check_key(secret)
    assert "SECRETKEY" not in str(info.value)


@pytest.mark.parametrize("key", [KEY_A, KEY_B, bytes(range(200)) * 2], ids=["32", "40", "400"])
def test_the_pseudonym_is_hmac_sha256_in_base32(key: bytes) -> None:
    import base64
    import hashlib
    import hmac

    mac = hmac.new(key, b"children\x00C000123", hashlib.sha256).digest()[:10]
    assert pseudonym(key, "children", "C000123") == "C-" + base64.b32encode(mac).decode()
