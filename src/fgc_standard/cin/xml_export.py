"""Write the census module items of a return as CIN census XML.

The envelope is the smallest that carries the module where the census puts
it::

    <Message>
      <Header>
        <CollectionDetails><Collection>CIN</Collection><Year>2026</Year>
          <ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails>
        <Source><SourceLevel>L</SourceLevel><LEA>938</LEA>
          <SoftwareCode>fgc-standard</SoftwareCode><Release>1.0.0</Release></Source>
      </Header>
      <Children>
        <Child>
          <ChildIdentifiers><LAchildID>C000123</LAchildID></ChildIdentifiers>
          <CINdetails>
            <PreProceedingsandFGDM>...</PreProceedingsandFGDM>   (one per episode)
          </CINdetails>
        </Child>
      </Children>
    </Message>

A child appears only if the return holds pre-proceedings data for them, with
one ``CINdetails`` holding one module block per pre-proceedings episode
(referral), in date order. The FGC record does not know the child's CIN
episodes (``CINreferralDate`` and the rest), so none are written: the LA's
census software places the module blocks in the right ``CINdetails``. Dates
are ISO (YYYY-MM-DD), flags 1/0, and an element is absent when its value is
unknown. ``Year`` and ``ReferenceDate`` come from the header's period end and
``LEA`` from its LA number: a return whose header lacks either is refused
rather than written with an incomplete census header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pyarrow as pa

from fgc_standard._version import STANDARD_VERSION
from fgc_standard.cin.crosswalk import MODULE_ELEMENT, CensusItem, derived_items
from fgc_standard.cin.derive import CHILD_COLUMN, REFERRAL_COLUMN, census_items
from fgc_standard.errors import FGCError, WriteError
from fgc_standard.files import atomic_path
from fgc_standard.returns import FGCReturn

__all__ = ["census_xml_lines", "write_census_xml"]

_INDENT = "  "
# A character XML 1.0 cannot hold, even escaped (control characters, surrogates, U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(item: CensusItem, value: Any) -> str:
    if item.kind == "date":
        return str(value.isoformat())
    return escape(str(value))


def _la_and_period_end(ret: FGCReturn) -> tuple[str, date]:
    """The LA and the last day of the period, which the census header must carry.

    Raises:
        FGCError: The header has no row, more than one, or lacks either value.
    """
    header = ret.table("header")
    if header.num_rows != 1:
        found = "no row" if header.num_rows == 0 else f"{header.num_rows} rows"
        raise FGCError(
            f"the census needs the LA and the period from the return header, which has "
            f"{found} (a return has exactly one)"
        )
    la = header.column("la_number")[0].as_py()
    period_end = header.column("period_end")[0].as_py()
    missing = [name for name, value in (("la_number", la), ("period_end", period_end)) if not value]
    if missing:
        raise FGCError(
            "the census needs the LA and the period from the return header, which has no "
            + " and no ".join(missing)
        )
    return la, period_end


def _refuse_non_xml(where: str, value: str) -> None:
    found = _NOT_XML.search(value)
    if found:
        raise FGCError(
            f"{where} holds the character U+{ord(found.group()):04X}, which XML 1.0 "
            "cannot hold; correct the return before exporting the census"
        )


def _check_xml_characters(la: str, table: pa.Table) -> None:
    """Refuse any text the XML would carry that XML 1.0 cannot hold.

    Args:
        la: The header's LA number.
        table: The crosswalk table (:func:`~fgc_standard.cin.derive.census_items`).

    Raises:
        FGCError: A value holds such a character; names its table, record and field.
    """
    _refuse_non_xml("table header, field la_number", la)
    columns = [
        f.name for f in table.schema if pa.types.is_string(f.type) and f.name != REFERRAL_COLUMN
    ]
    for row in table.select([REFERRAL_COLUMN, *columns]).to_pylist():
        for column in columns:
            value = row[column]
            if isinstance(value, str):
                # the child ids are the referral's child_ids; the rest are its own fields
                field = "child_ids" if column == CHILD_COLUMN else column
                _refuse_non_xml(
                    f"table referrals, record {row[REFERRAL_COLUMN]!r}, field {field}", value
                )


def _header(la: str, period_end: date) -> list[str]:
    lines = [
        "<Header>",
        f"{_INDENT}<CollectionDetails>",
        f"{_INDENT * 2}<Collection>CIN</Collection>",
        f"{_INDENT * 2}<Year>{period_end.year}</Year>",
        f"{_INDENT * 2}<ReferenceDate>{period_end.isoformat()}</ReferenceDate>",
        f"{_INDENT}</CollectionDetails>",
        f"{_INDENT}<Source>",
        f"{_INDENT * 2}<SourceLevel>L</SourceLevel>",
        f"{_INDENT * 2}<LEA>{escape(la)}</LEA>",
    ]
    lines += [
        f"{_INDENT * 2}<SoftwareCode>fgc-standard</SoftwareCode>",
        f"{_INDENT * 2}<Release>{STANDARD_VERSION}</Release>",
        f"{_INDENT}</Source>",
        "</Header>",
    ]
    return [_INDENT + line for line in lines]


def _module(row: dict[str, Any], items: tuple[CensusItem, ...], depth: int) -> list[str]:
    pad = _INDENT * depth
    lines = [f"{pad}<{MODULE_ELEMENT}>"]
    for item in items:
        value = row.get(item.column) if item.column else None
        if value is not None:
            lines.append(f"{pad}{_INDENT}<{item.element}>{_text(item, value)}</{item.element}>")
    lines.append(f"{pad}</{MODULE_ELEMENT}>")
    return lines


def _children(table: pa.Table) -> Iterator[str]:
    items = derived_items()
    current: str | None = None
    for batch in table.to_batches(max_chunksize=10_000):
        for row in batch.to_pylist():
            child = row[CHILD_COLUMN]
            if child != current:
                if current is not None:
                    yield f"{_INDENT * 3}</CINdetails>"
                    yield f"{_INDENT * 2}</Child>"
                current = child
                yield f"{_INDENT * 2}<Child>"
                yield f"{_INDENT * 3}<ChildIdentifiers>"
                yield f"{_INDENT * 4}<LAchildID>{escape(child)}</LAchildID>"
                yield f"{_INDENT * 3}</ChildIdentifiers>"
                yield f"{_INDENT * 3}<CINdetails>"
            yield from _module(row, items, 4)
    if current is not None:
        yield f"{_INDENT * 3}</CINdetails>"
        yield f"{_INDENT * 2}</Child>"


def _prepare(ret: FGCReturn) -> tuple[str, date, pa.Table]:
    """The LA, the period end and the crosswalk table, once every check has passed.

    Raises:
        FGCError: The header does not give the LA and the period end, or a
            value holds a character XML 1.0 cannot hold.
    """
    la, period_end = _la_and_period_end(ret)
    table = census_items(ret)
    _check_xml_characters(la, table)
    return la, period_end, table


def _lines(la: str, period_end: date, table: pa.Table) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield "<Message>"
    yield from _header(la, period_end)
    yield f"{_INDENT}<Children>"
    yield from _children(table)
    yield f"{_INDENT}</Children>"
    yield "</Message>"


def census_xml_lines(ret: FGCReturn) -> Iterator[str]:
    """Yield the census XML of a return, line by line (without line ends).

    Args:
        ret: A record-level return.

    Raises:
        FGCError: The header does not give the LA and the period end, or a
            value holds a character XML 1.0 cannot hold (before the first line).
    """
    yield from _lines(*_prepare(ret))


def write_census_xml(ret: FGCReturn, target: str | Path) -> int:
    """Write the census XML of a return to a file, atomically.

    Args:
        ret: A record-level return.
        target: The XML file to write.

    Returns:
        The number of module blocks written (child and episode pairs).

    Raises:
        WriteError: The file cannot be written.
        FGCError: The header does not give the LA and the period end, or a
            value holds a character XML 1.0 cannot hold (nothing is written).
    """
    target = Path(target)
    if target.is_dir():
        raise WriteError(f"{target} is a folder; give the XML file to write")
    prepared = _prepare(ret)  # fail before the file is opened
    blocks = 0
    try:
        with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as out:
            for line in _lines(*prepared):
                if line.endswith(f"<{MODULE_ELEMENT}>"):
                    blocks += 1
                out.write(line)
                out.write("\n")
    except OSError as error:
        raise WriteError(f"cannot write {target}: {error.strerror or error}") from None
    return blocks
