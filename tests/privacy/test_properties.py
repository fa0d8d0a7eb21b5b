"""Property tests: pseudonymisation keeps every rule's verdict and every figure."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fgc_standard.aggregate import aggregate_return
from fgc_standard.privacy import pseudonymise
from fgc_standard.returns import FGCReturn
from fgc_standard.testing import returns
from fgc_standard.validate import validate


def _verdicts(ret: FGCReturn) -> list[tuple[str, str | None, str | None, int]]:
    return [(g.code, g.table, g.field, g.count) for g in validate(ret).groups]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ret=returns(min_referrals=0, max_referrals=25),
    key=st.binary(min_size=32, max_size=64),
)
def test_pseudonymised_returns_validate_and_aggregate_the_same(ret: FGCReturn, key: bytes) -> None:
    out = pseudonymise(ret, key)
    assert out.num_rows == ret.num_rows
    assert _verdicts(out) == _verdicts(ret)
    assert aggregate_return(out).equals(aggregate_return(ret))
