"""Introspection: the facts every generator reads from the models, in one shape.

JSON Schema comes from pydantic itself; the data package, Arrow schemas, the
spreadsheet template and the data dictionary all read :class:`EntitySpec`.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import AwareDatetime
from pydantic.fields import FieldInfo

from fgc_standard.codelists import CodeList, codelist
from fgc_standard.entities._base import Coded, EntityModel, ForeignKey, PrimaryKey

__all__ = ["EntitySpec", "FieldSpec", "ValueKind", "entity_spec"]

ValueKind = Literal["string", "date", "datetime", "boolean", "integer"]

_KINDS: dict[type, ValueKind] = {
    str: "string",
    dt.date: "date",
    dt.datetime: "datetime",
    AwareDatetime: "datetime",
    bool: "boolean",
    int: "integer",
}


@dataclass(frozen=True)
class FieldSpec:
    """One field of an entity, as the standard defines it.

    Attributes:
        name: The column or property name.
        kind: The type of each value.
        is_list: Whether the field holds a list of values.
        required: Whether a value must be given.
        description: What the field means, for a practitioner.
        example: An example value, as JSON would write it.
        codelist_name: The code list that the values come from, if any.
        primary_key: Whether the field identifies the row.
        foreign_key: ``(table, field)`` that the values refer to, if any.
        minimum: The smallest allowed integer, if bounded.
        maximum: The largest allowed integer, if bounded.
        pattern: A regular expression each string value must match, if any.
    """

    name: str
    kind: ValueKind
    is_list: bool
    required: bool
    description: str
    example: Any
    codelist_name: str | None = None
    primary_key: bool = False
    foreign_key: tuple[str, str] | None = None
    minimum: int | None = None
    maximum: int | None = None
    pattern: str | None = None

    @property
    def codelist(self) -> CodeList | None:
        """The field's code list, loaded."""
        return codelist(self.codelist_name) if self.codelist_name else None


@dataclass(frozen=True)
class EntitySpec:
    """One entity: its model, table and fields.

    Attributes:
        name: The model's class name, for example ``"Referral"``.
        table: The table name in a return, for example ``"referrals"``.
        model: The pydantic model class.
        title: A human title.
        row_meaning: What one row means.
        description: The model's docstring summary.
        fields: The fields, in model order.
    """

    name: str
    table: str
    model: type[EntityModel]
    title: str
    row_meaning: str
    description: str
    fields: tuple[FieldSpec, ...]

    @property
    def primary_key(self) -> str | None:
        """The name of the primary key field, if the entity has one."""
        return next((f.name for f in self.fields if f.primary_key), None)

    @property
    def foreign_keys(self) -> tuple[FieldSpec, ...]:
        """The fields that refer to other tables."""
        return tuple(f for f in self.fields if f.foreign_key)

    @property
    def field_names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> FieldSpec:
        """Return one field by name.

        Raises:
            KeyError: The entity has no such field.
        """
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.table} has no field {name!r}")


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """Strip ``Optional`` and ``Annotated`` layers; return (base, metadata, optional)."""
    metadata: list[Any] = []
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            base, *extra = typing.get_args(annotation)
            metadata.extend(extra)
            annotation = base
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                raise TypeError(f"unsupported union {annotation!r}")
            annotation = args[0]
        else:
            return annotation, metadata, optional


def _constraint(metadata: list[Any], attr: str) -> Any:
    for item in metadata:
        value = getattr(item, attr, None)
        if value is not None:
            return value
        # pydantic keeps Field(...) constraints inside a FieldInfo's own metadata
        for inner in getattr(item, "metadata", ()) or ():
            value = getattr(inner, attr, None)
            if value is not None:
                return value
    return None


def _field_spec(name: str, info: FieldInfo) -> FieldSpec:
    base, metadata, _ = _unwrap(info.annotation)
    metadata = [*metadata, *info.metadata]
    is_list = typing.get_origin(base) is list
    if is_list:
        item, item_meta, _ = _unwrap(typing.get_args(base)[0])
        metadata = [*metadata, *item_meta]
        base = item
    kind = _KINDS.get(base)
    if kind is None:
        raise TypeError(f"field {name!r}: unsupported type {base!r}")
    coded = next((m for m in metadata if isinstance(m, Coded)), None)
    fk = next((m for m in metadata if isinstance(m, ForeignKey)), None)
    examples = info.examples or [None]
    return FieldSpec(
        name=name,
        kind=kind,
        is_list=is_list,
        required=info.is_required(),
        description=info.description or "",
        example=examples[0],
        codelist_name=coded.list_name if coded else None,
        primary_key=any(isinstance(m, PrimaryKey) for m in metadata),
        foreign_key=(fk.table, fk.field) if fk else None,
        minimum=_constraint(metadata, "ge"),
        maximum=_constraint(metadata, "le"),
        pattern=_constraint(metadata, "pattern"),
    )


@cache
def entity_spec(model: type[EntityModel]) -> EntitySpec:
    """Describe one entity model.

    Args:
        model: An entity class such as :class:`~fgc_standard.entities.Referral`.
    """
    doc = (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    return EntitySpec(
        name=model.__name__,
        table=model.table_name,
        model=model,
        title=_title(model.__name__),
        row_meaning=model.row_meaning,
        description=doc,
        fields=tuple(_field_spec(n, i) for n, i in model.model_fields.items()),
    )


def _title(class_name: str) -> str:
    words: list[str] = []
    for ch in class_name:
        if ch.isupper() and words:
            words.append(" ")
        words.append(ch)
    return "".join(words).capitalize()
