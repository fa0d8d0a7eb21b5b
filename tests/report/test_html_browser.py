"""The HTML report, loaded in headless Chromium: the summary and examples are on the page."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from fgc_standard.returns import FGCReturn
from fgc_standard.validate import validate

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]


def test_the_report_page_renders_in_a_browser(many_errors: FGCReturn, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(validate(many_errors).render("html"), encoding="utf-8")
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
    dom = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'id="summary"' in dom
    assert "Not valid" in dom
    assert "FGC0011" in dom
    assert "Code not in a closed code list" in dom
    assert dom.count("is not a code in the closed list") == 10
