"""Property tests: the models and the exported JSON Schemas agree.

(a) Whatever a model accepts dumps to JSON that its exported schema accepts.
(b) JSON that the schema rejects for a wrong code, a wrong type or a missing
    required field, the model rejects too.

Both run for every entity and for the whole-return document, with records
generated from the field specs (kind, code list, bounds, pattern).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import ValidationError

from fgc_standard import STANDARD_VERSION
from fgc_standard.entities import (
    ENTITIES,
    RECORD_ENTITIES,
    EntityModel,
    ReturnDocument,
    ReturnHeader,
    entity_spec,
)
from fgc_standard.schema import json_schema_filename

from ._strategies import NOT_A_CODE, candidate_record, wrong_type_value

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema" / STANDARD_VERSION
PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
ENTITY_IDS = [m.__name__ for m in ENTITIES]


@cache
def validator(model: type[EntityModel]) -> Draft202012Validator:
    """The committed schema of a model, with date and date-time formats checked."""
    schema = json.loads((SCHEMA_DIR / json_schema_filename(model)).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def schema_errors(model: type[EntityModel], document: Any) -> list[str]:
    return [e.message for e in validator(model).iter_errors(document)]


def model_accepts(model: type[EntityModel], document: Any) -> EntityModel | None:
    try:
        return model.model_validate_json(json.dumps(document))
    except ValidationError:
        return None


def _rejected_fields(model: type[EntityModel], document: dict[str, Any]) -> set[str] | None:
    """The top-level fields the model's errors name ("" for a whole-record error), or None."""
    try:
        model.model_validate_json(json.dumps(document))
    except ValidationError as error:
        return {str(e["loc"][0]) if e["loc"] else "" for e in error.errors()}
    return None


@st.composite
def accepted_record(draw: st.DrawFn, model: type[EntityModel]) -> EntityModel:
    """A record the model accepts.

    A candidate the model rejects is repaired by leaving out the optional
    fields it objects to (or, for a whole-record check, optional fields one by
    one); a candidate with a rejected required field is discarded.
    """
    candidate = draw(candidate_record(model))
    document = {k: v for k, v in candidate.items() if v is not None}
    required = {f.name for f in entity_spec(model).fields if f.required}
    while (rejected := _rejected_fields(model, document)) is not None:
        assume(not rejected & required)
        optional = [k for k in document if k not in required]
        named = [k for k in optional if k in rejected]
        assume(optional)
        for key in named or optional[-1:]:
            del document[key]
    record = model_accepts(model, document)
    assert record is not None
    return record


def _dump(record: EntityModel) -> Any:
    return json.loads(record.model_dump_json())


# -- (a) model accepts => schema accepts ---------------------------------------------


@pytest.mark.parametrize("model", ENTITIES, ids=ENTITY_IDS)
def test_what_the_model_accepts_the_schema_accepts(model: type[EntityModel]) -> None:
    @PROPERTY_SETTINGS
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        record = data.draw(accepted_record(model))
        dumped = _dump(record)
        assert schema_errors(model, dumped) == [], dumped
        # mode="json" is the same document as model_dump_json
        assert record.model_dump(mode="json") == dumped

    check()


@st.composite
def accepted_document(draw: st.DrawFn) -> ReturnDocument:
    header = draw(accepted_record(ReturnHeader))
    tables = {
        m.table_name: draw(st.lists(accepted_record(m), min_size=0, max_size=2))
        for m in RECORD_ENTITIES
    }
    return ReturnDocument.model_validate({"header": header, **tables})


@PROPERTY_SETTINGS
@given(document=accepted_document())
def test_what_the_return_model_accepts_the_return_schema_accepts(
    document: ReturnDocument,
) -> None:
    dumped = _dump(document)
    assert schema_errors(ReturnDocument, dumped) == []
    assert ReturnDocument.model_validate_json(json.dumps(dumped)) == document


# -- (b) schema rejects => model rejects ---------------------------------------------

MUTATIONS = ("wrong_code", "wrong_type", "missing_required")


@st.composite
def mutated(draw: st.DrawFn, model: type[EntityModel], how: str) -> tuple[dict[str, Any], str]:
    """A valid record with one field broken in one way; returns it and the field."""
    document = _dump(draw(accepted_record(model)))
    fields = entity_spec(model).fields
    if how == "wrong_code":
        closed = [f for f in fields if f.codelist is not None and f.codelist.closed]
        assume(closed)
        field = draw(st.sampled_from(closed))
        bad = draw(NOT_A_CODE)
        document[field.name] = [bad] if field.is_list else bad
    elif how == "wrong_type":
        field = draw(st.sampled_from(fields))
        document[field.name] = draw(wrong_type_value(field))
    else:
        field = draw(st.sampled_from([f for f in fields if f.required]))
        del document[field.name]
    return document, field.name


@pytest.mark.parametrize("how", MUTATIONS)
@pytest.mark.parametrize("model", ENTITIES, ids=ENTITY_IDS)
def test_what_the_schema_rejects_the_model_rejects(model: type[EntityModel], how: str) -> None:
    if how == "wrong_code" and not any(
        f.codelist is not None and f.codelist.closed for f in entity_spec(model).fields
    ):
        pytest.skip(f"{model.__name__} has no closed-list field")

    @PROPERTY_SETTINGS
    @given(case=mutated(model, how))
    def check(case: tuple[dict[str, Any], str]) -> None:
        document, field = case
        assert schema_errors(model, document), f"the schema accepts a broken {field}"
        with pytest.raises(ValidationError) as caught:
            model.model_validate_json(json.dumps(document))
        assert field in {str(part) for e in caught.value.errors() for part in e["loc"]}

    check()


@pytest.mark.parametrize("how", MUTATIONS)
def test_what_the_return_schema_rejects_the_return_model_rejects(how: str) -> None:
    @PROPERTY_SETTINGS
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        model = data.draw(st.sampled_from(RECORD_ENTITIES))
        document = _dump(data.draw(accepted_document()))
        if how == "wrong_code":
            assume(any(f.codelist and f.codelist.closed for f in entity_spec(model).fields))
        record, _ = data.draw(mutated(model, how))
        rows = document[model.table_name]
        rows.insert(data.draw(st.integers(0, len(rows))), record)
        assert schema_errors(ReturnDocument, document)
        with pytest.raises(ValidationError):
            ReturnDocument.model_validate_json(json.dumps(document))

    check()


def test_a_document_without_header_is_rejected_by_both() -> None:
    assert schema_errors(ReturnDocument, {"children": []})
    with pytest.raises(ValidationError, match="header"):
        ReturnDocument.model_validate_json('{"children": []}')
