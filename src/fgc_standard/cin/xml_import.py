"""Read the census module back from CIN census XML: the fields FGC data determines.

The reader is a streaming expat parser that keeps only ``LAchildID`` and the
``PreProceedingsandFGDM`` blocks; every other element of a full census file is
skipped. It refuses any document type declaration (and so any entity
declaration): census XML needs none, and entity expansion in untrusted XML is
how "billion laughs" and external-entity attacks work. Elements the crosswalk
marks as not determinable by FGC data (``InitialPPMeetingDate``,
``ReviewMeetingsCount``) are read past: they belong to the case record.

The result is a crosswalk table (:func:`~fgc_standard.cin.derive.census_items_schema`
without the referral column, since the census does not carry it): one row per
module block, ``child_id`` first.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any
from xml.parsers import expat

import pyarrow as pa

from fgc_standard.cin.crosswalk import MODULE_ELEMENT, CensusItem, derived_items
from fgc_standard.cin.derive import CHILD_COLUMN, census_items_schema
from fgc_standard.codelists import codelist
from fgc_standard.errors import ReadError

__all__ = ["parse_census_xml", "read_census_xml"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FLAGS = {"1": 1, "0": 0, "true": 1, "false": 0}


class _RefusedError(Exception):
    """A construct the reader does not accept; carries the message."""


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.items: dict[str, CensusItem] = {i.element: i for i in derived_items()}
        self.parser = expat.ParserCreate()
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.parser.ExternalEntityRefHandler = self._external
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._chars
        self.stack: list[str] = []
        self.text: list[str] = []
        self.child_id: str | None = None
        self.child_modules: list[dict[str, Any]] = []
        self.module: dict[str, Any] | None = None
        self.module_seen: set[str] = set()
        self.child_id_count = 0
        self.rows: list[dict[str, Any]] = []

    # -- refusals ------------------------------------------------------------------

    def _doctype(self, *_: Any) -> None:
        raise _RefusedError("has a DOCTYPE declaration; census XML needs none and it is refused")

    def _entity(self, *_: Any) -> None:
        raise _RefusedError("declares an entity (<!ENTITY>); entity expansion is refused")

    def _external(self, *_: Any) -> int:
        raise _RefusedError("refers to an external entity; it is refused")

    # -- elements ------------------------------------------------------------------

    def _start(self, tag: str, _attrs: dict[str, str]) -> None:
        if not self.stack and tag != "Message":
            raise _RefusedError(f"has the root element <{tag}>; a census file's root is <Message>")
        self.stack.append(tag)
        self.text = []
        if tag == "Child":
            self.child_id = None
            self.child_id_count = 0
            self.child_modules = []
        elif tag == MODULE_ELEMENT:
            if "Child" not in self.stack:
                raise _RefusedError(f"has a {MODULE_ELEMENT} block outside any <Child>")
            self.module = {}
            self.module_seen = set()
        elif tag == "LAchildID" and "Child" in self.stack:
            self.child_id_count += 1
            if self.child_id_count > 1:
                raise _RefusedError(
                    f"has more than one <LAchildID> in the <Child> of child {self.child_id or '?'}"
                )
        elif self.module is not None and tag in self.items and self.stack[-2] == MODULE_ELEMENT:
            # the census allows each item once per block: never keep just the last
            if tag in self.module_seen:
                raise _RefusedError(
                    f"has more than one <{tag}> in one {MODULE_ELEMENT} block "
                    f"of child {self.child_id or '?'}"
                )
            self.module_seen.add(tag)

    def _chars(self, data: str) -> None:
        self.text.append(data)

    def _end(self, tag: str) -> None:
        text = "".join(self.text).strip()
        self.text = []
        self.stack.pop()
        if tag == "LAchildID" and "Child" in self.stack:
            self.child_id = text
        elif tag == MODULE_ELEMENT and self.module is not None:
            self.child_modules.append(self.module)
            self.module = None
        elif self.module is not None and tag in self.items and self.stack[-1] == MODULE_ELEMENT:
            item = self.items[tag]
            if text and item.column:
                self.module[item.column] = self._value(item, text)
        elif tag == "Child":
            if self.child_modules and not self.child_id:
                raise _RefusedError("has a <Child> with pre-proceedings data but no LAchildID")
            for module in self.child_modules:
                self.rows.append({CHILD_COLUMN: self.child_id, **module})
            self.child_modules = []

    def _value(self, item: CensusItem, text: str) -> Any:
        where = f"<{item.element}> of child {self.child_id or '?'}"
        if item.kind == "date":
            try:
                if not _ISO_DATE.match(text):
                    raise ValueError
                return date.fromisoformat(text)
            except ValueError:
                raise _RefusedError(f"{where}: {text!r} is not a date (YYYY-MM-DD)") from None
        if item.kind == "flag":
            if text.lower() not in _FLAGS:
                raise _RefusedError(f"{where}: {text!r} is not a flag (1 or 0)")
            return _FLAGS[text.lower()]
        listed = codelist(item.codelist_name) if item.codelist_name else None
        if listed is not None and text not in listed:
            codes = ", ".join(c.code for c in listed.codes)
            raise _RefusedError(f"{where}: {text!r} is not one of the codes {codes}")
        return text

    def fail(self, message: str) -> ReadError:
        line = self.parser.CurrentLineNumber
        return ReadError(f"{self.name}, line {line}: the census XML {message}")


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    schema = census_items_schema(with_referral=False)
    return pa.Table.from_pylist(rows, schema=schema)


def parse_census_xml(data: bytes, name: str = "<bytes>") -> pa.Table:
    """Read the census module blocks of an XML document held in memory.

    Args:
        data: The XML document.
        name: A name for the document in error messages.

    Returns:
        The crosswalk table: ``child_id`` and one column per derived item.

    Raises:
        ReadError: The XML is malformed, its root is not ``<Message>``, it
            declares a DOCTYPE or entities, an element the census allows once
            repeats, or an element holds a value the census does not allow.
    """
    reader = _Reader(name)
    try:
        reader.parser.Parse(data, True)
    except _RefusedError as refused:
        raise reader.fail(str(refused)) from None
    except expat.ExpatError as error:
        raise ReadError(f"{name}: not well-formed XML: {error}") from None
    return _table(reader.rows)


def read_census_xml(path: str | Path) -> pa.Table:
    """Read the census module blocks of a CIN census XML file.

    Args:
        path: The XML file.

    Returns:
        The crosswalk table: ``child_id`` and one column per derived item, one
        row per ``PreProceedingsandFGDM`` block, in file order.

    Raises:
        ReadError: The file cannot be read, is not well-formed XML, its root is
            not ``<Message>``, it declares a DOCTYPE or entities, an element the
            census allows once repeats, or it holds a value the census does not allow.
    """
    path = Path(path)
    reader = _Reader(path.name)
    try:
        with open(path, "rb") as handle:
            reader.parser.ParseFile(handle)
    except OSError as error:
        raise ReadError(f"cannot read {path}: {error.strerror or error}") from None
    except _RefusedError as refused:
        raise reader.fail(str(refused)) from None
    except expat.ExpatError as error:
        raise ReadError(f"{path.name}: not well-formed XML: {error}") from None
    return _table(reader.rows)
