"""Keeping children's data safe: pseudonyms, minimisation and free-text detection.

- :func:`pseudonymise`: every identifier replaced by a keyed hash (HMAC-SHA256);
- :func:`minimise`: dates of birth to month (or age), unneeded detail dropped;
- :func:`looks_like`: which values of a text column look like personal data
  (used by the catalogue's privacy query FGC4001).

A return for the national flow (phase 2) is both pseudonymised and minimised.
See ``docs/privacy-threat-notes.md`` for what leaves the LA at each phase.
"""

from fgc_standard.privacy.free_text import looks_like, nhs_number_valid, text_fields
from fgc_standard.privacy.keys import MIN_KEY_BYTES, InvalidKeyError, check_key, read_key_file
from fgc_standard.privacy.minimise import AGE_COLUMN, BirthGrain, minimise
from fgc_standard.privacy.pseudonymise import identifier_fields, pseudonym, pseudonymise

__all__ = [
    "AGE_COLUMN",
    "MIN_KEY_BYTES",
    "BirthGrain",
    "InvalidKeyError",
    "check_key",
    "identifier_fields",
    "looks_like",
    "minimise",
    "nhs_number_valid",
    "pseudonym",
    "pseudonymise",
    "read_key_file",
    "text_fields",
]
