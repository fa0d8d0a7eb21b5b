"""Every engine (PyArrow, pandas, Polars, DuckDB) gives the same issues."""

from __future__ import annotations

from pathlib import Path

import pytest

from fgc_standard.rules import ENGINES
from fgc_standard.synth import write_synthetic_return
from fgc_standard.validate import validate


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("engines") / "faulty"
    write_synthetic_return(out, 150, seed=5, faults=0.2)
    return out


def _issues(path: Path, engine: str) -> list[tuple[object, ...]]:
    report = validate(path, engine=engine)
    return [
        (i.code, i.severity, i.table, i.key, i.field, i.value, i.message, str(i.location))
        for i in report.all_issues()
    ]


@pytest.mark.parametrize("engine", [e for e in ENGINES if e != "pyarrow"])
def test_every_engine_gives_the_same_issues_as_pyarrow(faulty: Path, engine: str) -> None:
    expected = _issues(faulty, "pyarrow")
    assert len(expected) >= 20
    assert _issues(faulty, engine) == expected


def test_an_unknown_engine_is_a_clear_error(faulty: Path) -> None:
    from fgc_standard.errors import FGCError

    with pytest.raises(FGCError, match="unknown engine 'spark'"):
        validate(faulty, engine="spark")
