"""The HTML summary in headless Chromium: it loads without console errors and shows its charts."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from fgc_standard.cli.main import main

#: The ``chromium`` fixture (tests/conftest.py).
Chromium = Callable[..., subprocess.CompletedProcess[str]]

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture(scope="module")
def page(example_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    assert main(["aggregate", str(example_path), "-o", str(out), "--html", "--no-suppress"]) == 0
    return out / "summary.html"


def test_page_loads_without_console_errors_and_shows_charts(page: Path, chromium: Chromium) -> None:
    result = chromium("--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert dom.count("<svg") >= 10  # funnel, 4 take-up charts, timeliness, outcomes, benchmark
    assert "From referral to plan" in dom
    assert "Beside the region and England" in dom
    console = [
        line for line in result.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line
    ]
    assert console == []
    # no resource from the network: everything is inline
    assert not re.search(r"(src|href)=\"https?://", page.read_text())


def test_screenshot_for_review(page: Path, chromium: Chromium) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "aggregate_summary.png"
    shot.unlink(missing_ok=True)
    result = chromium("--window-size=1200,3200", f"--screenshot={shot}", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.stat().st_size > 20_000  # a blank page is a few kilobytes
