"""The kinds of problem the standard checks for: one vocabulary for rules and faults.

Every rule in the catalogue names the kind of problem it finds, and the
synthetic generator's fault manifest (``faults.csv``) names the kind of fault it
injected, with the same words, so the validator's recall can be measured kind by
kind.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["CheckKind"]


class CheckKind(StrEnum):
    """A kind of problem in a return."""

    #: A value outside a closed code list.
    WRONG_CODE = "wrong_code"
    #: A value that cannot be read as its field's type (text in a number, ...).
    WRONG_TYPE = "wrong_type"
    #: A date that does not exist, such as 30/02/2025.
    IMPOSSIBLE_DATE = "impossible_date"
    #: Dates in the wrong order, within a record or across records.
    DATES_OUT_OF_ORDER = "dates_out_of_order"
    #: A required value left empty.
    MISSING_REQUIRED = "missing_required"
    #: A reference to a record that is not in the return.
    DANGLING_FOREIGN_KEY = "dangling_foreign_key"
    #: The same key used by two records of one table.
    DUPLICATE_KEY = "duplicate_key"
    #: A breach of the statutory pre-proceedings duty (Children Act 1989 s.31ZA).
    STATUTORY_BREACH = "statutory_breach"
    #: Fields of one record, or of linked records, that contradict each other.
    INCONSISTENT_STATUS = "inconsistent_status"
    #: A value that breaks a format or range (pattern, length, bounds).
    OUT_OF_RANGE = "out_of_range"
    #: A value in an open code list but not in its codes, or a deprecated code.
    UNLISTED_CODE = "unlisted_code"
    #: Unusual but possible data that someone should confirm.
    UNUSUAL = "unusual"
    #: Text that may identify a person (a name, address, phone number, ...).
    POSSIBLE_IDENTIFIER = "possible_identifier"
    #: A table-level problem: a column missing or extra, a header row wrong.
    TABLE_SHAPE = "table_shape"
