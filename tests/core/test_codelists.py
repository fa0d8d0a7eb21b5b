"""Code lists: every list loads into its type, and models enforce closed lists."""

from __future__ import annotations

import csv
import enum
import io
import json
from importlib import resources

import pytest
from pydantic import ValidationError

from fgc_standard.codelists import (
    codelist,
    codelist_csv_bytes,
    codelist_names,
    codelists,
    parse_codelist,
)
from fgc_standard.entities import ENTITIES, TABLES, Child, Plan, entity_spec
from fgc_standard.errors import CodeListError

INDEX_NAMES = [
    row["name"]
    for row in csv.DictReader(
        io.StringIO(
            resources.files("fgc_standard.codelists")
            .joinpath("data", "_index.csv")
            .read_text(encoding="utf-8")
        )
    )
]


def test_index_lists_every_shipped_csv() -> None:
    shipped = {
        p.name.removesuffix(".csv")
        for p in resources.files("fgc_standard.codelists").joinpath("data").iterdir()
        if p.name.endswith(".csv") and p.name != "_index.csv"
    }
    assert set(INDEX_NAMES) == shipped
    assert codelist_names() == tuple(INDEX_NAMES)


@pytest.mark.parametrize("name", INDEX_NAMES)
def test_every_list_loads_into_its_enum(name: str) -> None:
    cl = codelist(name)
    codes = [c.code for c in cl.codes]
    assert codes, f"{name} has no codes"
    assert len(codes) == len(set(codes)), f"{name} repeats a code"
    members = list(cl.enum)
    assert issubclass(cl.enum, enum.StrEnum)
    assert len(members) == len(codes)
    assert [m.value for m in members] == codes
    for code in codes:
        assert cl.enum(code) == code
    assert cl.openness in ("closed", "open")
    assert all(c.label for c in cl.codes), f"{name} has a code without a label"


@pytest.mark.parametrize("name", INDEX_NAMES)
def test_csv_header_starts_with_the_four_standard_columns(name: str) -> None:
    text = codelist_csv_bytes(name).decode("utf-8")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:4] == ["code", "label", "description", "deprecated_since"]


def test_deprecated_la_code_is_kept_with_its_date() -> None:
    la = codelist("la")
    cumbria = la["909"]
    assert cumbria.deprecated
    assert cumbria.deprecated_since == "2023-04-01"
    assert "909" in la.values
    assert "909" not in la.current_values
    assert {"942", "943"} <= la.current_values
    assert la.attribute("region")["909"] == "North West"


def test_dfe_aligned_lists_carry_the_codes_of_the_brief() -> None:
    ethnicity = codelist("ethnicity").values
    assert {"WBRI", "MWBC", "BCRB", "REFU", "NOBT"} <= ethnicity
    assert codelist("sex").values == {"M", "F", "U"}
    assert {"NONE", "AUT", "DDA"} <= codelist("disability").values
    assert {f"N{i}" for i in range(10)} == codelist("primary_need").values
    assert {"BEST_INTERESTS"} <= codelist("reason_not_offered").values
    assert {"PRE_PROCEEDINGS"} <= codelist("stage_at_referral").values


def test_unknown_list_is_a_clear_error() -> None:
    with pytest.raises(CodeListError, match="no code list named 'nope'"):
        codelist("nope")
    assert len(codelists()) == len(INDEX_NAMES)


def test_every_coded_field_names_an_existing_list() -> None:
    coded = 0
    for model in ENTITIES:
        for field in entity_spec(model).fields:
            if field.codelist_name is not None:
                coded += 1
                assert field.codelist_name in INDEX_NAMES, (model.__name__, field.name)
                assert field.kind == "string"
    assert coded >= 20


def _closed_cases() -> list[tuple[str, str, str]]:
    """(table, field, list) for every closed-list field of every entity."""
    cases = []
    for model in ENTITIES:
        for field in entity_spec(model).fields:
            cl = field.codelist
            if cl is not None and cl.closed:
                cases.append((model.table_name, field.name, cl.name))
    return cases


def _valid_record(model: type) -> dict[str, object]:
    return {f.name: f.example for f in entity_spec(model).fields if f.required}


@pytest.mark.parametrize(("table", "field", "list_name"), _closed_cases())
def test_closed_list_value_outside_the_list_is_rejected_by_name(
    table: str, field: str, list_name: str
) -> None:
    model = TABLES[table]
    spec = entity_spec(model).field(field)
    record = _valid_record(model)
    bad = "ZZ_NOT_A_CODE"
    record[field] = [bad] if spec.is_list else bad
    with pytest.raises(ValidationError) as caught:
        model.model_validate_json(json.dumps(record))
    text = str(caught.value)
    assert field in text
    assert repr(bad) in text
    assert f"{list_name}.csv" in text
    assert "code_not_in_list" in {e["type"] for e in caught.value.errors()}


def test_closed_list_message_reads_well() -> None:
    with pytest.raises(ValidationError) as caught:
        Child(child_id="C1", sex="X", ethnicity="WBRI")
    (error,) = caught.value.errors()
    assert error["loc"] == ("sex",)
    assert error["msg"].startswith("sex: 'X' is not a code in the closed list sex.csv")
    assert "M, F, U" in error["msg"]


def test_open_list_accepts_a_local_value() -> None:
    assert not codelist("plan_element").closed
    plan = Plan.model_validate_json(
        '{"plan_id": "P1", "conference_id": "M1", "plan_date": "2025-06-01",'
        ' "agreed_by_family": true, "plan_elements": ["REMAIN_AT_HOME", "LOCAL_THING"]}'
    )
    assert plan.plan_elements == ["REMAIN_AT_HOME", "LOCAL_THING"]


META = {"title": "T", "openness": "closed", "description": "D", "source": "S"}
HEADER = "code,label,description,deprecated_since\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("code,label\nA,Alpha\n", "the header must start with"),
        (HEADER + "A,Alpha,,\nA,Again,,\n", "line 3: bad or repeated code 'A'"),
        (HEADER + " A,Alpha,,\n", "bad or repeated code ' A'"),
        (HEADER + "A,,,\n", "line 2: code 'A' has no label"),
        (HEADER + "A,Alpha\n", "line 2: expected 4 cells"),
        (HEADER + "A,Alpha,,,extra\n", "line 2: expected 4 cells"),
        (HEADER, "has no codes"),
    ],
)
def test_a_malformed_list_is_a_clear_error(text: str, expected: str) -> None:
    with pytest.raises(CodeListError, match="code list 'demo'") as caught:
        parse_codelist("demo", META, text)
    assert expected in str(caught.value)


def test_openness_must_be_closed_or_open() -> None:
    with pytest.raises(CodeListError, match="openness must be closed or open"):
        parse_codelist("demo", {**META, "openness": "ajar"}, HEADER + "A,Alpha,,\n")


def test_a_well_formed_list_parses_with_its_attributes() -> None:
    text = "code,label,description,deprecated_since,group\nA,Alpha,First,,g1\nB,Beta,,1.1.0,g2\n"
    cl = parse_codelist("demo", {**META, "openness": "open"}, text)
    assert not cl.closed
    assert cl.attribute("group") == {"A": "g1", "B": "g2"}
    assert cl.current_values == {"A"}
    assert cl.label("B") == "Beta"
    assert cl.label("Z") == "Z"
    assert cl.get("Z") is None
    with pytest.raises(KeyError, match="not a code in the list 'demo'"):
        cl["Z"]
    with pytest.raises(KeyError, match="no column 'colour'"):
        cl.attribute("colour")
