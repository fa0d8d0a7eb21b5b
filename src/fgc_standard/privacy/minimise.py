"""Minimisation: keep only what the national flow needs, at the coarsest grain it needs.

What :func:`minimise` changes (and why):

- ``children.date_of_birth``: the exact date is what, with a sex and an LA,
  most easily re-identifies a child. With ``birth="month"`` it becomes
  ``children.birth_month`` (YYYY-MM) and the date is emptied; with
  ``birth="age"`` both are emptied and the child's age in whole years at their
  first referral in the return is kept in the column ``age_at_referral`` of
  ``extra_columns["children"]`` (the standard has no age field; a child with
  several referrals keeps the age at the first one, so it cannot reveal the
  birthday between them).
- ``children.expected_date_of_birth`` (unborn children): coarsened to the first
  day of its month, so that the child still counts as unborn.
- ``header.software_version``: emptied; it says nothing about families but
  narrows down which LA system produced a file.
- Columns the source held outside the standard (``extra_columns``): dropped,
  because nothing says what they contain (except ``age_at_referral``, which
  :func:`minimise` itself adds).

Everything else is needed by the national flow (codes, dates of the FGC
process, outcomes) and kept. Identifiers are not changed here: pseudonymise
them with :func:`~fgc_standard.privacy.pseudonymise`. A return for the national
flow is both pseudonymised and minimised.
"""

from __future__ import annotations

from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.returns import FGCReturn

__all__ = ["AGE_COLUMN", "BirthGrain", "minimise"]

#: ``month``: month of birth. ``age``: age in years at the first referral.
BirthGrain = Literal["month", "age"]
#: The extra column of ``children`` that ``birth="age"`` fills.
AGE_COLUMN = "age_at_referral"


def _set(table: pa.Table, name: str, values: pa.Array) -> pa.Table:
    index = table.schema.get_field_index(name)
    field = table.schema.field(index)
    return table.set_column(index, field, values.cast(field.type))


def _nulls(table: pa.Table, name: str) -> pa.Array:
    return pa.nulls(table.num_rows, table.schema.field(name).type)


def _first_of_month(dates: pa.ChunkedArray) -> pa.Array:
    text = pc.strftime(dates.combine_chunks(), format="%Y-%m-01")
    return pc.strptime(text, format="%Y-%m-%d", unit="s").cast(pa.date32())


def _age_at_first_referral(ret: FGCReturn) -> pa.Array:
    """Whole years between each child's birth and their first referral (null if unknown)."""
    children = ret.table("children")
    referrals = ret.table("referrals").select(["child_ids", "referral_date"]).combine_chunks()
    lists = referrals.column("child_ids").combine_chunks()
    pairs = pa.table(
        {
            "child_id": pc.list_flatten(lists),
            "referral_date": referrals.column("referral_date").take(pc.list_parent_indices(lists)),
        }
    )
    first = pairs.group_by("child_id").aggregate([("referral_date", "min")])
    positions = pc.index_in(children.column("child_id"), value_set=first.column("child_id"))
    referral = first.column("referral_date_min").take(positions)
    born = children.column("date_of_birth")
    years = pc.subtract(pc.year(referral), pc.year(born))
    # one year less if the birthday had not come yet in the referral's year
    before_birthday = pc.less(
        pc.add(pc.multiply(pc.month(referral), 100), pc.day(referral)),
        pc.add(pc.multiply(pc.month(born), 100), pc.day(born)),
    )
    age = pc.subtract(years, pc.cast(before_birthday, pa.int64()))
    return pc.if_else(pc.less(age, 0), pa.scalar(None, pa.int64()), age).combine_chunks()


def minimise(ret: FGCReturn, *, birth: BirthGrain = "month") -> FGCReturn:
    """Return a copy of a return with dates of birth coarsened and unneeded detail dropped.

    Args:
        ret: The return.
        birth: ``"month"`` keeps the month of birth (``birth_month``);
            ``"age"`` keeps only the age in years at the first referral.

    Returns:
        A new return with the same rows; see the module notes for each change.

    Raises:
        ValueError: ``birth`` is neither ``"month"`` nor ``"age"``.
    """
    if birth not in ("month", "age"):
        raise ValueError(f"birth must be 'month' or 'age', not {birth!r}")
    tables = dict(ret.tables)
    children = tables["children"]
    extra: dict[str, pa.Table] = {}
    born = children.column("date_of_birth").combine_chunks()
    if birth == "month":
        month = pc.coalesce(children.column("birth_month"), pc.strftime(born, format="%Y-%m"))
        children = _set(children, "birth_month", month.combine_chunks())
    else:
        extra["children"] = pa.table({AGE_COLUMN: _age_at_first_referral(ret)})
        children = _set(children, "birth_month", _nulls(children, "birth_month"))
    children = _set(children, "date_of_birth", _nulls(children, "date_of_birth"))
    expected = children.column("expected_date_of_birth")
    children = _set(children, "expected_date_of_birth", _first_of_month(expected))
    tables["children"] = children
    header = tables["header"]
    tables["header"] = _set(header, "software_version", _nulls(header, "software_version"))
    return FGCReturn(tables, sources=dict(ret.sources), extra_columns=extra)
