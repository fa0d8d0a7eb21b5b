"""The library's own source: no network, no pickle, no eval of input."""

from __future__ import annotations

import re
from pathlib import Path

import fgc_standard

SOURCE = Path(fgc_standard.__file__).parent

FORBIDDEN = {
    "pickle": re.compile(r"\b(?:c?pickle|dill|marshal|shelve)\b"),
    "eval": re.compile(r"(?<![\w.])eval\("),
    "exec": re.compile(r"(?<![\w.])exec\("),
    "network": re.compile(
        r"^\s*(?:import|from)\s+(?:urllib|requests|httpx|socket|http\.client|ftplib|smtplib|aiohttp)\b",
        re.M,
    ),
    "unsafe yaml": re.compile(r"yaml\.load\((?![^)]*SafeLoader)"),
}


def test_the_source_has_no_pickle_eval_exec_or_network() -> None:
    files = sorted(SOURCE.rglob("*.py"))
    assert len(files) > 30
    found = [
        f"{path.relative_to(SOURCE)}: {name}"
        for path in files
        for name, pattern in FORBIDDEN.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_patterns_would_catch_a_violation() -> None:
    bad = "import socket\nx = eval(text)\nimport pickle\n"
    assert all(FORBIDDEN[name].search(bad) for name in ("network", "eval", "pickle"))
