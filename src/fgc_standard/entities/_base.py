"""What every entity model shares: the base class and the field annotations.

A field's *meaning* lives in its annotation, so every generator (JSON Schema,
data package, Arrow, spreadsheet template, data dictionary) reads the same facts:

- ``Coded("ethnicity")`` ties a string field to a code list;
- ``PrimaryKey()`` and ``ForeignKey("children", "child_id")`` declare keys;
- ``Identifier`` is the shape of every key value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from fgc_standard.codelists import codelist

__all__ = [
    "Coded",
    "EntityModel",
    "ForeignKey",
    "Identifier",
    "PrimaryKey",
    "check_date_order",
]

#: Keys are strings unique within a return: no ``;`` (it joins the items of a list
#: in a CSV cell), no control characters, and no space at either end. The classes
#: are spelt out rather than written ``\s``, because ``\s`` means different
#: characters to Python's ``re`` (JSON Schema validators), Rust (pydantic, Polars),
#: RE2 (Arrow, DuckDB) and JavaScript; these ranges mean the same to all of them.
IDENTIFIER_END_CLASS = r"[^;\x00-\x20\x7f-\xa0]"
IDENTIFIER_MIDDLE_CLASS = r"[^;\x00-\x1f\x7f-\x9f]"
IDENTIFIER_ITEM = rf"{IDENTIFIER_END_CLASS}(?:{IDENTIFIER_MIDDLE_CLASS}*{IDENTIFIER_END_CLASS})?"
IDENTIFIER_PATTERN = rf"^{IDENTIFIER_ITEM}$"
Identifier = Annotated[
    str, StringConstraints(min_length=1, max_length=100, pattern=IDENTIFIER_PATTERN)
]


@dataclass(frozen=True)
class PrimaryKey:
    """Marks the field that identifies a row of its table."""


@dataclass(frozen=True)
class ForeignKey:
    """Marks a field whose values must be keys of another table.

    Attributes:
        table: The referenced table, for example ``"children"``.
        field: The referenced key field, for example ``"child_id"``.
    """

    table: str
    field: str


@dataclass(frozen=True)
class Coded:
    """Ties a string field to a code list.

    A closed list rejects any other value, naming the field, the value and the
    list; an open list accepts other values (the validator raises a query). In
    JSON Schema the field carries ``codelist`` and ``openCodelist`` annotations,
    and closed lists become an ``enum``.

    Attributes:
        list_name: The code list's name, for example ``"ethnicity"``.
    """

    list_name: str

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        inner = handler(source)
        if not codelist(self.list_name).closed:
            return inner
        return core_schema.with_info_after_validator_function(self._check, inner)

    def _check(self, value: str, info: core_schema.ValidationInfo) -> str:
        cl = codelist(self.list_name)
        if value in cl:
            return value
        shown = ", ".join(c.code for c in cl.codes[:12]) + (", ..." if len(cl) > 12 else "")
        raise PydanticCustomError(
            "code_not_in_list",
            "{field}: {value} is not a code in the closed list {list} (expected one of: {codes})",
            {
                "field": info.field_name or "value",
                "value": repr(value),
                "list": cl.filename,
                "codes": shown,
            },
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        result = handler(schema)
        cl = codelist(self.list_name)
        result["codelist"] = cl.filename
        result["openCodelist"] = not cl.closed
        if cl.closed:
            result["enum"] = [c.code for c in cl.codes]
        return result


class EntityModel(BaseModel):
    """Base class of every entity of the standard.

    Models are strict: a JSON document must carry JSON types (a number is not a
    string, a boolean is not ``"yes"``) and unknown fields are rejected, so the
    models and the exported JSON Schema accept the same documents. Lenient
    readings of messy files (``Y``/``N``, UK dates, stray spaces) belong to the
    readers in :mod:`fgc_standard.io`, which report what they changed.
    """

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=False,
        validate_assignment=True,
        str_strip_whitespace=False,
        use_attribute_docstrings=False,
    )

    #: The table that holds this entity in a return, in plural snake case.
    table_name: ClassVar[str]
    #: A one-line description of what one row means.
    row_meaning: ClassVar[str]


def check_date_order(record: BaseModel, *pairs: tuple[str, str]) -> None:
    """Raise when, for any pair of date fields that are both filled, the first is later.

    Args:
        record: The model instance to check.
        *pairs: ``(earlier_field, later_field)`` names.

    Raises:
        ValueError: A message naming both fields and both values.
    """
    for first, second in pairs:
        a, b = getattr(record, first), getattr(record, second)
        if a is not None and b is not None and a > b:
            raise ValueError(f"{first} {a} is after {second} {b}")
