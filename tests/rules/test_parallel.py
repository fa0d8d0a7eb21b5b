"""Rules and columns run two at a time (large returns) give what one at a time gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from fgc_standard.io import coerce, read_csv_package
from fgc_standard.rules import engine
from fgc_standard.synth import write_synthetic_return
from fgc_standard.validate import validate


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parallel") / "faulty"
    write_synthetic_return(out, 120, seed=11, faults=0.2)
    return out


def _issues(path: Path) -> list[tuple[object, ...]]:
    report = validate(path)
    return [
        (i.code, i.severity, i.table, i.key, i.field, i.value, i.message, str(i.location))
        for i in report.all_issues()
    ]


def test_two_at_a_time_gives_the_same_issues_in_the_same_order(
    faulty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "_WORKERS", 1)
    monkeypatch.setattr(coerce, "_WORKERS", 1)
    one_at_a_time = _issues(faulty)
    one_read = read_csv_package(faulty)
    # a small return, made to take the parallel paths
    monkeypatch.setattr(engine, "_WORKERS", 2)
    monkeypatch.setattr(coerce, "_WORKERS", 2)
    monkeypatch.setattr(engine, "_PARALLEL_ROWS", 0)
    monkeypatch.setattr(coerce, "_PARALLEL_ROWS", 0)
    assert len(one_at_a_time) >= 20
    assert _issues(faulty) == one_at_a_time
    two_read = read_csv_package(faulty)
    assert two_read.data.equals(one_read.data)
    assert two_read.issues == one_read.issues
