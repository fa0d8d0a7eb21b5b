"""The generated reference pages: up to date, and complete against the models and code lists."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from fgc_standard.codelists import codelists
from fgc_standard.entities import ENTITIES, entity_spec

from .conftest import DOCS

_ROW = re.compile(r"^\|(.*)\|\s*$")


def table_rows(markdown: str, first_header: str) -> list[list[str]]:
    """The body rows of the first Markdown table whose first header cell is ``first_header``."""
    lines = markdown.splitlines()
    for i, line in enumerate(lines):
        cells = _cells(line)
        if cells and cells[0] == first_header:
            rows = []
            for body in lines[i + 2 :]:
                row = _cells(body)
                if row is None:
                    break
                rows.append(row)
            return rows
    raise AssertionError(f"no table starting with {first_header!r}")


def _cells(line: str) -> list[str] | None:
    match = _ROW.match(line)
    if not match:
        return None
    # split on pipes not escaped with a backslash
    parts = re.split(r"(?<!\\)\|", match.group(1))
    return [p.strip().replace("\\|", "|") for p in parts]


def _plain(cell: str) -> str:
    """The text of a cell without links or code spans: [`x`](#x) -> x."""
    cell = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell)
    return cell.replace("`", "").strip()


@pytest.fixture
def quick_generators(build_docs, monkeypatch):
    """The generators without the transcripts, for tests that generate again and again."""
    quick = tuple(g for g in build_docs.GENERATORS if g is not build_docs.transcripts)
    monkeypatch.setattr(build_docs, "GENERATORS", quick)
    return quick


def test_committed_pages_are_up_to_date(build_docs, generated):
    stale = build_docs.stale_pages(DOCS, generated)
    assert stale == [], (
        f"generated pages out of date: {stale}; run `python scripts/build_docs.py` and commit"
    )


def test_check_mode_names_a_stale_page(build_docs, quick_generators, tmp_path, capsys):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    shutil.rmtree(docs / "transcripts")
    page = docs / "reference" / "data-dictionary" / "offers.md"
    page.write_text(page.read_text(encoding="utf-8").replace("offer_made", "made"), "utf-8")
    (docs / "reference" / "codelists" / "sex.md").unlink()
    assert build_docs.main(["--check", "--docs", str(docs)]) == 1
    err = capsys.readouterr().err
    assert "docs/reference/data-dictionary/offers.md" in err
    assert "docs/reference/codelists/sex.md" in err
    assert "python scripts/build_docs.py" in err
    # writing repairs it, and a page no longer generated is removed
    orphan = docs / "reference" / "codelists" / "gone.md"
    orphan.write_text(build_docs.BANNER + "# gone\n", "utf-8")
    build_docs.main(["--docs", str(docs)])
    assert not orphan.exists()
    assert build_docs.main(["--check", "--docs", str(docs)]) == 0


@pytest.mark.parametrize("model", ENTITIES, ids=lambda m: m.__name__)
def test_data_dictionary_lists_every_field(model):
    spec = entity_spec(model)
    text = (DOCS / "reference" / "data-dictionary" / f"{spec.table}.md").read_text("utf-8")
    rows = table_rows(text, "Field")
    listed = [_plain(r[0]) for r in rows]
    assert listed == list(spec.field_names)
    for row, field in zip(rows, spec.fields, strict=True):
        _, type_cell, required, description = row
        type_text = _plain(type_cell)
        assert required == ("yes" if field.required else "no"), field.name
        assert field.kind in type_text or "identifier" in type_text, field.name
        assert ("list of" in type_text) == field.is_list, field.name
        linked = re.findall(r"\(\.\./codelists/(\w+)\.md\)", type_cell)
        assert linked == ([field.codelist_name] if field.codelist_name else []), field.name
        assert ("primary key" in type_text) == field.primary_key, field.name
        if field.foreign_key:
            assert type_text.endswith("→ " + ".".join(field.foreign_key)), field.name
        else:
            assert "→" not in type_text, field.name
        assert description == field.description.replace("\n", " ").strip(), field.name
        # and a details section with the example
        assert f"### `{field.name}` {{ #{field.name} }}" in text
        if field.example is not None:
            example = field.example
            shown = ";".join(map(str, example)) if isinstance(example, list) else str(example)
            assert shown.lower() in text.lower(), field.name


def test_data_dictionary_index_lists_every_entity():
    text = (DOCS / "reference" / "data-dictionary" / "index.md").read_text("utf-8")
    tables = [_plain(r[1]) for r in table_rows(text, "Entity")]
    assert tables == [entity_spec(m).table for m in ENTITIES]


