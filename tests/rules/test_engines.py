"""Every engine (PyArrow, pandas, Polars, DuckDB) gives the same issues."""

from __future__ import annotations

import shutil
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


def test_a_key_used_twice_links_to_the_same_date_on_every_engine(
    tmp_path: Path, example_path: Path
) -> None:
    # referral R001 three times with three dates: the offer is earlier than two of them,
    # and every engine names the same one (the latest)
    folder = Path(shutil.copytree(example_path, tmp_path / "return"))
    lines = (folder / "referrals.csv").read_text(encoding="utf-8").splitlines()
    lines += [
        lines[1].replace("2025-04-10", "2025-04-20"),
        lines[1].replace("2025-04-10", "2025-04-30"),
    ]
    (folder / "referrals.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    messages = {
        engine: [
            i.message for i in validate(folder, engine=engine).all_issues() if i.code == "FGC2010"
        ]
        for engine in ENGINES
    }
    assert messages["pyarrow"] == [
        "offer_date 2025-04-14 is before the referral's referral_date 2025-04-30"
    ]
    assert all(found == messages["pyarrow"] for found in messages.values())
