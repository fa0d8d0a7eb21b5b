"""Single-record checks in the models, and the example return as models and as a document."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import ValidationError

from fgc_standard.codelists import codelist
from fgc_standard.entities import (
    ENTITIES,
    Acceptance,
    EntityModel,
    Offer,
    Outcome,
    Plan,
    Referral,
    ReturnDocument,
    entity_spec,
    spec_for_table,
)
from fgc_standard.io import read_csv_package
from fgc_standard.returns import FGCReturn
from fgc_standard.schema import entity_json_schema

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "return"


FORMATS = FormatChecker()
#: What a record needs beyond its required fields' examples to be consistent.
CONTEXT: dict[str, dict[str, Any]] = {"Acceptance": {"decision_date": "2025-05-12"}}


def _rejects(model: type[EntityModel], record: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate_json(json.dumps(record))
    return str(caught.value)


OFFER = {"offer_id": "O1", "referral_id": "R1", "offer_made": True, "offer_date": "2025-05-08"}
ACCEPTANCE = {
    "acceptance_id": "A1",
    "offer_id": "O1",
    "decision": "ACCEPTED",
    "decision_date": "2025-05-12",
}
REFERRAL = {
    "referral_id": "R1",
    "family_id": "F1",
    "child_ids": ["C1"],
    "referral_date": "2025-05-06",
    "referral_source": "SOCIAL_WORKER",
    "stage_at_referral": "PRE_PROCEEDINGS",
    "purpose": "SAFETY_PLAN",
}
PLAN = {"plan_id": "P1", "conference_id": "M1", "plan_date": "2025-06-20", "agreed_by_family": True}
OUTCOME = {
    "outcome_id": "X1",
    "referral_id": "R1",
    "child_id": "C1",
    "time_point": "M12",
    "recorded_date": "2026-04-29",
}


def test_the_valid_bases_are_valid() -> None:
    Offer.model_validate_json(json.dumps(OFFER))
    Acceptance.model_validate_json(json.dumps(ACCEPTANCE))
    Referral.model_validate_json(json.dumps(REFERRAL))
    Plan.model_validate_json(json.dumps(PLAN))
    Outcome.model_validate_json(json.dumps(OUTCOME))


def test_offer_not_made_needs_a_reason() -> None:
    message = _rejects(Offer, {**OFFER, "offer_made": False})
    assert "reason_not_offered" in message
    assert "offer_made is false" in message
    ok = Offer.model_validate_json(
        json.dumps({**OFFER, "offer_made": False, "reason_not_offered": "BEST_INTERESTS"})
    )
    assert ok.reason_not_offered == "BEST_INTERESTS"


def test_offer_made_with_a_reason_not_offered_names_the_value() -> None:
    message = _rejects(Offer, {**OFFER, "reason_not_offered": "RECENT_FGC"})
    assert "reason_not_offered 'RECENT_FGC'" in message
    assert "offer_made is true" in message


def test_decline_reason_on_an_accepted_decision_names_field_and_values() -> None:
    message = _rejects(Acceptance, {**ACCEPTANCE, "decline_reason": "PRIVACY"})
    assert "decline_reason 'PRIVACY'" in message
    assert "'ACCEPTED'" in message
    declined = {**ACCEPTANCE, "decision": "DECLINED", "decline_reason": "PRIVACY"}
    assert Acceptance.model_validate_json(json.dumps(declined)).decline_reason == "PRIVACY"


#: A referral in pre-proceedings that went to court, every census date in order.
PP_REFERRAL = {
    **REFERRAL,
    "pre_proceedings_start_date": "2025-04-22",
    "letter_before_proceedings_date": "2025-04-29",
    "step_decision_date": "2025-09-15",
    "pre_proceedings_outcome": "B",
    "court_application_date": "2025-10-01",
    "letter_initiating_proceedings_date": "2025-10-03",
}


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("pre_proceedings_start_date", "letter_before_proceedings_date"),
        ("step_decision_date", "court_application_date"),
        ("court_application_date", "letter_initiating_proceedings_date"),
    ],
)
def test_referral_dates_out_of_order_name_both_fields_and_values(earlier: str, later: str) -> None:
    Referral.model_validate_json(json.dumps(PP_REFERRAL))
    late = date.fromisoformat(PP_REFERRAL[later]) + timedelta(days=1)
    message = _rejects(Referral, {**PP_REFERRAL, earlier: late.isoformat()})
    for needle in (earlier, later, late.isoformat(), PP_REFERRAL[later]):
        assert needle in message
    same_day_record = {**PP_REFERRAL, earlier: PP_REFERRAL[later]}
    same_day = Referral.model_validate_json(json.dumps(same_day_record))
    assert getattr(same_day, earlier) == getattr(same_day, later)


def test_plan_review_before_plan_date_names_both() -> None:
    message = _rejects(Plan, {**PLAN, "review_due_date": "2025-06-19"})
    assert "plan_date 2025-06-20 is after review_due_date 2025-06-19" in message


@pytest.mark.parametrize(
    ("arrangement", "looked_after"),
    [("PARENTS", True), ("KINSHIP_FOSTER", False), ("RESIDENTIAL", False)],
)
def test_outcome_living_arrangement_must_fit_looked_after(
    arrangement: str, looked_after: bool
) -> None:
    message = _rejects(
        Outcome, {**OUTCOME, "living_arrangement": arrangement, "looked_after": looked_after}
    )
    assert f"living_arrangement '{arrangement}'" in message
    assert f"looked_after {str(looked_after).lower()}" in message
    fitting = {**OUTCOME, "living_arrangement": arrangement, "looked_after": not looked_after}
    Outcome.model_validate_json(json.dumps(fitting))


def test_models_are_strict_about_json_types_and_unknown_fields() -> None:
    assert "offer_made" in _rejects(Offer, {**OFFER, "offer_made": "yes"})
    assert "offer_date" in _rejects(Offer, {**OFFER, "offer_date": "08/05/2025"})
    assert "colour" in _rejects(Offer, {**OFFER, "colour": "blue"})
    assert "offer_id" in _rejects(Offer, {k: v for k, v in OFFER.items() if k != "offer_id"})


@pytest.mark.parametrize("model", ENTITIES, ids=lambda m: m.__name__)
def test_every_field_is_documented_for_practitioners(model: type[EntityModel]) -> None:
    spec = entity_spec(model)
    assert spec.description
    assert spec.row_meaning
    for field in spec.fields:
        assert len(field.description) >= 15, f"{spec.name}.{field.name}"
        assert field.description[0].isupper() or field.description[0].isdigit()
        assert field.example is not None, f"{spec.name}.{field.name} has no example"


@pytest.mark.parametrize("model", ENTITIES, ids=lambda m: m.__name__)
def test_every_field_example_is_valid_for_its_field(model: type[EntityModel]) -> None:
    """Each field's example passes that field's schema (fields checked one at a time,
    because some examples belong to different situations: a decline reason and an
    acceptance cannot both hold)."""
    schema = entity_json_schema(model)
    for field in entity_spec(model).fields:
        prop = {**schema["properties"][field.name], "$defs": schema.get("$defs", {})}
        validator = Draft202012Validator(prop, format_checker=FORMATS)
        errors = [e.message for e in validator.iter_errors(field.example)]
        assert not errors, f"{model.__name__}.{field.name} example {field.example!r}: {errors}"


@pytest.mark.parametrize("model", ENTITIES, ids=lambda m: m.__name__)
def test_the_required_examples_with_a_fitting_context_make_a_valid_record(
    model: type[EntityModel],
) -> None:
    record = {f.name: f.example for f in entity_spec(model).fields if f.required}
    record.update(CONTEXT.get(model.__name__, {}))
    model.model_validate_json(json.dumps(record))


def test_keys_are_declared_as_field_metadata() -> None:
    referral = entity_spec(Referral)
    assert referral.primary_key == "referral_id"
    assert referral.field("child_ids").foreign_key == ("children", "child_id")
    assert referral.field("child_ids").is_list
    outcome = entity_spec(Outcome)
    assert {f.name: f.foreign_key for f in outcome.foreign_keys} == {
        "referral_id": ("referrals", "referral_id"),
        "child_id": ("children", "child_id"),
    }


def test_the_example_loads_and_every_record_is_valid() -> None:
    result = read_csv_package(EXAMPLE)
    assert result.ok
    data = result.data
    assert data.header.la_number == "938"
    for model in ENTITIES[1:]:
        records = list(data.records(model.table_name))
        assert len(records) == data.num_rows[model.table_name]
        assert all(isinstance(r, model) for r in records)


def test_the_example_covers_the_stages_of_the_brief() -> None:
    data = read_csv_package(EXAMPLE).data
    stages = set(data.table("referrals").column("stage_at_referral").to_pylist())
    assert "PRE_PROCEEDINGS" in stages
    assert len(stages) >= 3
    assert set(data.table("offers").column("offer_made").to_pylist()) == {True, False}
    decisions = set(data.table("acceptances").column("decision").to_pylist())
    assert {"ACCEPTED", "DECLINED"} <= decisions
    assert "REVIEW" in data.table("conferences").column("conference_type").to_pylist()


def test_document_round_trip_equals_the_original_tables() -> None:
    data = read_csv_package(EXAMPLE).data
    document = data.to_document()
    text = document.model_dump_json()
    again = ReturnDocument.model_validate_json(text)
    assert again == document
    rebuilt = FGCReturn.from_document(again)
    assert rebuilt.equals(data)
    for name, table in data.tables.items():
        assert rebuilt.tables[name].equals(table), name


def test_document_json_is_strict_too() -> None:
    document = read_csv_package(EXAMPLE).data.to_document()
    raw = json.loads(document.model_dump_json())
    raw["offers"][0]["offer_made"] = "true"
    with pytest.raises(ValidationError, match=r"offers\.0\.offer_made"):
        ReturnDocument.model_validate_json(json.dumps(raw))


#: Every concept of the domain brief, as the field that holds it. A concept dropped
#: or renamed without a note fails here.
BRIEF_CONCEPTS: dict[str, set[str]] = {
    "header": {
        "la_number",
        "period_start",
        "period_end",
        "standard_version",
        "software_name",
        "produced_at",
    },
    "children": {
        "child_id",
        "date_of_birth",
        "birth_month",
        "expected_date_of_birth",
        "sex",
        "ethnicity",
        "disabilities",
    },
    "referrals": {
        "referral_id",
        "family_id",
        "child_ids",
        "referral_date",
        "referral_source",
        "stage_at_referral",
        "purpose",
        "primary_need",
        "letter_before_proceedings_date",
        "pre_proceedings_start_date",
        "step_decision_date",
        "pre_proceedings_outcome",
        "court_application_date",
        "letter_initiating_proceedings_date",
    },
    "offers": {
        "offer_made",
        "offer_date",
        "offered_in_letter_before_proceedings",
        "reason_not_offered",
    },
    "acceptances": {"decision", "decision_date", "decline_reason", "accepted_by"},
    "conferences": {
        "conference_type",
        "status",
        "status_reason",
        "conference_date",
        "independent_coordinator",
        "private_family_time",
        "child_participation",
        "child_advocate",
        "parent_advocate",
        "family_network_attendees",
        "professional_attendees",
        "interpreter_used",
    },
    "plans": {
        "agreed_by_family",
        "accepted_by_la",
        "plan_date",
        "plan_elements",
        "review_due_date",
    },
    "outcomes": {
        "time_point",
        "recorded_date",
        "living_arrangement",
        "looked_after",
        "care_proceedings_issued",
        "care_proceedings_date",
        "legal_order",
        "days_looked_after",
        "case_status",
    },
}


@pytest.mark.parametrize("table", list(BRIEF_CONCEPTS))
def test_every_concept_of_the_brief_has_its_field(table: str) -> None:
    missing = BRIEF_CONCEPTS[table] - set(spec_for_table(table).field_names)
    assert not missing, f"{table} lacks {sorted(missing)}"


def test_the_brief_code_values_are_in_their_lists() -> None:
    assert "BEST_INTERESTS" in codelist("reason_not_offered")
    assert {"ACCEPTED", "DECLINED", "WITHDRAWN", "NO_RESPONSE"} <= codelist("decision").values
    assert {"INITIAL", "REVIEW"} <= codelist("conference_type").values
    assert {"HELD", "CANCELLED", "NOT_HELD"} <= codelist("conference_status").values
    assert {"SGO", "CAO", "CO"} <= codelist("legal_order").values
    assert {"M3", "M6", "M12", "CLOSURE"} <= codelist("outcome_time_point").values
    plan = codelist("plan_element").values
    assert {
        "REMAIN_AT_HOME",
        "LIVE_WITH_NETWORK",
        "NETWORK_SUPPORT",
        "CONTINGENCY_PLAN",
        "RESPITE",
        "CONTACT",
        "RETURN_HOME",
    } <= plan
    living = codelist("living_arrangement")
    family = living.attribute("family_network")
    assert family["PARENTS"] == family["NETWORK_SGO"] == family["KINSHIP_FOSTER"] == "true"
    assert family["NON_FAMILY_FOSTER"] == "false"
