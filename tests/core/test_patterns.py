"""Every pattern of the standard means the same to every regex engine that applies it.

pydantic (Rust ``regex``) checks records, Python's ``re`` checks JSON Schema
(``jsonschema``) and frictionless Table Schemas, and Arrow (RE2) runs the
bulk rules. A pattern written with ``\\s`` or ``\\d`` would let one engine
accept what another rejects, so the patterns spell out their characters.
"""

from __future__ import annotations

import re
from typing import Annotated

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from pydantic import StringConstraints, TypeAdapter, ValidationError

from fgc_standard.entities import ENTITIES, entity_spec

PATTERNS = sorted(
    {f.pattern for m in ENTITIES for f in entity_spec(m).fields if f.pattern is not None}
)

TRICKY = [
    "A",
    "C000123",
    "A B",
    "Élodie-1",
    "1.0.0",
    "10.2.33",
    "2019-06",
    "2019-13",
    "\u0662\u0660\u0661\u0669-06",  # Arabic-Indic digits
    "\uff11.\uff10.\uff10",  # full-width digits
    "\x1f",
    "A\x1f",
    "\x1cA",
    "A\tB",
    " A",
    "A ",
    "\xa0A",
    "A\xa0",
    "\x85A",
    "A;B",
    "",
]


def _pydantic(pattern: str, value: str) -> bool:
    try:
        TypeAdapter(Annotated[str, StringConstraints(pattern=pattern)]).validate_python(value)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("pattern", PATTERNS)
def test_pydantic_python_and_arrow_agree(pattern: str) -> None:
    arrow = pc.match_substring_regex(pa.array(TRICKY), pattern).to_pylist()
    for value, by_arrow in zip(TRICKY, arrow, strict=True):
        by_pydantic = _pydantic(pattern, value)
        by_python = re.search(pattern, value) is not None
        assert by_pydantic == by_python == by_arrow, (pattern, value)


def test_patterns_do_not_use_engine_dependent_classes() -> None:
    for pattern in PATTERNS:
        for engine_dependent in ("\\s", "\\d", "\\w"):
            assert engine_dependent not in pattern, pattern
