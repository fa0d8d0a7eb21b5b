"""Record rules on one record: what the entity models' validators call.

The models keep their behaviour (an invalid record raises a validation
error that names the field and the value) but hold no rule of their own: they
evaluate the catalogue's record rules, the same definitions that bulk
validation runs over whole tables.
"""

from __future__ import annotations

from typing import Any

from fgc_standard.rules.catalogue import CATALOGUE
from fgc_standard.rules.rule import Rule

__all__ = ["check_model", "error_rules"]

_CACHE: dict[str, tuple[int, tuple[Rule, ...]]] = {}


def error_rules(table: str) -> tuple[Rule, ...]:
    """The record rules of ``table`` with severity ``error``, cached per catalogue size."""
    size = len(CATALOGUE)
    cached = _CACHE.get(table)
    if cached is None or cached[0] != size:
        rules = tuple(r for r in CATALOGUE.record_rules(table) if r.severity == "error")
        cached = _CACHE[table] = (size, rules)
    return cached[1]


def check_model(record: Any) -> None:
    """Raise if a model instance breaks a record rule of its table.

    Args:
        record: An entity model instance (its ``table_name`` says the table).

    Raises:
        ValueError: The messages of the rules broken (pydantic turns this into
            a ``ValidationError``).
    """
    values = record.__dict__  # a model's field values, as a plain dict: the fastest to read
    broken = [r for r in error_rules(record.table_name) if r.condition.evaluate(values)]  # type: ignore[union-attr]
    if broken:
        raise ValueError("; ".join(f"{r.describe(record)} [{r.code}]" for r in broken))
