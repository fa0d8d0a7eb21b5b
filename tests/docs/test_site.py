"""The site builds strictly, works offline and shows the tested examples."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BIN, DOCS, EXAMPLES, ROOT

pytestmark = pytest.mark.slow


def text_of(page: str) -> str:
    """The visible text of an HTML page (highlighted code is split into spans)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": f"{BIN}:/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_every_page_is_built(site):
    for page in DOCS.rglob("*.md"):
        rel = page.relative_to(DOCS)
        folder = rel.parent if rel.name == "index.md" else rel.with_suffix("")
        assert (site / folder / "index.html").is_file(), f"{page} was not built"


def test_no_page_loads_anything_from_the_internet(site):
    remote = re.compile(r"<(?:script|link|img)[^>]+(?:src|href)=\"(?:https?:)?//", re.IGNORECASE)
    pages = site.rglob("*.html")
    offenders = [str(p.relative_to(site)) for p in pages if remote.search(p.read_text("utf-8"))]
    assert offenders == []


def test_guides_show_the_tested_example_code(site):
    page = text_of((site / "getting-started" / "index.html").read_text("utf-8"))
    assert "fgc synth my-return --referrals 200 --seed 1" in page
    assert "--8<--" not in page  # every snippet was included, none left raw
    cms = text_of((site / "guides" / "cms-supplier" / "index.html").read_text("utf-8"))
    source = (EXAMPLES / "cms_export.py").read_text("utf-8")
    assert "def export_children" in source
    assert "export_children" in cms
    assert "test_pre_export_check_refuses_invalid_records" in cms


def test_data_dictionary_and_api_pages_are_rendered(site):
    offers = (site / "reference" / "data-dictionary" / "offers" / "index.html").read_text("utf-8")
    assert 'id="reason_not_offered"' in offers
    api = (site / "api" / "entities" / "index.html").read_text("utf-8")
    assert "fgc_standard.entities.Referral" in api
    assert "doc-class" in api


def test_changelog_and_benchmark_notes_are_included(site):
    page = (site / "changelog" / "index.html").read_text("utf-8")
    assert "Unreleased" in page
    notes = (ROOT / "bench" / "README.md").read_text("utf-8")
    first_section = next(line for line in notes.splitlines() if line.startswith("## "))
    page = text_of((site / "benchmarks" / "index.html").read_text("utf-8"))
    assert first_section.removeprefix("## ").strip() in page


@pytest.mark.browser
def test_getting_started_renders_in_a_browser(site, chromium):
    result = chromium("--dump-dom", (site / "getting-started" / "index.html").as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = text_of(result.stdout)
    assert "Getting started" in dom
    assert 'class="md-nav' in result.stdout  # the material navigation was rendered
    assert "fgc validate my-return" in dom


def test_python_used_for_the_site_is_this_one():
    # the build uses the mkdocs of this environment, so mkdocstrings imports this package
    assert (BIN / "mkdocs").is_file()
    assert Path(sys.executable).parent == BIN
