"""How a return is laid out in a workbook: sheet names and friendly column headers.

Shared by the workbook writer, the LA spreadsheet template and the workbook
reader, so that whatever one writes the other reads back.
"""

from __future__ import annotations

from functools import cache

from fgc_standard.entities import TABLES, spec_for_table
from fgc_standard.io.coerce import normalise_header

__all__ = [
    "GUIDANCE_SHEET",
    "LISTS_SHEET",
    "SHEET_NAMES",
    "friendly_header",
    "friendly_headers",
    "table_for_sheet",
]

#: Table name -> sheet name.
SHEET_NAMES: dict[str, str] = {name: name.capitalize() for name in TABLES}
#: The template's sheet of guidance for the people filling it in.
GUIDANCE_SHEET = "Guidance"
#: The template's hidden sheet of code lists that feeds its dropdowns.
LISTS_SHEET = "Lists"

#: Words written in capitals in friendly headers.
_ACRONYMS = {"la": "LA", "cin": "CIN", "id": "ID", "ids": "IDs"}


def friendly_header(field_name: str) -> str:
    """Return the header a person reads for a field (``referral_date`` -> ``Referral date``).

    It normalises back to the field name (see
    :func:`~fgc_standard.io.coerce.normalise_header`), so a filled-in template
    reads back even without the mapping.
    """
    words = [_ACRONYMS.get(w, w) for w in field_name.split("_")]
    first = words[0] if words[0] in _ACRONYMS.values() else words[0].capitalize()
    return " ".join([first, *words[1:]])


@cache
def friendly_headers(table: str) -> dict[str, str]:
    """Friendly header -> field name, for one table."""
    return {friendly_header(f.name): f.name for f in spec_for_table(table).fields}


def table_for_sheet(sheet_name: str) -> str | None:
    """Return the table a sheet holds (``"Referrals"`` -> ``"referrals"``), if any."""
    key = normalise_header(sheet_name)
    return key if key in TABLES else None
