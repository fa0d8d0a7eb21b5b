"""The catalogue: codes, layers, metadata, registration and export."""

from __future__ import annotations

import csv
import io
import re

import pytest

from fgc_standard.report.kinds import CheckKind
from fgc_standard.rules import CATALOGUE, Rule, RuleCatalogue, col
from fgc_standard.rules.export import catalogue_csv, catalogue_markdown, catalogue_text

#: Rules that no edit of typed tables can set off, each tested on its own elsewhere.
WITHOUT_EXAMPLES = {
    "FGC0001": "reader: a value that cannot be read (tests/rules/test_validate.py)",
    "FGC0002": "reader: an impossible date (tests/rules/test_validate.py)",
    "FGC0003": "reader: a missing column is a SchemaError (tests/report/test_cli.py)",
    "FGC0004": "validate_record: an unknown field (tests/rules/test_validate.py)",
    "FGC0005": "reader: an extra column (tests/io_formats/test_messy_input.py)",
    "FGC0006": "XLSX reader: a sheet that is no table (test_json_xlsx_edge_cases.py)",
    "FGC0013": "no code is deprecated in 1.0.0 (tests/rules/test_structure.py)",
    "FGC0016": "needs a second header row (tests/rules/test_structure.py)",
}


def test_every_rule_has_complete_metadata() -> None:
    rules = list(CATALOGUE)
    assert len(rules) >= 40
    for rule in rules:
        assert re.fullmatch(r"FGC\d{4}", rule.code)
        assert rule.severity in ("error", "query")
        assert isinstance(rule.kind, CheckKind)
        assert rule.title, rule.code
        assert rule.message, rule.code
        assert rule.rationale, rule.code
        assert re.fullmatch(r"\d+\.\d+\.\d+", rule.since)


def test_every_runnable_rule_has_an_example_or_a_documented_reason() -> None:
    for rule in CATALOGUE.rules(family="record"):
        assert rule.examples or rule.code in WITHOUT_EXAMPLES, rule.code


def test_every_code_a_reader_or_checker_reports_is_in_the_catalogue() -> None:
    from fgc_standard.aggregate import AGGREGATE_RULES
    from fgc_standard.io import (
        EXTRA_COLUMN_CODE,
        IMPOSSIBLE_DATE_CODE,
        MISSING_COLUMN_CODE,
        UNREADABLE_CODE,
    )
    from fgc_standard.io.xlsx_workbook import UNKNOWN_SHEET_CODE

    readers = (UNREADABLE_CODE, IMPOSSIBLE_DATE_CODE, MISSING_COLUMN_CODE, EXTRA_COLUMN_CODE)
    for code in (*readers, UNKNOWN_SHEET_CODE):
        assert CATALOGUE[code].reported_by, code
    for code, rule in AGGREGATE_RULES.items():
        listed = CATALOGUE[code]
        assert listed.family == "aggregate"
        assert (listed.severity, listed.message) == (rule.severity, rule.message)
    assert "FGC5001" not in {r.code for r in CATALOGUE.rules(family="record")}


def test_record_rules_name_the_fields_they_read() -> None:
    for rule in CATALOGUE:
        if rule.condition is not None:
            assert rule.table is not None
            assert set(rule.condition.fields()) <= set(rule.fields)
            assert rule.field in rule.fields


def test_codes_must_be_well_formed_and_match_their_layer() -> None:
    common = {"severity": "error", "kind": CheckKind.UNUSUAL, "title": "t", "message": "m",
              "rationale": "r"}  # fmt: skip
    with pytest.raises(ValueError, match="four digits"):
        Rule(code="FGC12", layer="record", **common)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="codes start FGC1"):
        Rule(code="FGC2999", layer="record", **common)  # type: ignore[arg-type]


def test_a_module_can_register_rules_but_not_reuse_a_code() -> None:
    catalogue = RuleCatalogue()
    rule = Rule(
        code="FGC4999",
        severity="query",
        kind=CheckKind.POSSIBLE_IDENTIFIER,
        layer="privacy",
        title="t",
        message="m",
        rationale="r",
        table="children",
        condition=col("child_id").eq("X"),
    )
    catalogue.add(rule)
    assert catalogue["FGC4999"] is rule
    assert rule in catalogue.record_rules("children")
    with pytest.raises(ValueError, match="already used"):
        catalogue.add(Rule(**{**rule.__dict__, "title": "other"}))


def test_exports_list_every_rule() -> None:
    codes = [r.code for r in CATALOGUE]
    rows = list(csv.DictReader(io.StringIO(catalogue_csv())))
    assert [r["code"] for r in rows] == codes
    markdown = catalogue_markdown()
    text = catalogue_text()
    for code in codes:
        assert f"`{code}`" in markdown
        assert code in text
