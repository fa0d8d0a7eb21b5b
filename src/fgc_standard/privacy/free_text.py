"""Spot personal data typed where it does not belong, with vectorised regular expressions.

The standard avoids free text, but some fields take any text (the producing
software's name and version) and identifiers are text too: a child id such as
``Jane Smith`` or ``07700 900123`` is personal data in disguise. The detectors
below look at such values and say what each looks like: an ``email``, an
``nhs_number`` (10 digits with a valid modulus-11 check digit), a UK ``phone``
number, a ``postcode``, an ``address`` (a word then Street, Road, ...) or a
``name`` (two or three capitalised words). They are tuned against the ids the
standard and its users write (``C000123``, ``R2025-0042``,
``X2025-0042-C000123-M12``, pseudonyms) so that those pass.

The patterns are RE2 (Arrow's regular expressions): no look-arounds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.entities import ENTITIES, entity_spec
from fgc_standard.entities._base import IDENTIFIER_PATTERN

__all__ = [
    "DETECTORS",
    "KNOWN_PRODUCTS",
    "Detector",
    "TextField",
    "looks_like",
    "nhs_number_valid",
    "text_fields",
]


@dataclass(frozen=True)
class Detector:
    """One kind of personal data and the pattern that finds it.

    Attributes:
        kind: What the value looks like (``email``, ``phone``, ...).
        label: The words for a message ("an email address").
        pattern: An RE2 pattern searched in the value.
        normalised: Whether to search the value with spaces, dashes, dots and
            brackets removed (numbers are written with all sorts of separators).
    """

    kind: str
    label: str
    pattern: str
    normalised: bool = False


_WORD = r"[A-Z](?:'[A-Z])?[a-z]+(?:-[A-Z][a-z]+)?"

#: The detectors, in the order a value is classified (first match wins).
DETECTORS: tuple[Detector, ...] = (
    Detector(
        "email",
        "an email address",
        r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    ),
    # candidates only: the check digit is tested by nhs_number_valid
    Detector("nhs_number", "an NHS number", r"(?:^|[^0-9])[0-9]{10}(?:$|[^0-9])", normalised=True),
    Detector(
        "phone",
        "a UK phone number",
        r"(?:^|[^0-9+])(?:\+44|0044|0)[1-9][0-9]{8,9}(?:$|[^0-9])",
        normalised=True,
    ),
    Detector(
        "postcode",
        "a postcode",
        r"(?i)\b[a-z]{1,2}[0-9][a-z0-9]? ?[0-9][abd-hjlnp-uw-z]{2}\b",
    ),
    Detector(
        "address",
        "an address",
        r"(?i)\b[a-z']+ (?:street|road|avenue|lane|drive|crescent|gardens|terrace|grove)\b",
    ),
    Detector("name", "a person's name", rf"\b{_WORD} (?:{_WORD} )?{_WORD}\b"),
)

#: Product names that look like a person's name but are software (lower case).
KNOWN_PRODUCTS: tuple[str, ...] = (
    "liquid logic",
    "liquidlogic",
    "mosaic",
    "eclipse",
    "carefirst",
    "care first",
    "microsoft excel",
    "google sheets",
    "libre office",
    "libreoffice",
    "open office",
    "family group conference",
)

_SEPARATORS = r"[ \-.()/]"


@dataclass(frozen=True)
class TextField:
    """A field of the standard whose values are free text or identifiers.

    Attributes:
        table: The table.
        field: The field.
        is_list: Whether the field is a list.
    """

    table: str
    field: str
    is_list: bool


def text_fields() -> tuple[TextField, ...]:
    """The string fields with no code list and no fixed format (identifiers included)."""
    found: list[TextField] = []
    for model in ENTITIES:
        spec = entity_spec(model)
        for f in spec.fields:
            free_format = f.pattern is None or f.pattern == IDENTIFIER_PATTERN
            if f.kind == "string" and f.codelist_name is None and free_format:
                found.append(TextField(spec.table, f.name, f.is_list))
    return tuple(found)


def nhs_number_valid(digits: str) -> bool:
    """Whether ten digits carry a valid NHS modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_hits(normalised: pa.Array, candidates: pa.Array) -> pa.Array:
    digits = pc.extract_regex(normalised, r"(?:^|[^0-9])(?P<d>[0-9]{10})(?:$|[^0-9])")
    numbers = pc.struct_field(digits, [0]).to_pylist()
    valid = [
        bool(c) and n is not None and nhs_number_valid(n)
        for c, n in zip(candidates.to_pylist(), numbers, strict=True)
    ]
    return pa.array(valid, pa.bool_())


def _known_product(values: pa.Array) -> pa.Array:
    lower = pc.utf8_lower(values)
    hit = pa.array([False] * len(values))
    for product in KNOWN_PRODUCTS:
        hit = pc.or_(hit, pc.fill_null(pc.match_substring(lower, product), False))
    return hit


