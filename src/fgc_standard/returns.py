"""A return in memory: its tables as Arrow, plus where each row came from.

:class:`FGCReturn` is what readers produce, what the validator and the
aggregation functions take, and what writers write. Bulk work happens on the
Arrow tables (hand them to pandas, Polars, DuckDB or Spark as you like); the
pydantic models are for one record at a time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from fgc_standard.chunks import lists_without_hidden_items
from fgc_standard.entities import (
    RECORD_ENTITIES,
    TABLES,
    EntityModel,
    ReturnDocument,
    ReturnHeader,
    spec_for_table,
)
from fgc_standard.report.issue import SourceLocation, column_letter
from fgc_standard.schema.arrow import arrow_schema

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FGCReturn", "TableSource", "VerifiedTable", "empty_table"]


@dataclass(frozen=True)
class TableSource:
    """Where a table's rows came from, to point issues back at the file.

    Attributes:
        file: The file read (for a workbook, the workbook).
        sheet: The sheet name, for a workbook.
        first_row: The file row number (1-based, as an editor shows it) of the
            table's first data row; row ``i`` of the table is at
            ``first_row + i`` unless ``row_numbers`` says otherwise. A header
            row, if the file has one, is row ``first_row - 1``.
        columns: Standard field name -> 0-based column position in the source,
            for cell references.
        headers: Standard field name -> the header as written in the source.
        row_numbers: Explicit file row numbers, one per table row, when rows are
            not contiguous (for example blank rows skipped in a sheet, or blank
            lines and cells of several lines in a CSV file).
    """

    file: str
    sheet: str | None = None
    first_row: int = 2
    columns: Mapping[str, int] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    row_numbers: tuple[int, ...] | None = None

    def row_number(self, index: int) -> int:
        """Return the file row number of table row ``index`` (0-based)."""
        if self.row_numbers is not None:
            if index < len(self.row_numbers):
                return self.row_numbers[index]
            # past the rows read (a table with none, say): the lines after the last one
            last = self.row_numbers[-1] if self.row_numbers else self.first_row - 1
            return last + 1 + index - len(self.row_numbers)
        return self.first_row + index

    def locate(self, index: int, field_name: str | None = None) -> SourceLocation:
        """Return the source location of a row, or of one cell of it."""
        row = self.row_number(index)
        column = self.headers.get(field_name, field_name) if field_name else None
        if self.sheet is None:
            return SourceLocation(file=self.file, row=row, column=column)
        position = self.columns.get(field_name) if field_name else None
        cell = f"{column_letter(position)}{row}" if position is not None else None
        return SourceLocation(file=self.file, row=row, column=column, sheet=self.sheet, cell=cell)


@dataclass(frozen=True)
class VerifiedTable:
    """What a reader saw to be true of a table as it made it, so validation need not look again.

    It speaks of that very table object only (an Arrow table cannot change):
    once a return holds another table under the name, it says nothing.

    Attributes:
        table: The table it speaks of.
        canonical: The text fields each of whose values (or list items) is in
            canonical form: for a code-list field, a code of its list; for any
            other, letters and digits only.
    """

    table: pa.Table
    canonical: frozenset[str] = frozenset()


def empty_table(table: str) -> pa.Table:
    """Return an empty table with the standard schema of ``table``."""
    return arrow_schema(table).empty_table()


@dataclass
class FGCReturn:
    """A record-level return: the header table and one Arrow table per entity.

    Every table of the standard is present (empty if the source had none), with
    exactly the standard's columns and types, in order.

    Attributes:
        tables: Table name -> Arrow table, ``"header"`` included.
        sources: Table name -> where its rows came from, for tables read from files.
        extra_columns: Table name -> columns the source had that the standard
            does not define; kept out of the standard tables.
        verified: Table name -> what its reader saw to be true of it (see
            :meth:`as_read`).
    """

    tables: dict[str, pa.Table]
    sources: dict[str, TableSource] = field(default_factory=dict)
    extra_columns: dict[str, pa.Table] = field(default_factory=dict)
    verified: dict[str, VerifiedTable] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        unknown = set(self.tables) - set(TABLES)
        if unknown:
            raise ValueError(f"unknown tables {sorted(unknown)}; the tables are {list(TABLES)}")
        for name in TABLES:
            expected = arrow_schema(name)
            table = self.tables.get(name)
            if table is None:
                self.tables[name] = expected.empty_table()
            elif not table.schema.equals(expected, check_metadata=False):
                self.tables[name] = _conform(name, table, expected)
            self.tables[name] = lists_without_hidden_items(self.tables[name])
        # keep the standard order: header first, then dependency order
        self.tables = {name: self.tables[name] for name in TABLES}

    # -- construction -------------------------------------------------------------

    @classmethod
    def from_records(
        cls,
        header: ReturnHeader,
        records: Mapping[str, list[EntityModel]] | None = None,
    ) -> FGCReturn:
        """Build a return from models, one list per table.

        Args:
            header: The return header.
            records: Table name -> list of models of that table's entity.
        """
        tables = {"header": _to_table("header", [header])}
        for name, rows in (records or {}).items():
            model = TABLES[name]
            bad = next((r for r in rows if not isinstance(r, model)), None)
            if bad is not None:
                raise TypeError(f"table {name!r} takes {model.__name__}, not {type(bad).__name__}")
            tables[name] = _to_table(name, rows)
        return cls(tables)

    @classmethod
    def from_document(cls, document: ReturnDocument) -> FGCReturn:
        """Build a return from a whole-return JSON document model."""
        records = {m.table_name: list(getattr(document, m.table_name)) for m in RECORD_ENTITIES}
        return cls.from_records(document.header, records)

    # -- access -------------------------------------------------------------------

    @property
    def header(self) -> ReturnHeader:
        """The header as a model.

        Raises:
            pydantic.ValidationError: The header row is missing or invalid.
        """
        rows = self.tables["header"].to_pylist()
        if len(rows) != 1:
            raise ValueError(f"a return has exactly one header row, this one has {len(rows)}")
        return ReturnHeader.model_validate(_drop_nulls(rows[0]), strict=False)

    def table(self, name: str) -> pa.Table:
        """Return one table by name (``"referrals"``, ...)."""
        spec_for_table(name)  # raises a helpful KeyError for unknown names
        return self.tables[name]

    def to_pandas(self, name: str) -> pd.DataFrame:
        """Return one table as a pandas DataFrame (Arrow-backed dtypes)."""
        import pandas as pd

        frame: pd.DataFrame = self.table(name).to_pandas(types_mapper=pd.ArrowDtype)
        return frame

    def records(self, name: str) -> Iterator[EntityModel]:
        """Yield each row of a table as a validated model.

        Raises:
            pydantic.ValidationError: At the first row the model rejects.
        """
        model = TABLES[name]
        for row in self.table(name).to_pylist():
            yield model.model_validate(_drop_nulls(row), strict=False)

    def to_document(self) -> ReturnDocument:
        """Return the whole return as one validated JSON-document model."""
        lists: dict[str, Any] = {
            m.table_name: list(self.records(m.table_name)) for m in RECORD_ENTITIES
        }
        return ReturnDocument(header=self.header, **lists)

    def as_read(self, name: str) -> VerifiedTable | None:
        """What the reader of a table saw to be true of it, if the table is still the one it made.

        A reader has also made every date before year 1 null (and said so):
        only a table not as read needs that looked at again.
        """
        facts = self.verified.get(name)
        if facts is None or facts.table is not self.tables.get(name):
            return None
        return facts

    def canonical_fields(self, name: str) -> frozenset[str]:
        """The text fields of a table whose every value its reader saw in canonical form.

        For a code-list field, each value is a code of its list; for any other,
        letters and digits only. Empty unless the table is as read (:meth:`as_read`).
        """
        facts = self.as_read(name)
        return facts.canonical if facts is not None else frozenset()

    @property
    def num_rows(self) -> dict[str, int]:
        """Table name -> number of rows."""
        return {name: t.num_rows for name, t in self.tables.items()}

    def locate(
        self, table: str, index: int, field_name: str | None = None
    ) -> SourceLocation | None:
        """Return the source location of a row (or cell), if the table was read from a file."""
        source = self.sources.get(table)
        return source.locate(index, field_name) if source else None

    def equals(self, other: FGCReturn) -> bool:
        """Whether both returns hold the same values in every table (sources aside)."""
        return all(self.tables[n].equals(other.tables[n]) for n in TABLES)


def _drop_nulls(row: dict[str, Any]) -> dict[str, Any]:
    # Optional fields default to None or []; a null list means "not given".
    return {k: v for k, v in row.items() if v is not None}


def _to_table(name: str, rows: list[Any]) -> pa.Table:
    schema = arrow_schema(name)
    dumped = [r.model_dump(mode="python") for r in rows]
    # An empty list means "not recorded", as an empty CSV cell does: store both
    # as null so that a return built from models equals the same return read from files.
    list_fields = [f.name for f in schema if pa.types.is_list(f.type)]
    for row in dumped:
        for name_ in list_fields:
            if row.get(name_) == []:
                row[name_] = None
    return pa.Table.from_pylist(dumped, schema=schema)


def _conform(name: str, table: pa.Table, expected: pa.Schema) -> pa.Table:
    """Cast a table to the standard schema: same columns, same order, same types."""
    missing = [f.name for f in expected if f.name not in table.column_names]
    if missing:
        from fgc_standard.errors import SchemaError

        raise SchemaError(f"table {name!r} lacks the columns {', '.join(missing)}")
    columns = [table.column(f.name).cast(f.type) for f in expected]
    return pa.Table.from_arrays(columns, schema=expected)
