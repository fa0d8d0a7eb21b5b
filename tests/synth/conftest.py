"""Fixtures for the synthetic-data tests: small returns written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from fgc_standard.synth import SynthOutput, write_synthetic_return


@pytest.fixture(scope="session")
def faulty_csv(tmp_path_factory: pytest.TempPathFactory) -> SynthOutput:
    """A CSV return of 600 referrals with 10% of them faulted (every kind present)."""
    out = tmp_path_factory.mktemp("synth") / "faulty"
    return write_synthetic_return(out, 600, seed=11, faults=0.1)


@pytest.fixture(scope="session")
def clean_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean CSV return of 1,000 referrals, seed 7, written through the CLI."""
    from fgc_standard.cli.main import main

    out = tmp_path_factory.mktemp("synth") / "clean"
    assert main(["synth", str(out), "--referrals", "1000", "--seed", "7"]) == 0
    return out