@pytest.mark.parametrize("name", list(codelists()))
def test_code_list_page_lists_every_code(name):
    cl = codelists()[name]
    text = (DOCS / "reference" / "codelists" / f"{name}.md").read_text("utf-8")
    rows = table_rows(text, "Code")
    assert [_plain(r[0]) for r in rows] == [c.code for c in cl]
    for row, code in zip(rows, cl, strict=True):
        assert row[1] == code.label.strip()
        assert row[3] == code.deprecated_since
        for i, attribute in enumerate(cl.attribute_names):
            assert row[4 + i] == code.attributes[attribute]
    assert ("a value outside the list is an **error**" in text) == cl.closed


def test_code_list_index_lists_every_list():
    text = (DOCS / "reference" / "codelists" / "index.md").read_text("utf-8")
    assert [_plain(r[1]) for r in table_rows(text, "List")] == list(codelists())


def test_deprecated_code_is_shown_with_its_version():
    text = (DOCS / "reference" / "codelists" / "la.md").read_text("utf-8")
    (row,) = [r for r in table_rows(text, "Code") if _plain(r[0]) == "909"]
    assert row[3] == "2023-04-01"
    assert "Deprecated codes:** `909`" in text


def test_rules_page_lists_every_rule_when_the_catalogue_exists(build_docs):
    rules = build_docs._load_rules()
    text = (DOCS / "reference" / "rules.md").read_text("utf-8")
    if rules is None:
        assert "not part of this build" in text
        return
    assert [_plain(r[0]) for r in table_rows(text, "Code")] == [r.code for r in rules]
    headings = re.findall(r"^### (FGC\d{4}): ", text, flags=re.MULTILINE)
    assert headings == [r.code for r in sorted(rules, key=_layer_order(build_docs))]
    for rule in rules:
        section = text.split(f"### {rule.code}: ", 1)[1].split("\n### ", 1)[0]
        assert f"**Severity:** {rule.severity}" in section
        assert f"`{rule.kind}`" in section
        assert build_docs.inline_code(rule.message) in section
        assert build_docs.cell(rule.rationale) in section
        assert f"standard {rule.since}" in section


def test_aggregate_page_defines_every_measure(build_docs):
    module = build_docs._measures_module()
    text = (DOCS / "reference" / "aggregate-measures.md").read_text("utf-8")
    if module is None:
        assert "not part of this build" in text
        return
    listed = [_plain(r[0]) for r in table_rows(text, "Measure")]
    assert listed == [m.name for m in module.MEASURES]
    for m in module.MEASURES:
        assert f"{{ #{m.name} }}" in text
        assert m.definition in text


def test_crosswalk_page_lists_every_census_item(build_docs):
    module = build_docs._optional_module("fgc_standard.cin.crosswalk")
    text = (DOCS / "reference" / "cin-crosswalk.md").read_text("utf-8")
    if module is None:
        assert "not part of this build" in text
        return
    items = [_plain(r[0]) for r in table_rows(text, "census item")]
    assert items == [item.element for item in module.CROSSWALK]


@pytest.mark.parametrize(
    "name",
    ["getting-started", "fgc-service", "file-formats", "national-flow", "hand-filled-aggregate"],
)
def test_transcripts_show_every_command_of_the_example_script(build_docs, name):
    sections = build_docs._sections(build_docs.TRANSCRIBED[name])
    assert sections
    for section, lines in sections.items():
        text = (DOCS / "transcripts" / f"{name}-{section}.txt").read_text("utf-8")
        if "not part of this build yet" in text:
            continue
        for line in lines:
            assert f"$ {line.split(' || ')[0]}" in text, line
        assert "Traceback" not in text


def _layer_order(build_docs):
    layers = list(build_docs._LAYER_TITLES)

    def key(rule):
        layer = str(rule.layer)
        return (layers.index(layer) if layer in layers else len(layers), layer, rule.code)

    return key


def test_cell_escapes_pipes_and_newlines(build_docs):
    assert build_docs.cell("a|b\nc") == "a\\|b c"
    assert _cells("| " + build_docs.cell("x|y") + " | z |") == ["x|y", "z"]


def test_pages_are_deterministic(build_docs, quick_generators):
    assert build_docs.generate() == build_docs.generate()


def test_no_page_is_empty_or_lacks_a_title(build_docs, generated):
    for rel, text in generated.items():
        if rel.startswith("transcripts/"):
            assert text.strip(), rel
            continue
        assert text.startswith(build_docs.BANNER), rel
        assert re.search(r"^# \S", text, flags=re.MULTILINE), rel
        assert Path(rel).suffix == ".md"
