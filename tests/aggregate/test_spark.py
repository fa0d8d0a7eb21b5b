"""The same functions on PySpark, with a local session: the figures of every other engine."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

from fgc_standard.aggregate import aggregate_return
from fgc_standard.returns import FGCReturn
from fgc_standard.synth import generate_return

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None:
        pytest.skip("Java is not installed, so a local Spark session cannot start")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("fgc-aggregate-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_matches_pyarrow_on_example(
    spark: Any, example_return: FGCReturn, example_aggregate: pa.Table
) -> None:
    assert aggregate_return(example_return, "pyspark", spark=spark).equals(example_aggregate)


def test_spark_matches_pyarrow_on_synthetic_return(spark: Any) -> None:
    synthetic = generate_return(600, seed=5)
    expected = aggregate_return(synthetic, "pyarrow")
    assert aggregate_return(synthetic, "pyspark", spark=spark).equals(expected)
