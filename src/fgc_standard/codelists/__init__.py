"""Code lists: the CSV files in ``codelists/data`` are the single source of every code.

Each list is one CSV with the columns ``code,label,description,deprecated_since``
and, for some lists, attribute columns (``group`` for ethnicity, ``region`` for
local authorities, ...). ``_index.csv`` holds one row per list: its title,
description, source and whether it is *closed* (other values are errors) or
*open* (other values pass, with a query).

Python types are built from these files at first use; there is no second,
hand-written copy of any code.
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Literal

from fgc_standard.errors import CodeListError

__all__ = [
    "Code",
    "CodeList",
    "codelist",
    "codelist_csv_bytes",
    "codelist_names",
    "codelists",
    "parse_codelist",
]

Openness = Literal["closed", "open"]
_BASE_COLUMNS = ("code", "label", "description", "deprecated_since")


@dataclass(frozen=True)
class Code:
    """One code of a list.

    Attributes:
        code: The value written in the data.
        label: A short human label.
        description: What the code means, for a practitioner.
        deprecated_since: The standard version or date from which the code is
            deprecated, or an empty string. Deprecated codes still validate,
            with a query.
        attributes: Extra columns of the list (for example ``group``).
    """

    code: str
    label: str
    description: str = ""
    deprecated_since: str = ""
    attributes: Mapping[str, str] = field(default_factory=dict)

    @property
    def deprecated(self) -> bool:
        """Whether the code is deprecated."""
        return bool(self.deprecated_since)


@dataclass(frozen=True)
class CodeList:
    """A named list of codes, loaded from its CSV file.

    Attributes:
        name: The list's name, also its file name without ``.csv``.
        title: A human title.
        description: What the list is for.
        openness: ``"closed"`` (other values are errors) or ``"open"`` (other
            values pass, with a query).
        source: Where the codes come from.
        codes: The codes, in file order.
        attribute_names: The extra columns beyond the four standard ones.
    """

    name: str
    title: str
    description: str
    openness: Openness
    source: str
    codes: tuple[Code, ...]
    attribute_names: tuple[str, ...] = ()

    @property
    def closed(self) -> bool:
        """Whether values outside the list are errors."""
        return self.openness == "closed"

    @property
    def filename(self) -> str:
        """The list's CSV file name, as named in schema annotations."""
        return f"{self.name}.csv"

    @cached_property
    def values(self) -> frozenset[str]:
        """Every code, deprecated ones included."""
        return frozenset(c.code for c in self.codes)

    @cached_property
    def current_values(self) -> frozenset[str]:
        """The codes that are not deprecated."""
        return frozenset(c.code for c in self.codes if not c.deprecated)

    @cached_property
    def _by_code(self) -> dict[str, Code]:
        return {c.code: c for c in self.codes}

    def __contains__(self, value: object) -> bool:
        return value in self._by_code

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, code: str) -> Code:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"{code!r} is not a code in the list {self.name!r}") from None

    def get(self, code: str) -> Code | None:
        """Return the code, or ``None`` when the value is not in the list."""
        return self._by_code.get(code)

    def label(self, code: str) -> str:
        """Return the label of a code, or the code itself when it is not in the list."""
        found = self._by_code.get(code)
        return found.label if found else code

    def attribute(self, name: str) -> dict[str, str]:
        """Map each code to the value of one attribute column.

        Args:
            name: The attribute column, for example ``"group"``.

        Raises:
            KeyError: The list has no such column.
        """
        if name not in self.attribute_names:
            raise KeyError(f"the list {self.name!r} has no column {name!r}")
        return {c.code: c.attributes[name] for c in self.codes}

    @cached_property
    def enum(self) -> type[enum.StrEnum]:
        """A :class:`enum.StrEnum` built from the file, one member per code.

        Member names are the codes, made into identifiers where needed
        (``"1A"`` becomes ``C_1A``); member values are the codes themselves.
        """
        members = {_member_name(c.code): c.code for c in self.codes}
        built = enum.StrEnum(_class_name(self.name), members)  # type: ignore[misc]
        built.__doc__ = f"{self.title}: {self.description}"
        return built


