"""The HTML report, loaded in headless Chromium: the summary and examples are on the page."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from fgc_standard.returns import FGCReturn
from fgc_standard.validate import validate

pytestmark = pytest.mark.browser


def test_the_report_page_renders_in_a_browser(
    many_errors: FGCReturn,
    tmp_path: Path,
    chromium: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    page = tmp_path / "report.html"
    page.write_text(validate(many_errors).render("html"), encoding="utf-8")
    result = chromium("--dump-dom", page.as_uri(), timeout=90)
    dom = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'id="summary"' in dom
    assert "Not valid" in dom
    assert "FGC0011" in dom
    assert "Code not in a closed code list" in dom
    assert dom.count("is not a code in the closed list") == 10
