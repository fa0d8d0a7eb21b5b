"""A wheel built from the repository works in a fresh virtual environment, away from the source.

The wheel is built, installed (with its dependencies, from pip's cache or the
package index) into a new venv that does not see the project's venv, and run
from a folder with no source tree beside it.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from fgc_standard import STANDARD_VERSION
from fgc_standard.codelists import codelist_names

from ._helpers import stale_report, tree_bytes

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "schema" / STANDARD_VERSION

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Installed:
    wheel: Path
    python: Path
    fgc: Path
    workdir: Path


def _clean_env() -> dict[str, str]:
    """The environment without anything that would point Python back at the source tree."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PYTHONNOUSERSITE"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(args: list[str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        args,
        cwd=cwd,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _build_and_install(base: Path) -> Installed:
    dist = base / "dist"
    # Without isolation when the build backend is already installed (no network needed);
    # otherwise let `build` fetch it into an isolated environment.
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-isolation"]
    _run(
        [sys.executable, "-m", "build", "--wheel", *isolation, "--outdir", str(dist), str(ROOT)],
        cwd=base,
    )
    (wheel,) = dist.glob("fgc_standard-*.whl")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(env_dir)
    python = env_dir / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], cwd=base)
    workdir = base / "elsewhere"
    workdir.mkdir()
    return Installed(wheel, python, env_dir / "bin" / "fgc", workdir)


def test_the_wheel_works_in_a_fresh_venv_away_from_the_source(tmp_path: Path) -> None:
    """One test, so one xdist worker builds while the other runs the rest of the suite
    (pytest-xdist's ``loadgroup`` does not keep a group together under pytest 9)."""
    installed = _build_and_install(tmp_path)
    check_the_code_list_csvs_ship_inside_the_wheel(installed)
    check_the_installed_package_is_the_wheel_not_the_source(installed)
    check_fgc_schema_export_matches_the_committed_schema(installed)
    check_every_code_list_loads(installed)
    check_the_version(installed)
    check_fgc_demo_runs_the_bundled_example(installed)


def check_the_code_list_csvs_ship_inside_the_wheel(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as archive:
        names = set(archive.namelist())
    shipped = {n.rsplit("/", 1)[-1] for n in names if "/codelists/data/" in n}
    assert shipped == {f"{name}.csv" for name in codelist_names()} | {"_index.csv"}
    assert "fgc_standard/py.typed" in names
    assert not any(n.startswith(("tests/", "schema/", "examples/")) for n in names)
    # the bundled example for `fgc demo`, forced into the package (one copy in the repository)
    shipped_example = {
        n.removeprefix("fgc_standard/example_return/")
        for n in names
        if n.startswith("fgc_standard/example_return/")
    }
    assert shipped_example == {p.name for p in (ROOT / "examples" / "return").iterdir()}


def check_the_installed_package_is_the_wheel_not_the_source(installed: Installed) -> None:
    done = _run(
        [
            str(installed.python),
            "-c",
            "import fgc_standard, sys; print(fgc_standard.__file__); print(sys.prefix)",
        ],
        cwd=installed.workdir,
    )
    location, prefix = done.stdout.split()
    assert location.startswith(prefix)
    assert "site-packages" in location
    assert not location.startswith(str(ROOT / "src"))


def check_fgc_schema_export_matches_the_committed_schema(
    installed: Installed,
) -> None:
    out = installed.workdir / "out"
    done = _run([str(installed.fgc), "schema", "export", str(out)], cwd=installed.workdir)
    assert str(out / STANDARD_VERSION) in done.stdout
    report = stale_report(tree_bytes(out / STANDARD_VERSION), tree_bytes(COMMITTED))
    assert not report, report


def check_every_code_list_loads(installed: Installed) -> None:
    code = (
        "from fgc_standard.codelists import codelists\n"
        "for name, cl in codelists().items():\n"
        "    assert len(list(cl.enum)) == len(cl.codes) > 0, name\n"
        "    print(name, len(cl.codes))\n"
    )
    done = _run([str(installed.python), "-c", code], cwd=installed.workdir)
    loaded = dict(line.split() for line in done.stdout.splitlines())
    assert set(loaded) == set(codelist_names())


def check_the_version(installed: Installed) -> None:
    done = _run([str(installed.fgc), "--version"], cwd=installed.workdir)
    assert f"(standard {STANDARD_VERSION})" in done.stdout


def check_fgc_demo_runs_the_bundled_example(installed: Installed) -> None:
    done = _run(
        [str(installed.fgc), "demo", "--synthetic", "20"], cwd=installed.workdir, timeout=600
    )
    assert "(the bundled example)" in done.stdout
    assert "site-packages" in done.stdout  # the example inside the wheel, not the checkout
    assert "LA 938, period 2025-04-01 to 2026-03-31" in done.stdout
    assert "values that could not be read: 0" in done.stdout
    assert "7. A synthetic return with known faults" in done.stdout
