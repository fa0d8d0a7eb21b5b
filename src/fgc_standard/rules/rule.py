"""What a rule is: data that names a problem, says how to find it and how to explain it.

A :class:`Rule` carries a stable code, a severity, the kind of problem, a
message for a practitioner, the table and fields it reads, the standard version
it applies from and a one-line rationale. It finds problems in one of three
ways:

- ``condition``: an :mod:`~fgc_standard.rules.expr` predicate over one row
  (record rules). Bulk validation evaluates it as a vectorised column
  expression; the single-record API and the models evaluate it on one record.
- ``check``: a function of a :class:`~fgc_standard.rules.context.ValidationContext`
  that returns :class:`Finding` frames (joins and group-bys across tables).
- neither: the rule is reported by a reader (``FGC0001``, values that cannot be
  read) and is listed so that the catalogue is complete.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from fgc_standard._version import STANDARD_VERSION
from fgc_standard.report.issue import Severity
from fgc_standard.report.kinds import CheckKind
from fgc_standard.rules.expr import Pred

if TYPE_CHECKING:
    from fgc_standard.rules.context import ValidationContext

__all__ = ["Change", "CheckFunction", "Finding", "Layer", "Rule", "format_message", "value_text"]

#: The layer a rule belongs to; the code's first digit says the same.
Layer = Literal["structure", "record", "return", "statutory", "privacy", "aggregate"]

_LAYER_DIGIT: dict[str, str] = {
    "structure": "0",
    "record": "1",
    "return": "2",
    "statutory": "3",
    "privacy": "4",
    "aggregate": "5",
}
_CODE = re.compile(r"^FGC\d{4}$")


@dataclass(frozen=True)
class Finding:
    """The rows of one table that break a rule, as a dataframe (lazy or eager).

    Attributes:
        table: The table the rows are in.
        field: The field the issue points at (``None`` for a whole row).
        rows: A narwhals frame with an integer ``__row`` column (the row's
            position in the table), optionally a text ``__value`` column (the
            offending value when it is not simply the field's value, such as one
            item of a list) and text ``ctx_<name>`` columns that fill
            ``{name}`` in the message (a linked record's date, for example).
        params: Constant values for the message (a code list's name, ...).
    """

    table: str
    field: str | None
    rows: Any
    params: Mapping[str, str] = dataclasses.field(default_factory=dict)


#: A check: given the tables, return the findings.
CheckFunction = Callable[["ValidationContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Change:
    """One edit to a return that makes a rule fire: the rule's failing example.

    Attributes:
        table: The table to edit.
        key: The primary key of the row to edit (``None``: the first row).
        field: The field to set.
        value: The new value (a Python value of the field's type).
    """

    table: str
    key: str | None
    field: str
    value: Any


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue.

    Attributes:
        code: Stable code, ``FGC`` and four digits; the first digit is the layer.
        severity: ``error`` (the data is wrong) or ``query`` (unusual, please confirm).
        kind: The kind of problem, shared with the synthetic fault manifest.
        layer: ``structure``, ``record``, ``return``, ``statutory``, ``privacy``
            or ``aggregate``.
        title: A short name for summaries ("Offer dated before the referral").
        message: The message for one issue, a template: ``{field}``, ``{value}``,
            ``{key}``, ``{table}``, every field of the rule's table that the
            rule reads, and the finding's ``ctx_`` columns and params.
        rationale: Why the rule exists, in one line.
        table: The table the rule reports on (``None``: any table, for
            structure rules generated from the models).
        fields: The fields the rule reads.
        field: The field each issue points at (default: the first of ``fields``).
        since: The standard version the rule applies from.
        condition: For record rules, when a row is wrong.
        check: For other rules, the function that finds the rows.
        family: The table family the rule checks: ``"record"`` for a
            record-level return; other families (``"aggregate"``) are run by
            their own modules with the same engine.
        examples: Edits to the example return that make the rule fire, for the
            rule's own test (empty when no edit of typed tables can, such as
            for values a reader cannot read).
        reported_by: For rules a reader applies, which one.
    """

    code: str
    severity: Severity
    kind: CheckKind
    layer: Layer
    title: str
    message: str
    rationale: str
    table: str | None = None
    fields: tuple[str, ...] = ()
    field: str | None = None
    since: str = STANDARD_VERSION
    condition: Pred | None = None
    check: CheckFunction | None = None
    family: str = "record"
    examples: tuple[Change, ...] = ()
    reported_by: str | None = None

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(f"rule code {self.code!r} is not FGC and four digits")
        if self.code[3] != _LAYER_DIGIT[self.layer]:
            raise ValueError(
                f"rule {self.code}: layer {self.layer} codes start FGC{_LAYER_DIGIT[self.layer]}"
            )
        if self.severity not in ("error", "query"):
            raise ValueError(f"rule {self.code}: severity must be 'error' or 'query'")
        if self.condition is not None and self.check is not None:
            raise ValueError(f"rule {self.code}: give a condition or a check, not both")
        if self.condition is not None and not self.fields:
            object.__setattr__(self, "fields", self.condition.fields())
        if self.field is None and self.fields:
            object.__setattr__(self, "field", self.fields[0])

    @property
    def runnable(self) -> bool:
        """Whether the engine runs this rule (reader-reported rules are only listed)."""
        return self.condition is not None or self.check is not None

    def failures(self, record: Mapping[str, Any] | Any) -> bool:
        """Whether one record breaks this record rule.

        Args:
            record: A dict of field values or an entity model.

        Raises:
            TypeError: The rule is not a record rule.
        """
        if self.condition is None:
            raise TypeError(f"rule {self.code} is not a record rule")
        return self.condition.evaluate(record)

    def describe(self, record: Mapping[str, Any] | Any, key: str | None = None) -> str:
        """Return the message for one record, with its values filled in."""
        values = {
            name: value_text(
                record.get(name) if isinstance(record, Mapping) else getattr(record, name, None)
            )
            for name in self.fields
        }
        field_name = self.field or ""
        return format_message(
            self.message,
            {
                **values,
                "field": field_name,
                "value": values.get(field_name, ""),
                "key": key or "",
                "table": self.table or "",
            },
        )


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def format_message(template: str, values: Mapping[str, str]) -> str:
    """Fill a message template; an unknown placeholder shows as ``?``."""
    return template.format_map(_Blank(values))


def value_text(value: Any) -> str:
    """Render a value as the standard's CSV would write it (ISO dates, ``true``, ``a;b``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(value_text(v) for v in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
