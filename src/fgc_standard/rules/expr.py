"""A tiny expression language for record rules: one definition, two evaluators.

A record rule says *when a row is wrong* as an expression over the row's
fields, built with :func:`col` and :func:`lit`::

    col("offer_made").eq(False) & col("reason_not_offered").is_null()

The same expression is evaluated two ways:

- :meth:`Pred.to_narwhals` builds a `narwhals` column expression, so bulk
  validation runs vectorised on pandas, PyArrow, Polars or DuckDB tables;
- :meth:`Pred.evaluate` checks one Python record (a dict or a model), which is
  what the single-record API and the pydantic models' validators use. It costs
  microseconds, so the models stay fast.

Predicates are two-valued on purpose: a comparison with an empty value is
*false* (not null), in both evaluators, so a rule never fires because a value
is missing (missing values are the structure layer's business) and both
evaluators agree on every row.

List fields support :meth:`Value.has_duplicates`, :meth:`Value.contains` and
:meth:`Value.length`. Not every dataframe library has list functions in
narwhals, so the engine prepares a helper column ``__<field>__nunique`` (the
number of distinct items) in Arrow before handing tables over.
"""

from __future__ import annotations

import datetime as dt
import operator
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import narwhals as nw

__all__ = ["Pred", "Value", "col", "lit", "nunique_column"]

Record = Mapping[str, Any]


def nunique_column(field: str) -> str:
    """Name of the helper column holding the number of distinct items of a list field."""
    return f"__{field}__nunique"


class Value(ABC):
    """Something with a value per row: a column, a literal or a derived value."""

    @abstractmethod
    def to_narwhals(self) -> nw.Expr:
        """Return the narwhals expression of this value."""

    @abstractmethod
    def evaluate(self, record: Record) -> Any:
        """Return the value for one record (``None`` when empty)."""

    @abstractmethod
    def fields(self) -> tuple[str, ...]:
        """The fields this value reads."""

    # -- comparisons: false when either side is empty ----------------------------

    def eq(self, other: Any) -> Pred:
        """Equal (false if either side is empty)."""
        return _Compare("==", self, _as_value(other))

    def ne(self, other: Any) -> Pred:
        """Not equal (false if either side is empty)."""
        return _Compare("!=", self, _as_value(other))

    def lt(self, other: Any) -> Pred:
        """Less than, or earlier than for dates."""
        return _Compare("<", self, _as_value(other))

    def le(self, other: Any) -> Pred:
        """Less than or equal."""
        return _Compare("<=", self, _as_value(other))

    def gt(self, other: Any) -> Pred:
        """Greater than, or later than for dates."""
        return _Compare(">", self, _as_value(other))

    def ge(self, other: Any) -> Pred:
        """Greater than or equal."""
        return _Compare(">=", self, _as_value(other))

    def is_null(self) -> Pred:
        """The value is empty."""
        return _IsNull(self, negate=False)

    def is_not_null(self) -> Pred:
        """The value is given."""
        return _IsNull(self, negate=True)

    def is_in(self, values: Iterable[Any]) -> Pred:
        """The value is one of ``values`` (false when empty)."""
        return _IsIn(self, tuple(values))

    def not_in(self, values: Iterable[Any]) -> Pred:
        """The value is given and is none of ``values``."""
        return self.is_not_null() & ~self.is_in(values)

    def format_date(self, fmt: str) -> Value:
        """The date formatted with ``strftime`` directives (``%Y-%m``)."""
        return _DateFormat(self, fmt)

    # -- list fields --------------------------------------------------------------

    def length(self) -> Value:
        """The number of items of a list (empty when the list is)."""
        return _ListLength(self)

    def contains(self, item: Any) -> Pred:
        """The list holds ``item``."""
        return _ListContains(self, item)

    def has_duplicates(self) -> Pred:
        """The list holds an item more than once."""
        return _HasDuplicates(self)


class Pred(ABC):
    """A condition on one row: true or false, never empty."""

    @abstractmethod
    def to_narwhals(self) -> nw.Expr:
        """Return a boolean narwhals expression with no nulls."""

    @abstractmethod
    def evaluate(self, record: Record) -> bool:
        """Whether the condition holds for one record."""

    @abstractmethod
    def fields(self) -> tuple[str, ...]:
        """The fields this condition reads."""

    def given_fields(self) -> tuple[str, ...]:
        """Fields that must all have a value for the condition to hold.

        Rows where one is empty can be left out before the condition is
        evaluated (a comparison with an empty value is false).
        """
        return ()

    def __and__(self, other: Pred) -> Pred:
        return _Logic("and", (self, other))

    def __or__(self, other: Pred) -> Pred:
        return _Logic("or", (self, other))

    def __invert__(self) -> Pred:
        return _Not(self)


def col(name: str) -> Value:
    """A field of the record."""
    return _Column(name)


def lit(value: Any) -> Value:
    """A constant."""
    return _Literal(value)


def _as_value(value: Any) -> Value:
    return value if isinstance(value, Value) else _Literal(value)


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


# -- values -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Column(Value):
    name: str

    def to_narwhals(self) -> nw.Expr:
        import narwhals as nw

        return nw.col(self.name)

    def evaluate(self, record: Record) -> Any:
        if type(record) is dict:  # the fast path: models hand over their __dict__
            return record.get(self.name)
        if isinstance(record, Mapping):
            return record.get(self.name)
        return getattr(record, self.name, None)

    def fields(self) -> tuple[str, ...]:
        return (self.name,)


