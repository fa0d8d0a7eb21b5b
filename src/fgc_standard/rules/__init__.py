"""The rule catalogue and the engine that runs it.

- :class:`Rule`: one rule, as data (code, severity, kind, message, fields, ...);
- :data:`CATALOGUE` and :func:`register`: every rule, and how modules add theirs;
- :func:`run_rules`: run rules over tables, vectorised, with narwhals;
- :mod:`~fgc_standard.rules.expr`: the expression language of record rules,
  evaluated over tables and over one record.

Layers: :mod:`~fgc_standard.rules.structure` (FGC0xxx),
:mod:`~fgc_standard.rules.record` (FGC1xxx),
:mod:`~fgc_standard.rules.return_rules` (FGC2xxx) and
:mod:`~fgc_standard.rules.statutory` (FGC3xxx).
"""

from fgc_standard.rules.catalogue import CATALOGUE, RULE_MODULES, RuleCatalogue, register
from fgc_standard.rules.context import DEFAULT_ENGINE, ENGINES, Engine, ValidationContext
from fgc_standard.rules.engine import RuleHits, run_rules
from fgc_standard.rules.expr import Pred, Value, col, lit
from fgc_standard.rules.rule import Change, CheckFunction, Finding, Layer, Rule

__all__ = [
    "CATALOGUE",
    "DEFAULT_ENGINE",
    "ENGINES",
    "RULE_MODULES",
    "Change",
    "CheckFunction",
    "Engine",
    "Finding",
    "Layer",
    "Pred",
    "Rule",
    "RuleCatalogue",
    "RuleHits",
    "ValidationContext",
    "Value",
    "col",
    "lit",
    "register",
    "run_rules",
]
