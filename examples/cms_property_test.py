"""Property tests a CMS supplier runs against its export, with hypothesis.

Run ``pytest examples/cms_property_test.py``. The strategies of
``fgc_standard.testing`` draw valid records and whole returns, and invalid
records with what is wrong; the properties below say that the export keeps
every valid return intact and that the pre-export check refuses every invalid
record. The guide for suppliers shows this file, and the test suite runs it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

sys.path.insert(0, str(Path(__file__).parent))

from cms_export import export_children  # the supplier's own mapping

from fgc_standard import testing
from fgc_standard.entities import (
    Acceptance,
    Child,
    Conference,
    EntityModel,
    Offer,
    Outcome,
    Plan,
    Referral,
)
from fgc_standard.io import read_csv_package, write_csv_package
from fgc_standard.validate import validate

# --8<-- [start:properties]
# Few examples keep this demonstration fast; in your own CI, raise max_examples.
CMS_GENDER = {"F": "Female", "M": "Male", "U": "Unknown"}


def pre_export_check(model: type[EntityModel], record: dict) -> EntityModel:
    """What the export does with each record before writing it: the models check it."""
    return model.model_validate_json(json.dumps(record))


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ret=testing.returns(max_referrals=8))
def test_export_keeps_every_valid_return_intact(ret, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    write_csv_package(ret, folder)
    read_back = read_csv_package(folder)
    assert read_back.issues == []
    assert read_back.data.equals(ret)
    assert validate(folder).errors == 0


@pytest.mark.parametrize("model", [Child, Referral, Offer, Acceptance, Conference, Plan, Outcome])
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_pre_export_check_refuses_invalid_records(model, data):
    record, defect = data.draw(testing.invalid_records(model))
    with pytest.raises(ValidationError):
        pre_export_check(model, record)
    assert defect.field  # the strategy says what it broke, for the failure message


@settings(max_examples=30, deadline=None)
@given(child=testing.children())
def test_mapping_children_loses_nothing(child):
    assume(child.date_of_birth is not None and child.birth_month is None)
    assume(child.expected_date_of_birth is None)
    person = {  # how the CMS stores this child
        "ref": child.child_id,
        "dob": child.date_of_birth,
        "gender": CMS_GENDER[child.sex],
        "ethnic": child.ethnicity,
        # the standard's empty list means "not recorded", ["NONE"] means no disability
        "needs": [d for d in child.disabilities if d != "NONE"] if child.disabilities else None,
    }
    (exported,) = export_children([person])
    assert exported == child


# --8<-- [end:properties]