def _kinds(values: pa.Array) -> Iterator[tuple[Detector, pa.Array]]:
    normalised = pc.replace_substring_regex(values, _SEPARATORS, "")
    for detector in DETECTORS:
        target = normalised if detector.normalised else values
        hit = pc.fill_null(pc.match_substring_regex(target, detector.pattern), False)
        if detector.kind == "nhs_number" and pc.any(hit).as_py():
            hit = _nhs_hits(normalised, hit)
        elif detector.kind == "name" and pc.any(hit).as_py():
            hit = pc.and_(hit, pc.invert(_known_product(values)))
        yield detector, hit


#: Values of these shapes match no detector, so they skip them: up to 3 letters then
#: up to 9 digits (``C000123``: too few digits for a phone or NHS number, no space,
#: no letter after the digits), and pseudonyms (``C-`` then 16 base32 characters:
#: upper case, no 0 or 1, one token).
_PLAIN_ID = r"^(?:[A-Za-z]{0,3}[0-9]{1,9}|[A-Z]-[A-Z2-7]{16})$"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _plain(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Which values have a plain id shape (true), or not (false), or are null.

    The first shape of :data:`_PLAIN_ID` (up to 3 letters then 1 to 9 digits,
    the usual id) is told by string kernels, four times faster than the
    pattern, which then runs only on the other values (pseudonyms, say).
    """
    digits = pc.ascii_ltrim(values, characters=_LETTERS)
    length = pc.binary_length(digits)
    letters = pc.subtract(pc.binary_length(values), length)
    usual = pc.and_(
        pc.ascii_is_decimal(digits), pc.and_(pc.less_equal(letters, 3), pc.less_equal(length, 9))
    )
    others = pc.invert(pc.fill_null(usual, True))
    if not pc.any(others).as_py():
        return usual
    if isinstance(values, pa.ChunkedArray):
        values, usual, others = (a.combine_chunks() for a in (values, usual, others))
    shaped = pc.match_substring_regex(values.filter(others), _PLAIN_ID)
    return pc.replace_with_mask(usual, others, shaped)


def _scatter(kinds: pa.Array, positions: pa.Array, length: int) -> pa.Array:
    """Place ``kinds`` at ``positions`` of a null array of ``length``."""
    index = np.full(length, -1, dtype=np.int64)
    index[positions.to_numpy(zero_copy_only=False)] = np.arange(len(positions))
    return kinds.take(pa.array(index, mask=index < 0))


def _classify(distinct: pa.Array) -> pa.Array:
    """The kind of each distinct value (null: looks like nothing)."""
    nothing = pa.nulls(len(distinct), pa.string())
    plain = pc.fill_null(_plain(distinct), True)
    rest = pc.indices_nonzero(pc.invert(plain))
    if len(rest) == 0:
        return nothing
    candidates = distinct.take(rest)
    # one cheap pass first: most values match nothing, and then nothing else runs
    anything = pc.fill_null(
        pc.or_(
            pc.match_substring_regex(
                candidates, "|".join(f"(?:{d.pattern})" for d in DETECTORS if not d.normalised)
            ),
            pc.match_substring_regex(
                pc.replace_substring_regex(candidates, _SEPARATORS, ""),
                "|".join(f"(?:{d.pattern})" for d in DETECTORS if d.normalised),
            ),
        ),
        False,
    )
    if not pc.any(anything).as_py():
        return nothing
    hits = pc.indices_nonzero(anything)
    subset = candidates.take(hits)
    kinds = pa.nulls(len(subset), pa.string())
    for detector, hit in _kinds(subset):
        kinds = pc.if_else(pc.and_(hit, pc.is_null(kinds)), pa.scalar(detector.kind), kinds)
    return _scatter(kinds, rest.take(hits), len(distinct))


def looks_like(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """What each value looks like: a detector's ``kind``, or null if nothing.

    Values of a plain id shape are ruled out first with one pass over the column
    (cheaper than hashing millions of distinct keys); each distinct remaining
    value is then classified once (foreign keys repeat their keys).

    Args:
        values: Text values (nulls allowed).

    Returns:
        A string array of the same length.
    """
    # chunks are kept: the first pass needs no copy of millions of values
    array = values.cast(pa.string())
    nothing = pa.nulls(len(array), pa.string())
    if len(array) == 0:
        return nothing
    # null values stay null; values of a plain id shape match no detector
    unusual = pc.invert(pc.fill_null(_plain(array), True))
    rest = pc.indices_nonzero(unusual)
    if len(rest) == 0:
        return nothing
    # a filter, not a take: Arrow's take would first join every chunk of the column
    others = array.filter(unusual)
    if isinstance(others, pa.ChunkedArray):
        others = others.combine_chunks()
    distinct = pc.unique(others)
    kinds = _classify(distinct)
    if kinds.null_count == len(kinds):
        return nothing
    return _scatter(kinds.take(pc.index_in(others, value_set=distinct)), rest, len(array))
