"""Helpers for the core tests: comparing an exported schema folder with the committed one."""

from __future__ import annotations

from pathlib import Path


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` as ``relative posix path -> bytes``."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def stale_report(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """Describe how two file sets differ, and how to fix it; empty when they are equal.

    ``expected`` is what the code generates now; ``actual`` is what is committed.
    """
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(k for k in set(expected) & set(actual) if expected[k] != actual[k])
    if not (missing or extra or changed):
        return ""
    lines = ["schema/1.0.0/ is stale: it differs from what the code generates."]
    lines += [f"  missing (not committed): {k}" for k in missing]
    lines += [f"  extra (no longer generated): {k}" for k in extra]
    lines += [f"  changed: {k}" for k in changed]
    lines.append("Run `make schema` (fgc schema export schema) and commit schema/.")
    return "\n".join(lines)
