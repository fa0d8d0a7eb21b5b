"""The tables a validation run works on, in the dataframe library chosen.

Rules never see the library: they ask the context for narwhals lazy frames
and write narwhals expressions, so the same rules run on PyArrow, pandas,
Polars and DuckDB. Before handing tables over, the context adds, in Arrow:

- ``__row``: each row's position in its table, so findings point back at the
  file;
- ``__<field>__nunique`` for each list field: the number of distinct items,
  because list functions are missing from some narwhals backends;
- an *items* table per list field (``__row``, ``item``): the list exploded,
  for code-list and foreign-key checks on each item;
- in *keyed* frames (:meth:`ValidationContext.keyed`), each key field's
  values replaced by their numbers in its key domain (see
  :mod:`fgc_standard.rules.keys`): rules that link tables join on these.
  A large return's keys are numbered in the background from the start, while
  the rules that need no link run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Literal, get_args

import narwhals as nw
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.chunks import lists_without_hidden_items
from fgc_standard.entities import TABLES, spec_for_table
from fgc_standard.errors import FGCError
from fgc_standard.rules.expr import nunique_column
from fgc_standard.rules.keys import KeyDomain, key_column, number_keys

__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "ValidationContext"]

Engine = Literal["pyarrow", "pandas", "polars", "duckdb"]
#: The dataframe libraries the rules run on.
ENGINES: tuple[str, ...] = get_args(Engine)
#: The fastest engine with the core install (see bench/README.md, "Validation").
DEFAULT_ENGINE: Engine = "pyarrow"

ROW = "__row"
ITEM = "item"


class ValidationContext:
    """Tables prepared for the rules, in one dataframe library.

    Args:
        tables: Table name -> Arrow table.
        engine: The dataframe library to run the rules on.
        canonical: Table name -> the text fields whose every value is known
            to be in canonical form (its reader saw them all:
            :meth:`fgc_standard.returns.FGCReturn.canonical_fields`): a code of
            the field's list, or for a field with none, letters and digits
            only. The rules on codes and identifiers then need not look at them.

    Raises:
        FGCError: The engine is unknown or its library is not installed.
    """

    def __init__(
        self,
        tables: Mapping[str, pa.Table],
        engine: str = DEFAULT_ENGINE,
        canonical: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        if engine not in ENGINES:
            raise FGCError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
        self.engine: str = engine
        self._canonical = dict(canonical or {})
        # every list laid out plainly, as the rules pair list_flatten and list_parent_indices
        tables = {name: lists_without_hidden_items(table) for name, table in tables.items()}
        # Arrow's kernels release the GIL: keys are numbered (two domains at a time) in
        # the background, while the tables are prepared two at a time
        workers = min(2, os.cpu_count() or 1)
        self._numbered: Future[dict[str, KeyDomain]] | None = None
        self._to_number = dict(tables)
        self._keys_lock = threading.Lock()
        if workers > 1 and sum(t.num_rows for t in tables.values()) >= _BACKGROUND_ROWS:
            numbering = ThreadPoolExecutor(max_workers=1)
            self._numbered = numbering.submit(number_keys, self._to_number, workers)
            numbering.shutdown(wait=False)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            # one run of row numbers, of which each table takes the start
            longest = max((t.num_rows for t in tables.values()), default=0)
            positions = pa.array(np.arange(longest, dtype=np.int64))
            prepared = list(pool.map(lambda named: _prepare(named, positions), tables.items()))
        self.arrow: dict[str, pa.Table] = dict(zip(tables, prepared, strict=True))
        self._frames: dict[str, nw.LazyFrame[Any]] = {}
        self._keyed: dict[str, nw.LazyFrame[Any]] = {}
        self._items: dict[tuple[str, str], nw.LazyFrame[Any]] = {}
        self._keyed_items: dict[tuple[str, str], nw.LazyFrame[Any]] = {}
        self._linked: dict[tuple[object, ...], nw.LazyFrame[Any]] = {}
        self._duckdb: Any = None
        self._shared: dict[str, nw.LazyFrame[Any]] = {}
        self._lock = threading.Lock()

    @property
    def keys(self) -> dict[str, KeyDomain]:
        """Table name -> the numbered keys of each table that links point at.

        Waits for the numbering if it is still running (a small return's keys
        are numbered when first asked for).
        """
        with self._keys_lock:
            if self._numbered is None:
                done: Future[dict[str, KeyDomain]] = Future()
                done.set_result(number_keys(self._to_number))
                self._numbered = done
        return self._numbered.result()

    def domain_of(self, table: str, field: str) -> KeyDomain | None:
        """The key domain a key field (or a list of keys) is numbered in, if any."""
        return next((d for d in self.keys.values() if (table, field) in d.codes), None)

    def _codes(self, table: str, field: str) -> pa.ChunkedArray | None:
        domain = self.domain_of(table, field)
        return None if domain is None else domain.codes[(table, field)]

    def all_canonical(self, table: str, field: str) -> bool:
        """Whether every value (or item) of a text field is known to be in canonical form.

        For a code-list field: a code of its list; for any other: letters and
        digits only.
        """
        return field in self._canonical.get(table, frozenset())

    def num_rows(self, table: str) -> int:
        """The number of rows of a table."""
        return int(self.arrow[table].num_rows)

    def frame(self, table: str) -> nw.LazyFrame[Any]:
        """The table as a narwhals lazy frame, with ``__row`` and the helper columns."""
        if table not in self._frames:
            self._frames[table] = self._to_native(self.arrow[table])
        return self._frames[table]

    def keyed(self, table: str) -> nw.LazyFrame[Any]:
        """The table with each key field's values replaced by their numbers.

        For rules that join tables on keys: numbers join several times faster
        than text and match exactly when the text does. Use keyed frames on
        both sides of such a join, and the plain :meth:`frame` for key text.
        """
        if table not in self._keyed:
            arrow = self.arrow[table]
            for position, name in enumerate(arrow.column_names):
                codes = self._codes(table, name)
                if codes is not None and not pa.types.is_list(arrow.schema.field(name).type):
                    arrow = arrow.set_column(position, name, codes)
            self._keyed[table] = self._to_native(arrow)
        return self._keyed[table]

    def linked(self, table: str, link: str, columns: Mapping[str, str]) -> nw.LazyFrame[Any] | None:
        """The table with, beside each row, columns of the record its ``link`` points at.

        No join: a key's number is the row of its record, so the columns are
        taken by position, in Arrow, for every engine. A row whose link points
        at no record gets nulls.

        Args:
            table: The table.
            link: A foreign key field of it (not a list).
            columns: Column of the linked table -> the name it takes here.

        Returns:
            The frame, or ``None`` when a key of the linked table is used twice
            (a row could point at two records): join on :meth:`keyed` frames then.
        """
        domain = self.domain_of(table, link)
        if domain is None or domain.repeats:
            return None
        name = (table, link, tuple(columns.items()))
        if name not in self._linked:
            rows = domain.rows(table, link)
            parent = self.arrow[domain.table]
            arrow = self.arrow[table]
            for column, alias in columns.items():
                arrow = arrow.append_column(alias, parent.column(column).take(rows))
            self._linked[name] = self._to_native(arrow)
        return self._linked[name]

    def items(self, table: str, field: str) -> nw.LazyFrame[Any]:
        """A list field exploded: one row per item, with columns ``__row`` and ``item``."""
        if (table, field) not in self._items:
            self._items[(table, field)] = self._to_native(_explode(self.arrow[table], field))
        return self._items[(table, field)]

    def keyed_items(self, table: str, field: str) -> nw.LazyFrame[Any]:
        """A list of keys exploded, with each item's number beside it (``__item__key``)."""
        if (table, field) not in self._keyed_items:
            items = _explode(self.arrow[table], field)
            codes = self._codes(table, field)
            if codes is not None:
                items = items.append_column(key_column(ITEM), codes.combine_chunks())
            self._keyed_items[(table, field)] = self._to_native(items)
        return self._keyed_items[(table, field)]

    def shared(self, name: str, build: Callable[[], nw.LazyFrame[Any]]) -> nw.LazyFrame[Any]:
        """A result several rules use (a join, say), computed once per context.

        Args:
            name: The result's name, unique within the context.
            build: Builds the (lazy) frame; it is collected once and kept.
        """
        with self._lock:  # rules may run in threads: the second one waits, then reuses
            if name not in self._shared:
                self._shared[name] = self.frame_of(self.collect(build()))
            return self._shared[name]

    def frame_of(self, table: pa.Table) -> nw.LazyFrame[Any]:
        """An Arrow table (a small intermediate result) as a frame of this context's engine."""
        return self._to_native(table)

    def collect(self, frame: nw.LazyFrame[Any] | nw.DataFrame[Any]) -> pa.Table:
        """Compute a frame and return it as an Arrow table."""
        if isinstance(frame, nw.LazyFrame):
            frame = frame.collect()
        table: pa.Table = frame.to_arrow()
        return table

    def _to_native(self, table: pa.Table) -> nw.LazyFrame[Any]:
        try:
            native: Any = table
            if self.engine == "pandas":
                import pandas as pd

                native = table.to_pandas(types_mapper=pd.ArrowDtype)
            elif self.engine == "polars":
                import polars as pl

                native = pl.from_arrow(table)
            elif self.engine == "duckdb":
                import duckdb

                if self._duckdb is None:
                    # every relation of one run must share a connection to be joined
                    self._duckdb = duckdb.connect()
                lazy: nw.LazyFrame[Any] = nw.from_native(self._duckdb.from_arrow(table))
                return lazy
            eager: nw.DataFrame[Any] = nw.from_native(native, eager_only=True)
            return eager.lazy()
        except ImportError as error:
            raise FGCError(
                f"the {self.engine} engine needs the {error.name} package; install it or "
                f"use --engine {DEFAULT_ENGINE}"
            ) from None


