"""Every key of a return numbered once, so that links are checked without hashing text again.

Joining tables on text keys is most of what return rules cost: each join
hashes millions of ids. Instead, each primary key and every foreign key that
points at it (a *key domain*: the referral ids of referrals, offers,
conferences and outcomes, say) are numbered together, once, in Arrow: the
keys are hashed once and every linking value looked up (a run of one value,
as the outcomes of one referral are, is looked up once; keys and links in
order are looked up a cache-sized block of keys at a time). Every value then has
a number (its code), the same in every table, so that:

- two values are equal exactly when their codes are: rules join on codes
  (whole numbers, several times cheaper to join than text) with the same
  results as on the text;
- a code below :attr:`KeyDomain.known` is a key of the domain's table, and a
  code at or above it is a link to no record (FGC2002);
- a key used by two rows of its table has a code counted twice (FGC2001).

The context adds the codes to the tables it hands to the engine (see
:func:`key_column`), so the rules stay narwhals expressions on every engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.chunks import take_values
from fgc_standard.entities import RECORD_ENTITIES, entity_spec

__all__ = ["KeyDomain", "key_column", "number_keys"]


def key_column(field: str) -> str:
    """Name of the helper column holding the code of each value of a key field."""
    return f"__{field}__key"


@dataclass(frozen=True)
class KeyDomain:
    """A primary key and the foreign keys that point at it, numbered together.

    Attributes:
        table: The table whose primary key this is.
        field: The primary key field.
        known: Codes below this are values of the primary key (a key's code is
            the row of its first record); codes from it up are values that
            are no key of the table.
        values: The text of each code (code ``i`` is ``values[i]``).
        codes: (table, field) -> the code of each value (int32, null where
            the value is null); for a list field, of each item in order.
    """

    table: str
    field: str
    known: int
    values: pa.Array
    codes: Mapping[tuple[str, str], pa.ChunkedArray]

    @cached_property
    def repeats(self) -> bool:
        """Whether a key of the table is used by more than one row (FGC2001)."""
        return len(self.repeated_rows()) > 0

    def rows(self, table: str, field: str) -> pa.Array:
        """The row of the table each value of ``table.field`` points at (null: none)."""
        codes = self.codes[(table, field)].combine_chunks()
        return pc.if_else(pc.less(codes, self.known), codes, pa.scalar(None, pa.int32()))

    def numbers(self, table: str, field: str) -> np.ndarray:
        """The codes of ``table.field`` as a read-only NumPy array (int32), -1 where null."""
        return _numpy_codes(self.codes[(table, field)])

    def repeated_rows(self) -> pa.Array:
        """Positions of the rows of the table whose key is also another row's (sorted)."""
        codes = self.numbers(self.table, self.field)
        given = codes >= 0
        counts = np.bincount(codes[given], minlength=len(codes))
        repeated = np.zeros(len(codes), dtype=bool)
        repeated[given] = counts[codes[given]] > 1
        return pa.array(np.flatnonzero(repeated), pa.int64())


def _numpy_codes(codes: pa.ChunkedArray | pa.Array) -> np.ndarray:
    # a null code (a null value) as -1
    filled = pc.fill_null(codes, -1)
    if isinstance(filled, pa.ChunkedArray):
        filled = filled.combine_chunks()
    # Arrow's own memory, no copy: read only
    numbers: np.ndarray = filled.to_numpy(zero_copy_only=False)
    return numbers


def _runs(column: pa.ChunkedArray) -> tuple[pa.Array, np.ndarray | None]:
    """The column's values with repeats in a row taken once, and each one's run length.

    Foreign keys are usually exported grouped (the outcomes of one referral
    together), so numbering one value per run hashes several times fewer
    values. ``None`` lengths: hardly any runs, every value is its own.
    """
    if len(column) < 2:
        return column.combine_chunks(), None
    # on the chunks as they are: only the first value of each run is copied out
    same = pc.fill_null(pc.equal(column[1:], column[:-1]), False)  # a null starts a run
    starts = np.flatnonzero(~np.concatenate(([False], same.to_numpy(zero_copy_only=False))))
    if len(starts) > len(column) // 2:
        return column.combine_chunks(), None
    lengths = np.diff(np.append(starts, len(column)))
    return take_values(column, starts), lengths


