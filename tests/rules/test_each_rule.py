"""A passing and a failing case for every rule, from the examples declared beside it."""

from __future__ import annotations

import pytest

from fgc_standard.returns import FGCReturn
from fgc_standard.rules import CATALOGUE, Rule
from fgc_standard.validate import validate

from .conftest import apply_changes

WITH_EXAMPLES = [r for r in CATALOGUE if r.examples]


def test_the_example_return_passes_every_rule(example: FGCReturn) -> None:
    report = validate(example)
    assert report.groups == []


@pytest.mark.parametrize("rule", WITH_EXAMPLES, ids=lambda r: r.code)
def test_the_rule_fires_on_its_failing_example(example: FGCReturn, rule: Rule) -> None:
    faulty = apply_changes(example, rule.examples)
    report = validate(faulty)
    hits = [i for i in report.all_issues() if i.code == rule.code]
    assert hits, f"{rule.code} did not fire on {rule.examples}"
    for issue in hits:
        assert issue.severity == rule.severity
        assert issue.message
        assert "?" not in issue.message.replace("?)", ""), issue.message
    first = rule.examples[0]
    if rule.layer == "record" or rule.code.startswith("FGC00"):
        # within-row rules point at the record and field that was edited
        assert any(i.table == first.table and i.key == first.key for i in hits), hits
        if rule.field is not None:
            assert all(i.field == rule.field for i in hits)
