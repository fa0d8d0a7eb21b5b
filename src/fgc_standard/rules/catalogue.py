"""The catalogue: every rule of the standard, by code.

Rules are registered when the module that defines them is imported. The
modules listed in :data:`RULE_MODULES` are imported the first time the
catalogue is used, so ``CATALOGUE`` is always complete.

To add rules from another module (privacy queries, census rules, aggregate
return rules)::

    from fgc_standard.rules import Rule, register

    register(Rule(code="FGC4001", severity="query", kind=CheckKind.POSSIBLE_IDENTIFIER,
                  layer="privacy", title=..., message=..., rationale=...,
                  table="conferences", check=find_names))

and add the module's name to :data:`RULE_MODULES`. Rules of another table
family (``family="aggregate"``) are listed by ``fgc rules`` but run only by the
module that validates that family, with
:func:`~fgc_standard.rules.engine.run_rules` on its own tables.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from fgc_standard.rules.rule import Rule

__all__ = ["CATALOGUE", "RULE_MODULES", "RuleCatalogue", "register"]

#: Modules whose import registers rules. Add yours here.
RULE_MODULES: list[str] = [
    "fgc_standard.rules.structure",
    "fgc_standard.rules.record",
    "fgc_standard.rules.return_rules",
    "fgc_standard.rules.statutory",
    "fgc_standard.rules.census",
    "fgc_standard.rules.free_text",
    "fgc_standard.aggregate.handfilled",
]


class RuleCatalogue:
    """Rules by code, in code order."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}
        self._loaded = False

    def add(self, rule: Rule) -> Rule:
        """Add a rule.

        Raises:
            ValueError: Another rule already has the code.
        """
        existing = self._rules.get(rule.code)
        if existing is not None and existing is not rule:
            raise ValueError(f"rule code {rule.code} is already used by {existing.title!r}")
        self._rules[rule.code] = rule
        return rule

    def load(self) -> RuleCatalogue:
        """Import every module of :data:`RULE_MODULES` (once)."""
        if not self._loaded:
            self._loaded = True
            for name in RULE_MODULES:
                importlib.import_module(name)
        return self

    def rules(self, *, family: str | None = "record", table: str | None = None) -> list[Rule]:
        """Return the rules in code order.

        Args:
            family: Only rules of this table family (``None``: every family).
            table: Only rules reporting on this table, or on any table.
        """
        self.load()
        return [
            r
            for _, r in sorted(self._rules.items())
            if (family is None or r.family == family)
            and (table is None or r.table in (None, table))
        ]

    def record_rules(self, table: str) -> list[Rule]:
        """The rules with a row condition on ``table``: what a single record is checked against."""
        return [r for r in self.rules(table=table) if r.condition is not None and r.table == table]

    def __getitem__(self, code: str) -> Rule:
        self.load()
        try:
            return self._rules[code]
        except KeyError:
            raise KeyError(f"no rule {code!r}") from None

    def get(self, code: str) -> Rule | None:
        """Return a rule by code, or ``None``."""
        self.load()
        return self._rules.get(code)

    def __contains__(self, code: object) -> bool:
        self.load()
        return code in self._rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules(family=None))

    def __len__(self) -> int:
        self.load()
        return len(self._rules)


#: The one catalogue.
CATALOGUE = RuleCatalogue()


def register(rule: Rule) -> Rule:
    """Add a rule to :data:`CATALOGUE` and return it."""
    return CATALOGUE.add(rule)
