"""Property tests: the round trip holds for any return, whatever its child ids."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fgc_standard.cin import census_items, parse_census_xml
from fgc_standard.cin.xml_export import census_xml_lines
from fgc_standard.returns import FGCReturn
from fgc_standard.testing import returns

#: Characters an id may hold, with the ones XML must escape.
_ALPHABET = "ABCZabcz0189-_/.éßł&<>'\"" + "\u00e9\u4e2d"


def _renamed(ret: FGCReturn, names: list[str]) -> FGCReturn:
    """The return with each child id replaced by the drawn name of the same position."""
    old = ret.table("children").column("child_id").combine_chunks()
    new = pa.array(names[: len(old)], pa.string())

    def mapped(values: pa.Array) -> pa.Array:
        return new.take(pc.index_in(values, value_set=old))

    tables = dict(ret.tables)
    children = tables["children"]
    tables["children"] = children.set_column(0, children.schema.field(0), mapped(old))
    referrals = tables["referrals"]
    index = referrals.schema.get_field_index("child_ids")
    lists = referrals.column(index).combine_chunks()
    rebuilt = pa.ListArray.from_arrays(
        lists.offsets, mapped(lists.values), type=lists.type, mask=lists.is_null()
    )
    tables["referrals"] = referrals.set_column(index, referrals.schema.field(index), rebuilt)
    outcomes = tables["outcomes"]
    index = outcomes.schema.get_field_index("child_id")
    tables["outcomes"] = outcomes.set_column(
        index, outcomes.schema.field(index), mapped(outcomes.column(index).combine_chunks())
    )
    return FGCReturn(tables)


_IDS = st.lists(
    st.text(alphabet=_ALPHABET, min_size=1, max_size=12), min_size=80, max_size=80, unique=True
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ret=returns(min_referrals=1, max_referrals=30), names=_IDS)
def test_export_then_import_gives_the_crosswalked_values(ret: FGCReturn, names: list[str]) -> None:
    if ret.table("children").num_rows > len(names):
        names = names + [f"extra{i}" for i in range(ret.table("children").num_rows)]
    renamed = _renamed(ret, names)
    xml = "\n".join(census_xml_lines(renamed)).encode("utf-8")
    back = parse_census_xml(xml)
    assert back.equals(census_items(renamed).drop(["referral_id"]))
