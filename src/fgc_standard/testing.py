"""Hypothesis strategies for property-testing software against the FGC standard.

For a case management system supplier (or anyone) who exports FGC data and
wants to know that every export conforms. Install the extra first::

    pip install "fgc-standard[testing]"

Valid data, by construction:

- :func:`returns` draws a whole consistent return (:class:`~fgc_standard.returns.FGCReturn`):
  every key unique, every foreign key resolving, every date in order;
- :func:`records` draws one valid record of an entity; :func:`children`,
  :func:`referrals`, :func:`offers`, :func:`acceptances`, :func:`conferences`,
  :func:`plans`, :func:`outcomes` and :func:`headers` are shortcuts.

Invalid data, with what is wrong:

- :func:`invalid_records` draws ``(record, defect)``: a JSON-ready record
  dict with one wrong code, wrong type or missing required value;
- :func:`returns_with_fault` draws ``(return, manifest)``: a return with one
  to three faults of one kind, and the manifest saying where they are.

A property test of an exporter might read::

    from hypothesis import given, settings
    from fgc_standard import testing

    @settings(max_examples=25)
    @given(testing.returns(max_referrals=10))
    def test_export_round_trip(ret):
        exported = my_exporter(import_into_my_system(ret))
        assert read_return(exported).data.equals(ret)

    @given(testing.invalid_records(Referral))
    def test_my_validator_rejects(case):
        record, defect = case
        assert my_validator(record) is not OK, defect

Strategies reuse the synthetic generator (:mod:`fgc_standard.synth`) with
drawn sizes and seeds, so they shrink towards small returns and seed 0.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "fgc_standard.testing needs hypothesis: pip install 'fgc-standard[testing]'"
    ) from error

from fgc_standard.codelists import codelist
from fgc_standard.entities import (
    Acceptance,
    Child,
    Conference,
    EntityModel,
    Offer,
    Outcome,
    Plan,
    Referral,
    ReturnHeader,
    entity_spec,
)
from fgc_standard.report.kinds import CheckKind
from fgc_standard.returns import FGCReturn
from fgc_standard.synth.faults import FAULT_KINDS, TEXT_ONLY_KINDS, inject_faults
from fgc_standard.synth.generator import generate_return

__all__ = [
    "Defect",
    "acceptances",
    "children",
    "conferences",
    "headers",
    "identifiers",
    "invalid_records",
    "offers",
    "outcomes",
    "plans",
    "records",
    "referrals",
    "returns",
    "returns_with_fault",
]

_MAX_SEED = 2**32 - 1
#: Letters for drawn identifiers: ASCII, digits, some punctuation and non-ASCII
#: letters (LA ids such as ``Zoë-001`` are valid identifiers).
_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_/.éëøßł"


class Defect(NamedTuple):
    """What is wrong with an invalid record.

    Attributes:
        kind: The kind of problem (``wrong_code``, ``wrong_type`` or ``missing_required``).
        field: The field that is wrong.
        value: The wrong value (``None`` when the value is missing).
    """

    kind: CheckKind
    field: str
    value: Any

    def __str__(self) -> str:
        if self.kind == CheckKind.MISSING_REQUIRED:
            return f"{self.kind}: {self.field} is missing"
        return f"{self.kind}: {self.field} is {self.value!r}"


def identifiers() -> st.SearchStrategy[str]:
    """Draw identifiers valid in the standard: 1-20 characters, leading zeros and non-ASCII too."""
    return st.text(alphabet=_ID_ALPHABET, min_size=1, max_size=20)


def returns(
    *, min_referrals: int = 0, max_referrals: int = 20, la_number: str | None = None
) -> st.SearchStrategy[FGCReturn]:
    """Draw whole consistent returns.

    Args:
        min_referrals: The fewest referrals (families) in a return.
        max_referrals: The most referrals in a return; keep it small for speed.
        la_number: The LA of every return; by default drawn from the code list.
    """
    las = st.just(la_number) if la_number else st.sampled_from([c.code for c in codelist("la")])
    return st.builds(
        generate_return,
        st.integers(min_referrals, max_referrals),
        st.integers(0, _MAX_SEED),
        la_number=las,
    )


def records(
    model: type[EntityModel], *, max_referrals: int = 8, vary_keys: bool = True
) -> st.SearchStrategy[Any]:
    """Draw valid records of one entity.

    Args:
        model: The entity, for example :class:`~fgc_standard.entities.Referral`.
        max_referrals: The size of the synthetic returns the records come from.
        vary_keys: Replace the record's own key with a drawn identifier, to cover
            unusual but valid keys (its foreign keys are left as they are).
    """
    table = model.table_name
    key = entity_spec(model).primary_key
    pool = returns(min_referrals=3, max_referrals=max(3, max_referrals)).map(
        lambda ret: list(ret.records(table))
    )
    drawn = pool.filter(bool).flatmap(st.sampled_from)
    if not vary_keys or key is None:
        return drawn
    return st.tuples(drawn, identifiers()).map(
        lambda pair: pair[0].model_copy(update={key: pair[1]})
    )


def headers() -> st.SearchStrategy[ReturnHeader]:
    """Draw valid return headers."""
    return returns(max_referrals=0).map(lambda ret: ret.header)


def children(**kwargs: Any) -> st.SearchStrategy[Child]:
    """Draw valid children (see :func:`records` for the options)."""
    return records(Child, **kwargs)


def referrals(**kwargs: Any) -> st.SearchStrategy[Referral]:
    """Draw valid referrals."""
    return records(Referral, **kwargs)


def offers(**kwargs: Any) -> st.SearchStrategy[Offer]:
    """Draw valid offers (and decisions not to offer)."""
    return records(Offer, **kwargs)


def acceptances(**kwargs: Any) -> st.SearchStrategy[Acceptance]:
    """Draw valid decisions on offers."""
    return records(Acceptance, **kwargs)


def conferences(**kwargs: Any) -> st.SearchStrategy[Conference]:
    """Draw valid conferences."""
    return records(Conference, **kwargs)


def plans(**kwargs: Any) -> st.SearchStrategy[Plan]:
    """Draw valid family plans."""
    return records(Plan, **kwargs)


def outcomes(**kwargs: Any) -> st.SearchStrategy[Outcome]:
    """Draw valid outcomes."""
    return records(Outcome, **kwargs)


_WRONG_WORDS = ("seven", "maybe", "n/a", "unknown", "soon")


def invalid_records(
    model: type[EntityModel],
) -> st.SearchStrategy[tuple[dict[str, Any], Defect]]:
    """Draw invalid records with one defect each: ``(record, defect)``.

    The record is a JSON-ready dict (as an exporter would write it: dates as
    ISO text). It fails :meth:`model.model_validate_json` (and the JSON
    Schema) because of exactly the defect named: a value outside a closed code
    list, a value of the wrong type, or a required value missing.

    Args:
        model: The entity, for example :class:`~fgc_standard.entities.Child`.
    """
    spec = entity_spec(model)
    coded = [f for f in spec.fields if f.codelist is not None and f.codelist.closed]
    typed = [f for f in spec.fields if f.kind != "string"]
    required = [f for f in spec.fields if f.required]
    valid = headers() if model is ReturnHeader else records(model, vary_keys=False)

    def wrong_code(draw: st.DrawFn, record: dict[str, Any]) -> Defect:
        field = draw(st.sampled_from(coded))
        value = draw(st.sampled_from(["NOT_A_CODE", "ZZ9", "unknown"]))
        record[field.name] = [value] if field.is_list else value
        return Defect(CheckKind.WRONG_CODE, field.name, record[field.name])

    def wrong_type(draw: st.DrawFn, record: dict[str, Any]) -> Defect:
        field = draw(st.sampled_from(typed)) if typed else None
        if field is None:
            field = draw(st.sampled_from(spec.fields))
            value: Any = 12345
        else:
            value = draw(st.sampled_from(_WRONG_WORDS))
        record[field.name] = [value] if field.is_list else value
        return Defect(CheckKind.WRONG_TYPE, field.name, record[field.name])

    def missing(draw: st.DrawFn, record: dict[str, Any]) -> Defect:
        field = draw(st.sampled_from(required))
        del record[field.name]
        return Defect(CheckKind.MISSING_REQUIRED, field.name, None)

    makers = [missing, wrong_type] + ([wrong_code] if coded else [])

    @st.composite
    def build(draw: st.DrawFn) -> tuple[dict[str, Any], Defect]:
        record = draw(valid).model_dump(mode="json", exclude_none=True)
        maker = draw(st.sampled_from(makers))
        return record, maker(draw, record)

    return build()


def returns_with_fault(
    kind: CheckKind | str, *, max_referrals: int = 80, max_faults: int = 3
) -> st.SearchStrategy[tuple[FGCReturn, pa.Table]]:
    """Draw returns with one to ``max_faults`` faults of one kind, and their manifest.

    The manifest has the columns ``entity, key, field, kind`` (see
    :mod:`fgc_standard.synth.faults` for what each kind changes).

    Args:
        kind: A fault kind, for example ``"dangling_foreign_key"``.
        max_referrals: The most referrals in a return (at least 40 are drawn,
            so that every kind finds a record to fault).
        max_faults: The most faults in one return.

    Raises:
        ValueError: The kind is unknown, or exists only in text (``wrong_type``,
            ``impossible_date``: write a CSV return with
            :func:`fgc_standard.synth.write_synthetic_return` for those).
    """
    fault = CheckKind(kind)
    if fault not in FAULT_KINDS:
        raise ValueError(f"{kind!r} is not a fault kind; the kinds are {list(FAULT_KINDS)}")
    if fault in TEXT_ONLY_KINDS:
        raise ValueError(
            f"{fault} faults exist only in text; use "
            "fgc_standard.synth.write_synthetic_return(..., format='csv', faults=...)"
        )

    def build(referrals: int, seed: int, count: int) -> tuple[FGCReturn, pa.Table]:
        clean = generate_return(referrals, seed)
        tables = {name: t for name, t in clean.tables.items() if name != "header"}
        faulted = inject_faults(tables, count, np.random.default_rng([seed, 99]), kinds=(fault,))
        data = FGCReturn({"header": clean.tables["header"], **faulted.tables})
        return data, faulted.manifest

    strategy = st.builds(
        build,
        st.integers(40, max(40, max_referrals)),
        st.integers(0, _MAX_SEED),
        st.integers(1, max_faults),
    )
    return strategy.filter(lambda pair: pair[1].num_rows > 0)