def _domain(tables: Mapping[str, pa.Table], table: str, field: str) -> KeyDomain | None:
    """Number the values of ``table.field`` and of every foreign key pointing at it.

    A value's number is the row of the first record with that key; a value
    that is no key of the table gets a number after the table's last row.
    Arrow's ``index_in`` hashes the keys once and looks every value up.
    """
    members: list[tuple[str, str, pa.ChunkedArray]] = []
    for model in RECORD_ENTITIES:
        spec = entity_spec(model)
        if spec.table not in tables:
            continue
        for fk in spec.foreign_keys:
            if fk.foreign_key != (table, field):
                continue
            column = tables[spec.table].column(fk.name)
            if fk.is_list:
                column = pa.chunked_array(
                    [pc.list_flatten(chunk) for chunk in column.chunks], column.type.value_type
                )
            members.append((spec.table, fk.name, column))
    if not members:
        return None  # nothing links here: a table's own repeats are found otherwise
    keys = tables[table].column(field).combine_chunks()
    # keys exported in order (the usual case) are all different: each is its own row's
    increasing = keys.null_count == 0 and (
        len(keys) < 2 or bool(pc.all(pc.greater(keys[1:], keys[:-1])).as_py())
    )
    runs = [_runs(column) for _, _, column in members]
    looked_up = [values for values, _ in runs]
    if not increasing:
        looked_up.insert(0, keys)  # repeated keys take the number of their first row
    parts = _rows_of_keys(looked_up, keys, increasing)
    key_codes = np.arange(len(keys)) if increasing else parts.pop(0)
    # values that are no key (dangling links, rare) are numbered among themselves
    strays = [
        values.filter(pc.and_(pc.is_valid(values), pa.array(part < 0)))
        for values, part in zip((v for v, _ in runs), parts, strict=True)
    ]
    extra = pc.unique(pa.chunked_array(strays, pa.string()))
    codes: dict[tuple[str, str], pa.ChunkedArray] = {(table, field): _code_array(key_codes)}
    for (member_table, member_field, _), (values, lengths), part in zip(
        members, runs, parts, strict=True
    ):
        missing = (part < 0) & pc.is_valid(values).to_numpy(zero_copy_only=False)
        if missing.any():
            stray = pc.index_in(values.filter(pa.array(missing)), value_set=extra).to_numpy()
            part = part.copy()
            part[missing] = len(keys) + stray
        if lengths is not None:
            part = np.repeat(part, lengths)
        codes[(member_table, member_field)] = _code_array(part)
    texts = pa.concat_arrays([keys.cast(pa.string()), extra.cast(pa.string())])
    return KeyDomain(table, field, len(keys), texts, codes)


def _rows_of_keys(arrays: list[pa.Array], keys: pa.Array, keys_in_order: bool) -> list[np.ndarray]:
    """For each array, the row of ``keys`` holding each value (-1: none, or a null).

    Hashing millions of keys at once misses the processor's caches on every
    look-up. When the keys only ever increase and an array's values never
    decrease (keys and links exported in order, the usual case), each stretch
    of values is looked up among the keys of its own range only, a table small
    enough to stay in cache: about three times faster. Other arrays are looked
    up together in one hash of the keys.
    """
    found: list[np.ndarray | None] = [None] * len(arrays)
    if keys_in_order and len(keys) > _KEY_BLOCK:
        for i, values in enumerate(arrays):
            found[i] = _rows_in_blocks(values, keys)
    rest = [i for i, rows in enumerate(found) if rows is None]
    if rest:
        hashed = pc.index_in(
            pa.chunked_array([arrays[i] for i in rest], pa.string()),
            value_set=keys,
            skip_nulls=True,
        )
        hashed = pc.fill_null(hashed, -1).combine_chunks().to_numpy(zero_copy_only=False)
        cuts = np.cumsum([len(arrays[i]) for i in rest])[:-1]
        for i, rows in zip(rest, np.split(hashed, cuts), strict=True):
            found[i] = rows
    return [rows for rows in found if rows is not None]


#: Keys per block of a look-up in order: a hash of this many stays in cache.
_KEY_BLOCK = 1 << 15


def _rows_in_blocks(values: pa.Array, keys: pa.Array) -> np.ndarray | None:
    """:func:`_rows_of_keys` for values that never decrease, block of keys by block.

    ``None`` when the (non-null) values do decrease somewhere.
    """
    given = pc.is_valid(values).to_numpy(zero_copy_only=False)
    present = values.filter(pa.array(given)) if values.null_count else values
    if len(present) > 1 and not pc.all(pc.greater_equal(present[1:], present[:-1])).as_py():
        return None
    starts = range(0, len(keys), _KEY_BLOCK)
    # where each block's values begin: the first value not below the block's first key
    cuts = [0]
    for start in starts[1:]:
        first_key = keys[start].as_py()
        low, high = cuts[-1], len(present)
        while low < high:
            middle = (low + high) // 2
            if present[middle].as_py() < first_key:
                low = middle + 1
            else:
                high = middle
        cuts.append(low)
    cuts.append(len(present))
    rows = np.full(len(present), -1, dtype=np.int64)
    for block, start in enumerate(starts):
        begin, end = cuts[block], cuts[block + 1]
        if begin == end:
            continue
        block_keys = keys.slice(start, _KEY_BLOCK)
        hits = pc.index_in(present.slice(begin, end - begin), value_set=block_keys)
        hits = pc.fill_null(hits, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        rows[begin:end] = np.where(hits >= 0, hits + start, -1)
    if not values.null_count:
        return rows
    out = np.full(len(values), -1, dtype=np.int64)
    out[given] = rows
    return out


def _code_array(codes: np.ndarray) -> pa.ChunkedArray:
    """Numbers as an Arrow column, -1 (a null value) as null."""
    return pa.chunked_array([pa.array(codes.astype(np.int32), mask=codes < 0)], pa.int32())


def number_keys(tables: Mapping[str, pa.Table], workers: int = 1) -> dict[str, KeyDomain]:
    """Number the keys of every table that another table links to.

    Args:
        tables: Table name -> Arrow table with the standard's columns.
        workers: Domains numbered at once (Arrow's hashing releases the GIL).

    Returns:
        Table name -> its key domain, for each table some link points at.
    """
    wanted = []
    for model in RECORD_ENTITIES:
        spec = entity_spec(model)
        if spec.primary_key is not None and spec.table in tables:
            wanted.append((spec.table, spec.primary_key))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        found = list(pool.map(lambda key: _domain(tables, *key), wanted))
    return {domain.table: domain for domain in found if domain is not None}