@dataclass(frozen=True)
class _Literal(Value):
    value: Any

    def to_narwhals(self) -> nw.Expr:
        import narwhals as nw

        return nw.lit(self.value)

    def evaluate(self, record: Record) -> Any:
        return self.value

    def fields(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class _DateFormat(Value):
    value: Value
    fmt: str

    def to_narwhals(self) -> nw.Expr:
        import narwhals as nw

        date = self.value.to_narwhals()
        if self.fmt == "%Y-%m":
            # year and month as digits: about twice as fast as strftime on Arrow, same text
            year = date.dt.year().cast(nw.String).str.zfill(4)
            month = date.dt.month().cast(nw.String).str.zfill(2)
            return nw.concat_str([year, nw.lit("-"), month])
        return date.dt.to_string(self.fmt)

    def evaluate(self, record: Record) -> Any:
        value = self.value.evaluate(record)
        return value.strftime(self.fmt) if isinstance(value, dt.date) else None

    def fields(self) -> tuple[str, ...]:
        return self.value.fields()


@dataclass(frozen=True)
class _ListLength(Value):
    value: Value

    def to_narwhals(self) -> nw.Expr:
        return self.value.to_narwhals().list.len()

    def evaluate(self, record: Record) -> Any:
        items = self.value.evaluate(record)
        return None if items is None else len(items)

    def fields(self) -> tuple[str, ...]:
        return self.value.fields()


# -- conditions ---------------------------------------------------------------------

_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class _Compare(Pred):
    op: str
    left: Value
    right: Value

    def to_narwhals(self) -> nw.Expr:
        result = _OPERATORS[self.op](self.left.to_narwhals(), self.right.to_narwhals())
        return result.fill_null(False)  # type: ignore[no-any-return]

    def evaluate(self, record: Record) -> bool:
        a, b = self.left.evaluate(record), self.right.evaluate(record)
        if a is None or b is None:
            return False
        return bool(_OPERATORS[self.op](a, b))

    def fields(self) -> tuple[str, ...]:
        return _unique((*self.left.fields(), *self.right.fields()))

    def given_fields(self) -> tuple[str, ...]:
        return self.fields()


@dataclass(frozen=True)
class _IsNull(Pred):
    value: Value
    negate: bool

    def to_narwhals(self) -> nw.Expr:
        expr = self.value.to_narwhals()
        return ~expr.is_null() if self.negate else expr.is_null()

    def evaluate(self, record: Record) -> bool:
        return (self.value.evaluate(record) is None) != self.negate

    def fields(self) -> tuple[str, ...]:
        return self.value.fields()

    def given_fields(self) -> tuple[str, ...]:
        return self.value.fields() if self.negate else ()


@dataclass(frozen=True)
class _IsIn(Pred):
    value: Value
    values: tuple[Any, ...]

    def to_narwhals(self) -> nw.Expr:
        return self.value.to_narwhals().is_in(list(self.values)).fill_null(False)

    def evaluate(self, record: Record) -> bool:
        value = self.value.evaluate(record)
        return value is not None and value in self.values

    def fields(self) -> tuple[str, ...]:
        return self.value.fields()

    def given_fields(self) -> tuple[str, ...]:
        return self.value.fields()


@dataclass(frozen=True)
class _ListContains(Pred):
    value: Value
    item: Any

    def to_narwhals(self) -> nw.Expr:
        return self.value.to_narwhals().list.contains(self.item).fill_null(False)

    def evaluate(self, record: Record) -> bool:
        items = self.value.evaluate(record)
        return items is not None and self.item in items

    def fields(self) -> tuple[str, ...]:
        return self.value.fields()

    def given_fields(self) -> tuple[str, ...]:
        return self.value.fields()


@dataclass(frozen=True)
class _HasDuplicates(Pred):
    value: Value

    def to_narwhals(self) -> nw.Expr:
        import narwhals as nw

        (name,) = self.value.fields()
        counts = self.value.to_narwhals().list.len() != nw.col(nunique_column(name))
        return counts.fill_null(False)

    def evaluate(self, record: Record) -> bool:
        items = self.value.evaluate(record)
        return items is not None and len(set(items)) != len(items)

    def fields(self) -> tuple[str, ...]:
        return self.value.fields()

    def given_fields(self) -> tuple[str, ...]:
        return self.value.fields()


@dataclass(frozen=True)
class _Logic(Pred):
    op: str
    parts: tuple[Pred, ...]

    def to_narwhals(self) -> nw.Expr:
        exprs = [p.to_narwhals() for p in self.parts]
        result = exprs[0]
        for expr in exprs[1:]:
            result = (result & expr) if self.op == "and" else (result | expr)
        return result

    def evaluate(self, record: Record) -> bool:
        if self.op == "and":
            return all(p.evaluate(record) for p in self.parts)
        return any(p.evaluate(record) for p in self.parts)

    def fields(self) -> tuple[str, ...]:
        return _unique(f for p in self.parts for f in p.fields())

    def given_fields(self) -> tuple[str, ...]:
        if self.op == "and":
            return _unique(f for p in self.parts for f in p.given_fields())
        first, *others = (p.given_fields() for p in self.parts)
        return tuple(f for f in first if all(f in o for o in others))


@dataclass(frozen=True)
class _Not(Pred):
    part: Pred

    def to_narwhals(self) -> nw.Expr:
        return ~self.part.to_narwhals()

    def evaluate(self, record: Record) -> bool:
        return not self.part.evaluate(record)

    def fields(self) -> tuple[str, ...]:
        return self.part.fields()
