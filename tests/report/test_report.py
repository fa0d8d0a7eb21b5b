"""The report: exact counts, bounded examples, and each rendering."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from fgc_standard.report.validation import share_text
from fgc_standard.returns import FGCReturn
from fgc_standard.validate import validate


def test_counts_are_exact_and_examples_bounded(many_errors: FGCReturn) -> None:
    children = many_errors.tables["children"].num_rows
    report = validate(many_errors, example_limit=7)
    (group,) = report.groups
    assert (group.code, group.table, group.field) == ("FGC0011", "children", "ethnicity")
    assert group.count == children
    assert group.records == children
    assert group.share == 1
    assert len(group.examples) == 7
    assert len(list(report.all_issues())) == children
    assert report.errors == children
    assert report.exit_code == 1


def test_share_text_scales_from_a_few_records_to_a_share() -> None:
    assert share_text(3, 7, "referrals") == "3 of 7 referrals (43%)"
    assert share_text(1, 1000, "referrals") == "1 of 1,000 referrals (<1%)"
    assert share_text(400, 1000, "plans") == "400 of 1,000 plans (40%)"


def test_json_has_exact_counts_and_bounded_examples(many_errors: FGCReturn) -> None:
    report = validate(many_errors, example_limit=5)
    document = json.loads(report.render("json"))
    assert document["valid"] is False
    assert document["errors"] == report.errors
    (rule,) = document["rules"]
    assert rule["issues"] == many_errors.tables["children"].num_rows
    assert len(rule["examples"]) == 5
    assert rule["examples"][0]["code"] == "FGC0011"


def test_csv_is_one_issue_a_row_bounded_unless_all(many_errors_folder: Path) -> None:
    report = validate(many_errors_folder, example_limit=4)
    bounded = list(csv.DictReader(io.StringIO(report.render("csv"))))
    everything = list(csv.DictReader(io.StringIO(report.render("csv", all_issues=True))))
    assert len(bounded) == 4
    assert len(everything) == report.errors
    first = everything[0]
    assert first["code"] == "FGC0011"
    assert first["source_file"].endswith("children.csv")
    assert first["source_row"] == "2"
    assert first["value"] == "WBR"


def test_text_says_the_verdict_and_how_many_more(many_errors: FGCReturn) -> None:
    text = validate(many_errors).render("text")
    assert "NOT valid" in text
    assert "FGC0011 children.ethnicity" in text
    assert "... and" in text


def test_html_is_a_short_page_even_with_thousands_of_errors(many_errors: FGCReturn) -> None:
    page = validate(many_errors).render("html", examples=10)
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<tr>") <= 1 + 1 + 1 + 10  # summary head + row, examples head + 10 rows
    assert "Code not in a closed code list" in page
    assert "more. For every issue" in page


def test_a_valid_return_renders_as_valid(example_path: Path) -> None:
    report = validate(example_path)
    assert report.valid
    assert "No issues found." in report.render("text")
    assert "Valid: no errors." in report.render("html")
    assert json.loads(report.render("json"))["rules"] == []
