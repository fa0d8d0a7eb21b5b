"""Fixtures shared by every test folder."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "return"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root folder."""
    return ROOT


@pytest.fixture(scope="session")
def example_path() -> Path:
    """The hand-made example return (a CSV data package)."""
    return EXAMPLE


#: Runs headless Chromium with a throwaway profile and the given arguments.
Chromium = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def chromium(tmp_path: Path) -> Chromium:
    """Headless Chromium (Debian's ``chromium``), offline and with a fresh profile.

    Call it with Chromium's own arguments (``"--dump-dom", page.as_uri()``);
    it returns the finished process, stdout the page's DOM for ``--dump-dom``
    and stderr the console log. Skips the test when Chromium is not installed.
    """
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("chromium is not installed")

    def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            *args,
        ]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)

    return run
