"""The entities of the standard, as pydantic models, and the registry of tables.

A record-level return is a header plus one table per entity. ``ENTITIES``
lists them in the order that keys refer backwards (a table's foreign keys point
only to tables listed before it, or to itself).
"""

from __future__ import annotations

from fgc_standard.entities._base import Coded, EntityModel, ForeignKey, Identifier, PrimaryKey
from fgc_standard.entities.acceptance import Acceptance
from fgc_standard.entities.child import Child
from fgc_standard.entities.conference import Conference
from fgc_standard.entities.document import ReturnDocument
from fgc_standard.entities.header import ReturnHeader
from fgc_standard.entities.offer import Offer
from fgc_standard.entities.outcome import Outcome
from fgc_standard.entities.plan import Plan
from fgc_standard.entities.referral import Referral
from fgc_standard.entities.spec import EntitySpec, FieldSpec, entity_spec

__all__ = [
    "ENTITIES",
    "RECORD_ENTITIES",
    "TABLES",
    "Acceptance",
    "Child",
    "Coded",
    "Conference",
    "EntityModel",
    "EntitySpec",
    "FieldSpec",
    "ForeignKey",
    "Identifier",
    "Offer",
    "Outcome",
    "Plan",
    "PrimaryKey",
    "Referral",
    "ReturnDocument",
    "ReturnHeader",
    "entity_spec",
    "spec_for_table",
]

#: The record-level entities, in dependency order.
RECORD_ENTITIES: tuple[type[EntityModel], ...] = (
    Child,
    Referral,
    Offer,
    Acceptance,
    Conference,
    Plan,
    Outcome,
)
#: Every table of a return: the header first, then the record-level entities.
ENTITIES: tuple[type[EntityModel], ...] = (ReturnHeader, *RECORD_ENTITIES)
#: Table name -> entity model.
TABLES: dict[str, type[EntityModel]] = {m.table_name: m for m in ENTITIES}


def spec_for_table(table: str) -> EntitySpec:
    """Return the :class:`EntitySpec` of a table by its name (``"referrals"``, ...).

    Raises:
        KeyError: No such table, with the list of tables.
    """
    try:
        return entity_spec(TABLES[table])
    except KeyError:
        raise KeyError(f"no table {table!r}; the tables are: {', '.join(TABLES)}") from None
