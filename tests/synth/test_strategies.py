"""The public hypothesis strategies: valid data is valid, invalid data fails as stated."""

from __future__ import annotations

import json
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import ValidationError

from fgc_standard import testing
from fgc_standard.entities import ENTITIES, RECORD_ENTITIES, TABLES, EntityModel
from fgc_standard.io import read_csv_package, write_csv_package
from fgc_standard.report.kinds import CheckKind
from fgc_standard.returns import FGCReturn
from fgc_standard.synth import FAULT_KINDS, TEXT_ONLY_KINDS

from ._invariants import problems


def _model_failures(ret: FGCReturn) -> list[str]:
    failures = []
    for name in ret.tables:
        for row in ret.table(name).to_pylist():
            try:
                TABLES[name].model_validate(
                    {k: v for k, v in row.items() if v is not None}, strict=False
                )
            except ValidationError as error:
                failures.append(str(error))
    return failures


FAST = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@FAST
@given(testing.returns(max_referrals=8))
def test_every_drawn_return_is_consistent_and_loads_cleanly(ret: FGCReturn) -> None:
    assert problems(ret) == []
    with TemporaryDirectory() as folder:
        write_csv_package(ret, Path(folder))
        result = read_csv_package(folder)
    assert result.issues == []
    assert result.data.equals(ret)
    for name in ret.tables:
        assert sum(1 for _ in result.data.records(name)) == ret.num_rows[name]


@pytest.mark.parametrize("model", RECORD_ENTITIES, ids=lambda m: m.__name__)
def test_drawn_records_are_valid(model: type[EntityModel]) -> None:
    @FAST
    @given(testing.records(model))
    def check(record: EntityModel) -> None:
        assert isinstance(record, model)
        dumped = record.model_dump_json(exclude_none=True)
        assert model.model_validate_json(dumped) == record

    check()


SHORTCUTS = {
    "children": testing.children,
    "referrals": testing.referrals,
    "offers": testing.offers,
    "acceptances": testing.acceptances,
    "conferences": testing.conferences,
    "plans": testing.plans,
    "outcomes": testing.outcomes,
}


@pytest.mark.parametrize("table", SHORTCUTS)
def test_shortcuts_draw_their_entity(table: str) -> None:
    @settings(max_examples=3, deadline=None)
    @given(SHORTCUTS[table]())
    def check(record: EntityModel) -> None:
        assert record.table_name == table

    check()


@pytest.mark.parametrize("model", ENTITIES, ids=lambda m: m.__name__)
def test_invalid_records_fail_for_the_stated_reason(model: type[EntityModel]) -> None:
    @FAST
    @given(testing.invalid_records(model))
    def check(case: tuple[dict[str, object], testing.Defect]) -> None:
        record, defect = case
        with pytest.raises(ValidationError) as caught:
            model.model_validate_json(json.dumps(record))
        places = {str(error["loc"][0]) for error in caught.value.errors() if error["loc"]}
        assert defect.field in places, (str(defect), caught.value)
        if defect.kind == CheckKind.MISSING_REQUIRED:
            assert defect.field not in record

    check()


@pytest.mark.parametrize(
    "kind", [k for k in FAULT_KINDS if k not in TEXT_ONLY_KINDS], ids=lambda k: str(k)
)
def test_returns_with_fault_carry_faults_of_that_kind_only(kind: CheckKind) -> None:
    @settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(testing.returns_with_fault(kind, max_referrals=60))
    def check(pair: tuple[FGCReturn, object]) -> None:
        ret, manifest = pair
        kinds = set(manifest.column("kind").to_pylist())  # type: ignore[attr-defined]
        assert kinds == {str(kind)}
        assert problems(ret) or _model_failures(ret)

    check()


@pytest.mark.parametrize("kind", sorted(TEXT_ONLY_KINDS), ids=str)
def test_text_only_kinds_point_to_the_csv_writer(kind: CheckKind) -> None:
    with pytest.raises(ValueError, match="write_synthetic_return"):
        testing.returns_with_fault(kind)


def test_unknown_kinds_are_refused() -> None:
    with pytest.raises(ValueError, match="not a"):
        testing.returns_with_fault("unlisted_code")