#: Rows in all from which keys are numbered in a thread of their own.
_BACKGROUND_ROWS = 50_000


def _prepare(named: tuple[str, pa.Table], positions: pa.Array) -> pa.Table:
    name, table = named
    out = table.append_column(ROW, positions.slice(0, table.num_rows))
    fields = {f.name: f for f in spec_for_table(name).fields} if name in TABLES else {}
    for index, column_field in enumerate(table.schema):
        if pa.types.is_list(column_field.type):
            spec = fields.get(column_field.name)
            coded = spec is not None and spec.codelist_name is not None
            counts = _distinct_counts(table.column(index), few_values=coded)
            out = out.append_column(nunique_column(column_field.name), counts)
    return out


def _distinct_counts(column: pa.ChunkedArray, few_values: bool = False) -> pa.Array:
    """The number of distinct items in each list (null for a null list).

    Lists are short (a referral's children, a plan's elements): each item is
    compared with the few before it in its list, with no hashing. A list whose
    items only ever rise (ids listed in order) is skipped: it repeats none.
    Items of ``few_values`` different values (codes) are numbered first, which
    a hash of a handful of values does fast, and then compared as numbers.
    Longer lists are counted by sorting numbered items instead.
    """
    lists = column.combine_chunks()
    lengths = pc.fill_null(pc.list_value_length(lists), 0).to_numpy(zero_copy_only=False)
    longest = int(lengths.max()) if len(lengths) else 0
    if longest > _SHORT_LIST:
        return _distinct_counts_by_sorting(lists)
    items = pc.list_flatten(lists)
    parents = pc.list_parent_indices(lists).to_numpy(zero_copy_only=False)
    if not few_values and len(items) > 1:
        # lists of ids are usually in order, and a list whose items only ever rise
        # repeats none: only the other lists have their items compared
        rising = pc.fill_null(pc.greater(items[1:], items[:-1]), False)
        step = parents[1:] == parents[:-1]
        others = np.unique(parents[1:][step & ~rising.to_numpy(zero_copy_only=False)])
        if len(others) < len(lists) // 2:
            counts = lengths.astype(np.int64)
            if len(others):
                compared = _distinct_counts(pa.chunked_array([lists.take(pa.array(others))]))
                counts[others] = compared.to_numpy(zero_copy_only=False)
            null = pc.is_null(lists).to_numpy(zero_copy_only=False)
            return pa.array(counts, mask=null)
    if few_values:
        # a null item is one more value
        codes = pc.dictionary_encode(items, null_encoding="encode").indices.to_numpy()

        def same(shift: int) -> np.ndarray:
            return np.asarray(codes[shift:] == codes[:-shift])

    else:
        missing = pc.is_null(items).to_numpy(zero_copy_only=False)

        def same(shift: int) -> np.ndarray:
            equal = pc.fill_null(pc.equal(items[shift:], items[:-shift]), False)
            given = equal.to_numpy(zero_copy_only=False)
            return np.asarray(given | (missing[shift:] & missing[:-shift]))

    repeat = np.zeros(len(items), dtype=bool)
    for shift in range(1, longest):
        repeat[shift:] |= same(shift) & (parents[shift:] == parents[:-shift])
    counts = np.bincount(parents[~repeat], minlength=len(lists))
    return pa.array(counts.astype(np.int64), mask=pc.is_null(lists).to_numpy(zero_copy_only=False))


