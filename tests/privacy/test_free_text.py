"""Free-text detectors and the privacy query FGC4001."""

from __future__ import annotations

import pyarrow as pa
import pytest

from fgc_standard.privacy import looks_like, nhs_number_valid, pseudonymise, text_fields
from fgc_standard.returns import FGCReturn
from fgc_standard.validate import validate

from .conftest import KEY_A

POSITIVES = {
    "Jane Smith": "name",
    "Mary-Jane O'Neil": "name",
    "jane.doe@example.org": "email",
    "943 476 5919": "nhs_number",
    "9434765919": "nhs_number",
    "07700 900123": "phone",
    "+44 20 7946 0018": "phone",
    "(020) 7946-0018": "phone",
    "SW1A 1AA": "postcode",
    "ls1 4ap": "postcode",
    "12 Acacia Avenue": "address",
    "Flat 2, Mill Road": "address",
}
NEGATIVES = [
    "C000123",
    "R2025-0042",
    "X2025-0042-C000123-M12",
    "M2025-0042-1",
    "F0107",
    "C0000001",
    "R0000001",
    "O2025-0042",
    "P2025-0042-1",
    "FGC spreadsheet template",
    "fgc-standard synthetic generator",
    "Liquid Logic",
    "Mosaic 7.2",
    "2025.3",
    "1.0.0",
    "9434765918",  # ten digits, wrong check digit
]


@pytest.mark.parametrize(("value", "kind"), POSITIVES.items())
def test_personal_data_is_recognised(value: str, kind: str) -> None:
    assert looks_like(pa.array([value])).to_pylist() == [kind]


@pytest.mark.parametrize("value", NEGATIVES)
def test_normal_ids_and_software_pass(value: str) -> None:
    assert looks_like(pa.array([value])).to_pylist() == [None]


def test_a_column_keeps_its_positions_and_nulls() -> None:
    values = pa.chunked_array([["C001", None], ["Jane Smith", "R2025-0042", "a@b.co"]])
    assert looks_like(values).to_pylist() == [None, None, "name", None, "email"]
    assert looks_like(pa.array([], pa.string())).to_pylist() == []


def test_nhs_check_digit() -> None:
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert not nhs_number_valid("943476591")
    assert not nhs_number_valid("abcdefghij")


def test_text_fields_are_the_free_text_and_identifier_fields() -> None:
    fields = {(f.table, f.field) for f in text_fields()}
    assert ("header", "software_name") in fields
    assert ("referrals", "child_ids") in fields
    assert ("header", "standard_version") not in fields  # fixed format
    assert ("children", "birth_month") not in fields
    assert ("children", "sex") not in fields  # coded


def test_no_false_positive_on_generated_or_pseudonymised_ids(synthetic: FGCReturn) -> None:
    for ret in (synthetic, pseudonymise(synthetic, KEY_A)):
        assert [g for g in validate(ret).groups if g.code == "FGC4001"] == []


def test_the_query_points_at_the_record_and_item(example: FGCReturn) -> None:
    tables = dict(example.tables)
    referrals = example.table("referrals")
    lists = referrals.column("child_ids").to_pylist()
    lists[1] = ["C003", "07700 900123"]
    field = referrals.schema.field("child_ids")
    tables["referrals"] = referrals.set_column(
        referrals.schema.get_field_index("child_ids"), field, pa.array(lists, field.type)
    )
    header = example.table("header")
    tables["header"] = header.set_column(
        header.schema.get_field_index("software_name"),
        header.schema.field("software_name"),
        pa.array(["Built by Jane Smith"]),
    )
    report = validate(FGCReturn(tables))
    issues = [i for i in report.all_issues() if i.code == "FGC4001"]
    assert {(i.table, i.field, i.severity) for i in issues} == {
        ("referrals", "child_ids", "query"),
        ("header", "software_name", "query"),
    }
    child = next(i for i in issues if i.table == "referrals")
    assert child.key == "R002"
    assert child.value == "07700 900123"
    assert "a UK phone number" in child.message
