"""fgc-standard: the data standard for Family Group Conferences in England.

The package *is* the standard: the entity models and code lists define it, and
the JSON Schema, data package, Arrow schemas and documentation are generated
from them.

The names below are the public API. They are imported on first use, so that
``import fgc_standard`` (and ``fgc --help``) stays fast and pulls in neither
pandas nor pyarrow until they are needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from fgc_standard._version import STANDARD_VERSION, __version__

if TYPE_CHECKING:
    from fgc_standard.aggregate import (
        MEASURES,
        AggregateRow,
        aggregate_return,
        benchmark,
        check_aggregate,
        combine_returns,
        publish,
        read_aggregate,
    )
    from fgc_standard.cin import census_items, read_census_xml, write_census_xml
    from fgc_standard.codelists import CodeList, codelist, codelists
    from fgc_standard.entities import (
        Acceptance,
        Child,
        Conference,
        Offer,
        Outcome,
        Plan,
        Referral,
        ReturnDocument,
        ReturnHeader,
    )
    from fgc_standard.errors import FGCError
    from fgc_standard.io import ReadResult, read_return, write_return
    from fgc_standard.io.template import write_template
    from fgc_standard.privacy import minimise, pseudonymise
    from fgc_standard.report import Issue
    from fgc_standard.report.validation import ValidationReport
    from fgc_standard.returns import FGCReturn
    from fgc_standard.rules import CATALOGUE, Rule
    from fgc_standard.schema import export_schema
    from fgc_standard.synth import SynthOutput, generate_return, write_synthetic_return
    from fgc_standard.validate import validate, validate_record

#: Public name -> the module it lives in.
_EXPORTS: dict[str, str] = {
    # the standard itself
    "Acceptance": "fgc_standard.entities",
    "Child": "fgc_standard.entities",
    "Conference": "fgc_standard.entities",
    "Offer": "fgc_standard.entities",
    "Outcome": "fgc_standard.entities",
    "Plan": "fgc_standard.entities",
    "Referral": "fgc_standard.entities",
    "ReturnDocument": "fgc_standard.entities",
    "ReturnHeader": "fgc_standard.entities",
    "CodeList": "fgc_standard.codelists",
    "codelist": "fgc_standard.codelists",
    "codelists": "fgc_standard.codelists",
    "export_schema": "fgc_standard.schema",
    "FGCError": "fgc_standard.errors",
    # a return in memory, reading and writing it
    "FGCReturn": "fgc_standard.returns",
    "ReadResult": "fgc_standard.io",
    "read_return": "fgc_standard.io",
    "write_return": "fgc_standard.io",
    "write_template": "fgc_standard.io.template",
    # checking it
    "CATALOGUE": "fgc_standard.rules",
    "Rule": "fgc_standard.rules",
    "Issue": "fgc_standard.report",
    "ValidationReport": "fgc_standard.report.validation",
    "validate": "fgc_standard.validate",
    "validate_record": "fgc_standard.validate",
    # aggregating it
    "MEASURES": "fgc_standard.aggregate",
    "AggregateRow": "fgc_standard.aggregate",
    "aggregate_return": "fgc_standard.aggregate",
    "benchmark": "fgc_standard.aggregate",
    "check_aggregate": "fgc_standard.aggregate",
    "combine_returns": "fgc_standard.aggregate",
    "publish": "fgc_standard.aggregate",
    "read_aggregate": "fgc_standard.aggregate",
    # the census and privacy
    "census_items": "fgc_standard.cin",
    "read_census_xml": "fgc_standard.cin",
    "write_census_xml": "fgc_standard.cin",
    "minimise": "fgc_standard.privacy",
    "pseudonymise": "fgc_standard.privacy",
    # synthetic data
    "SynthOutput": "fgc_standard.synth",
    "generate_return": "fgc_standard.synth",
    "write_synthetic_return": "fgc_standard.synth",
}

__all__ = [
    "CATALOGUE",
    "MEASURES",
    "STANDARD_VERSION",
    "Acceptance",
    "AggregateRow",
    "Child",
    "CodeList",
    "Conference",
    "FGCError",
    "FGCReturn",
    "Issue",
    "Offer",
    "Outcome",
    "Plan",
    "ReadResult",
    "Referral",
    "ReturnDocument",
    "ReturnHeader",
    "Rule",
    "SynthOutput",
    "ValidationReport",
    "__version__",
    "aggregate_return",
    "benchmark",
    "census_items",
    "check_aggregate",
    "codelist",
    "codelists",
    "combine_returns",
    "export_schema",
    "generate_return",
    "minimise",
    "pseudonymise",
    "publish",
    "read_aggregate",
    "read_census_xml",
    "read_return",
    "validate",
    "validate_record",
    "write_census_xml",
    "write_return",
    "write_synthetic_return",
    "write_template",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'fgc_standard' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