def _member_name(code: str) -> str:
    name = "".join(ch if ch.isalnum() else "_" for ch in code)
    return name if name[:1].isalpha() else f"C_{name}"


def _class_name(list_name: str) -> str:
    return "".join(part.capitalize() for part in list_name.split("_"))


def _data_dir() -> resources.abc.Traversable:
    return resources.files("fgc_standard.codelists").joinpath("data")


def codelist_csv_bytes(name: str) -> bytes:
    """Return the shipped CSV file of a code list, byte for byte.

    Args:
        name: The list's name, for example ``"ethnicity"``.

    Raises:
        CodeListError: No such list.
    """
    if name not in _index():
        raise CodeListError(_unknown(name))
    return _data_dir().joinpath(f"{name}.csv").read_bytes()


@cache
def _index() -> dict[str, dict[str, str]]:
    text = _data_dir().joinpath("_index.csv").read_text(encoding="utf-8")
    return {row["name"]: row for row in csv.DictReader(io.StringIO(text))}


def _unknown(name: str) -> str:
    return f"no code list named {name!r}; the lists are: {', '.join(sorted(_index()))}"


@cache
def codelist(name: str) -> CodeList:
    """Load one code list from its CSV file.

    Args:
        name: The list's name, for example ``"ethnicity"``.

    Returns:
        The list, cached after the first call.

    Raises:
        CodeListError: No such list, or the file is malformed.
    """
    meta = _index().get(name)
    if meta is None:
        raise CodeListError(_unknown(name))
    try:
        text = codelist_csv_bytes(name).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CodeListError(f"code list {name!r}: cannot read {name}.csv: {error}") from None
    return parse_codelist(name, meta, text)


def parse_codelist(name: str, meta: Mapping[str, str], text: str) -> CodeList:
    """Build a code list from its index row and the text of its CSV file.

    Args:
        name: The list's name.
        meta: Its row of ``_index.csv`` (``title``, ``openness``, ``description``,
            ``source``).
        text: The CSV file's text.

    Raises:
        CodeListError: The file or the index row is malformed; the message
            names the list and, for a bad row, its line.
    """
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    if header[: len(_BASE_COLUMNS)] != _BASE_COLUMNS:
        raise CodeListError(
            f"code list {name!r}: the header must start with {','.join(_BASE_COLUMNS)}, "
            f"found {','.join(header)}"
        )
    extra = header[len(_BASE_COLUMNS) :]
    codes: list[Code] = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        # DictReader fills missing cells with None and gathers extra ones under None
        if None in row or any(value is None for value in row.values()):
            raise CodeListError(
                f"code list {name!r}, line {line}: expected {len(header)} cells "
                f"({','.join(header)})"
            )
        code = row["code"]
        if not code or code != code.strip() or code in seen:
            raise CodeListError(f"code list {name!r}, line {line}: bad or repeated code {code!r}")
        if not row["label"].strip():
            raise CodeListError(f"code list {name!r}, line {line}: code {code!r} has no label")
        seen.add(code)
        codes.append(
            Code(
                code=code,
                label=row["label"],
                description=row["description"],
                deprecated_since=row["deprecated_since"],
                attributes={k: row[k] for k in extra},
            )
        )
    if not codes:
        raise CodeListError(f"code list {name!r} has no codes")
    openness = meta.get("openness")
    if openness not in ("closed", "open"):
        raise CodeListError(f"code list {name!r}: openness must be closed or open: {openness!r}")
    return CodeList(
        name=name,
        title=meta.get("title", ""),
        description=meta.get("description", ""),
        openness="closed" if openness == "closed" else "open",
        source=meta.get("source", ""),
        codes=tuple(codes),
        attribute_names=extra,
    )


def codelist_names() -> tuple[str, ...]:
    """Return the names of every code list, in the index's order."""
    return tuple(_index())


def codelists() -> dict[str, CodeList]:
    """Load every code list, keyed by name."""
    return {name: codelist(name) for name in _index()}
