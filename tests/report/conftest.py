"""Fixtures for the report tests: a return with many errors of one rule."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from fgc_standard.io import write_csv_package
from fgc_standard.returns import FGCReturn
from fgc_standard.synth import generate_return


def _many_errors() -> FGCReturn:
    data = generate_return(400, 3)
    children = data.tables["children"]
    index = children.schema.get_field_index("ethnicity")
    wrong = pa.array(["WBR"] * children.num_rows, pa.string())
    tables = dict(data.tables)
    tables["children"] = children.set_column(index, "ethnicity", wrong)
    return FGCReturn(tables)


@pytest.fixture(scope="session")
def many_errors() -> FGCReturn:
    """A synthetic return whose every child has a wrong ethnicity code."""
    return _many_errors()


@pytest.fixture(scope="session")
def many_errors_folder(tmp_path_factory: pytest.TempPathFactory, many_errors: FGCReturn) -> Path:
    """The same return written as a CSV data package."""
    folder = tmp_path_factory.mktemp("report") / "many"
    write_csv_package(many_errors, folder)
    return folder
