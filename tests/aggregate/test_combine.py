"""Regional and England tables from LAs' returns, and one LA benchmarked against them."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from fgc_standard.aggregate.combine import ENGLAND_CODE, benchmark, combine_returns
from fgc_standard.aggregate.suppress import publish
from fgc_standard.errors import FGCError

from ._helpers import figure


def _as_la(table: pa.Table, la_number: str, scale: int = 1) -> pa.Table:
    """The same figures under another LA number; counts multiplied by ``scale``."""
    values = table.column("value").to_pylist()
    measures = table.column("measure").to_pylist()
    scaled = [
        v * scale if v is not None and not m.startswith(("median", "share")) else v
        for v, m in zip(values, measures, strict=True)
    ]
    table = table.set_column(0, "la_number", pa.array([la_number] * table.num_rows))
    return table.set_column(6, "value", pa.array(scaled, pa.float64()))


def _area(areas: pa.Table, code: str) -> pa.Table:
    return areas.filter(pc.equal(areas.column("area_code"), code)).drop_columns(
        ["area_level", "area_code", "area_name", "region"]
    )


@pytest.fixture(scope="module")
def areas(example_aggregate: pa.Table) -> pa.Table:
    # West Sussex (938) and Surrey (936) are in the South East; Camden (202) in London
    return combine_returns(
        [
            example_aggregate,
            _as_la(example_aggregate, "936", 3),
            _as_la(example_aggregate, "202", 2),
        ]
    )


def test_regions_and_england_add_up(areas: pa.Table) -> None:
    levels = set(
        zip(
            areas.column("area_level").to_pylist(),
            areas.column("area_code").to_pylist(),
            strict=True,
        )
    )
    assert levels == {
        ("england", ENGLAND_CODE),
        ("region", "South East"),
        ("region", "London"),
        ("local_authority", "938"),
        ("local_authority", "936"),
        ("local_authority", "202"),
    }
    south_east = _area(areas, "South East")
    assert figure(south_east, "families_referred") == 7 + 21
    assert figure(south_east, "children_referred", "sex", "M") == 4 + 12
    assert figure(_area(areas, ENGLAND_CODE), "families_referred") == 7 + 21 + 14


def test_shares_are_recomputed_and_medians_not_invented(areas: pa.Table) -> None:
    england = _area(areas, ENGLAND_CODE)
    # looked after at 12 months: (1 + 3 + 2) of (4 + 12 + 8)
    assert figure(england, "share_m12_looked_after") == 0.25
    assert figure(england, "median_days_referral_to_conference") is None
    # a region of one LA keeps that LA's exact median
    assert figure(_area(areas, "London"), "median_days_referral_to_conference") == 46.5


def test_benchmark_ranks_and_differences(areas: pa.Table) -> None:
    rows = {r["indicator"]: r for r in benchmark(areas, "938").to_pylist()}
    offer = rows["offer_rate"]
    # every LA has the same rates, so the differences are 0 and all share rank 1
    assert offer["la_value"] == pytest.approx(6 / 7, abs=1e-6)
    assert offer["difference_from_england"] == 0
    assert (offer["rank"], offer["ranked_las"]) == (1, 3)
    assert rows["median_days_referral_to_conference"]["england_value"] is None


def test_benchmark_differs_when_rates_differ(example_aggregate: pa.Table) -> None:
    other = _as_la(example_aggregate, "936")
    values = other.column("value").to_pylist()
    names = other.column("measure").to_pylist()
    breakdowns = other.column("breakdown").to_pylist()
    for i, (m, b) in enumerate(zip(names, breakdowns, strict=True)):
        if m == "families_offered" and b == "total":
            values[i] = 7.0  # Surrey offered every family
    other = other.set_column(6, "value", pa.array(values, pa.float64()))
    rows = {
        r["indicator"]: r
        for r in benchmark(combine_returns([example_aggregate, other]), "938").to_pylist()
    }
    offer = rows["offer_rate"]
    assert offer["region_value"] == pytest.approx(13 / 14, abs=1e-6)
    assert offer["difference_from_region"] == pytest.approx(6 / 7 - 13 / 14, abs=1e-6)
    assert offer["rank"] == 2


def test_benchmark_hides_rates_built_on_suppressed_counts(areas: pa.Table) -> None:
    published = publish(areas)
    rows = {r["indicator"]: r for r in benchmark(areas, "938", published).to_pylist()}
    # West Sussex's 4 families taking up the offer are suppressed, so its take-up rate is too
    assert rows["take_up_rate"]["la_value"] is None
    assert rows["offer_rate"]["la_value"] is not None  # 6 of 7: both published


def test_same_la_twice_is_an_error(example_aggregate: pa.Table) -> None:
    with pytest.raises(FGCError, match="give each LA's return once"):
        combine_returns([example_aggregate, example_aggregate])


def test_unknown_la_is_an_error(example_aggregate: pa.Table) -> None:
    with pytest.raises(FGCError, match="not in the la code list"):
        combine_returns([_as_la(example_aggregate, "999")])