#: Lists up to this long have their distinct items counted by comparisons.
_SHORT_LIST = 8


def _distinct_counts_by_sorting(lists: pa.Array) -> pa.Array:
    """As :func:`_distinct_counts`, for long lists.

    Items are numbered by a dictionary encoding (a null item is one more value),
    then the distinct (row, item number) pairs are counted per row with NumPy.
    """
    parents = pc.list_parent_indices(lists).to_numpy().astype(np.int64)
    encoded = pc.dictionary_encode(pc.list_flatten(lists), null_encoding="encode")
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    width = len(encoded.dictionary) + 1
    # sorted pairs; a pair is new where it differs from the one before
    pairs = np.sort(parents * width + codes)
    first = np.ones(len(pairs), dtype=bool)
    first[1:] = pairs[1:] != pairs[:-1]
    counts = np.bincount(pairs[first] // width, minlength=len(lists))
    # a null list has no count; an empty one has 0 distinct items
    return pa.array(counts.astype(np.int64), mask=pc.is_null(lists).to_numpy(zero_copy_only=False))


def _explode(table: pa.Table, field: str) -> pa.Table:
    lists = table.column(field).combine_chunks()
    rows = table.column(ROW).combine_chunks().take(pc.list_parent_indices(lists))
    return pa.table({ROW: rows, ITEM: pc.list_flatten(lists)})
