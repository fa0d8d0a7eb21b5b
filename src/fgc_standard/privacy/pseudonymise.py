"""Keyed pseudonyms for every identifier of a return.

Each identifier is replaced by ``<prefix>-<16 base32 characters>``: the first
10 bytes (80 bits) of HMAC-SHA256(key, ``<namespace> NUL <id>``). The same key
gives the same pseudonym in every return and every year, so records still
link; without the key the pseudonym cannot be turned back into the id, nor
checked against a guessed id.

**Which fields.** Child ids and family ids are personal data; but the other
keys can carry them too (an outcome id such as ``X2025-0042-C000123-M12``
embeds the child's id), and service ids are themselves a link to the LA's
records. So every identifier field of the standard is pseudonymised, found in
the entity specs: primary keys, foreign keys and ``family_id``. A foreign key
is hashed in the namespace of the table it refers to, so that keys still join.

**Collisions.** With 80-bit pseudonyms the chance that two of ``n`` distinct
ids of one namespace share a pseudonym is about ``n² / 2^81``: for ten million
children, about 4 in 10^11. :func:`pseudonymise` checks anyway and raises if it
ever happens, rather than silently merging two children.

**Speed.** Hashing needs Python once per *distinct* id; the columns are then
mapped in Arrow (``index_in`` and ``take``), with list columns (a referral's
child ids) mapped through their flattened values.

Columns that the source held outside the standard (``extra_columns``) are
dropped: nothing says what they contain.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fgc_standard.entities import RECORD_ENTITIES, entity_spec
from fgc_standard.errors import FGCError
from fgc_standard.privacy.keys import check_key
from fgc_standard.returns import FGCReturn

__all__ = ["IdentifierField", "identifier_fields", "pseudonym", "pseudonymise"]

#: Pseudonym prefix per namespace (the table a key belongs to), as in the examples.
PREFIXES: dict[str, str] = {
    "children": "C",
    "families": "F",
    "referrals": "R",
    "offers": "O",
    "acceptances": "A",
    "conferences": "M",
    "plans": "P",
    "outcomes": "X",
}
_DIGEST_BYTES = 10
_BLOCK = 64  # SHA-256 block size in bytes


@dataclass(frozen=True)
class IdentifierField:
    """A field of the standard that holds identifiers.

    Attributes:
        table: The table.
        field: The field.
        namespace: Whose identifier it is: the table the key belongs to, or
            ``families`` for ``family_id``.
        is_list: Whether the field is a list of identifiers.
    """

    table: str
    field: str
    namespace: str
    is_list: bool


def identifier_fields() -> tuple[IdentifierField, ...]:
    """Every identifier field of the record-level tables, from the entity specs."""
    found: list[IdentifierField] = []
    for model in RECORD_ENTITIES:
        spec = entity_spec(model)
        for f in spec.fields:
            if f.primary_key:
                namespace = spec.table
            elif f.foreign_key is not None:
                namespace = f.foreign_key[0]
            elif f.name == "family_id":
                namespace = "families"
            else:
                continue
            found.append(IdentifierField(spec.table, f.name, namespace, f.is_list))
    return tuple(found)


def pseudonym(key: bytes, namespace: str, identifier: str) -> str:
    """The pseudonym of one identifier (what :func:`pseudonymise` writes).

    Args:
        key: The secret key (at least 32 bytes).
        namespace: Whose identifier it is (``"children"``, ``"families"``, ...).
        identifier: The identifier.
    """
    return _Hasher(check_key(key)).one(namespace, identifier)


_ALPHABET = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", dtype=np.uint8)


def _encode(digests: bytes, prefix: str) -> pa.Array:
    """Base32 of each 10-byte digest, after ``<prefix>-``, as one Arrow string array.

    Ten bytes are exactly sixteen base32 characters, so the text is built for
    all digests at once with numpy rather than one Python string at a time.
    """
    rows = np.frombuffer(digests, dtype=np.uint8).reshape(-1, _DIGEST_BYTES).astype(np.uint64)
    count = rows.shape[0]
    head = (prefix + "-").encode("ascii")
    width = len(head) + 16
    text = np.empty((count, width), dtype=np.uint8)
    text[:, : len(head)] = np.frombuffer(head, dtype=np.uint8)
    for half in range(2):  # each 5 bytes (40 bits) make 8 characters
        bits = np.zeros(count, dtype=np.uint64)
        for byte in range(5):
            bits = (bits << np.uint64(8)) | rows[:, half * 5 + byte]
        for char in range(8):
            shift = np.uint64(35 - 5 * char)
            column = len(head) + half * 8 + char
            text[:, column] = _ALPHABET[((bits >> shift) & np.uint64(31)).astype(np.intp)]
    offsets = np.arange(count + 1, dtype=np.int32) * width
    return pa.StringArray.from_buffers(
        count, pa.py_buffer(offsets.tobytes()), pa.py_buffer(text.tobytes())
    )


class _Hasher:
    """HMAC-SHA256 (RFC 2104) with the keyed inner and outer states computed once.

    Copying two prepared SHA-256 states per identifier is the same HMAC as
    :func:`hmac.new`, without its Python wrapper's cost on millions of ids.
    """

    def __init__(self, key: bytes) -> None:
        if len(key) > _BLOCK:
            key = hashlib.sha256(key).digest()
        padded = key.ljust(_BLOCK, b"\x00")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))

    def digests(self, namespace: str, identifiers: list[str]) -> bytes:
        """The truncated MACs of the identifiers, concatenated."""
        inner_copy, outer_copy = self._inner.copy, self._outer.copy
        tag = namespace.encode("utf-8") + b"\x00"
        parts: list[bytes] = []
        for identifier in identifiers:
            inner = inner_copy()
            inner.update(tag + identifier.encode("utf-8"))
            outer = outer_copy()
            outer.update(inner.digest())
            parts.append(outer.digest()[:_DIGEST_BYTES])
        return b"".join(parts)

    def one(self, namespace: str, identifier: str) -> str:
        encoded = _encode(self.digests(namespace, [identifier]), PREFIXES.get(namespace, "K"))
        return str(encoded[0].as_py())

    def mapping(self, namespace: str, values: pa.Array) -> tuple[pa.Array, pa.Array]:
        """Distinct ids and their pseudonyms, in the same order."""
        distinct = pc.unique(values.drop_null()) if len(values) else pa.array([], pa.string())
        digests = self.digests(namespace, distinct.to_pylist())
        hashed = _encode(digests, PREFIXES.get(namespace, "K"))
        if len(pc.unique(hashed)) != len(hashed):
            raise FGCError(
                f"two {namespace} identifiers share a pseudonym (a chance of about one in "
                "10^11); pseudonymise with another key"
            )
        return distinct, hashed


def _flat(column: pa.ChunkedArray, is_list: bool) -> pa.Array:
    array = column.combine_chunks()
    return array.flatten() if is_list else array


def _mapped(array: pa.Array, distinct: pa.Array, hashed: pa.Array) -> pa.Array:
    positions = pc.index_in(array, value_set=distinct)
    return hashed.take(positions)


def _replace(
    column: pa.ChunkedArray, is_list: bool, distinct: pa.Array, hashed: pa.Array
) -> pa.Array:
    array = column.combine_chunks()
    if not is_list:
        return _mapped(array, distinct, hashed)
    # map the list's whole child array and keep its offsets and nulls
    values = _mapped(array.values, distinct, hashed)
    return pa.ListArray.from_arrays(array.offsets, values, type=array.type, mask=array.is_null())


def pseudonymise(ret: FGCReturn, key: bytes) -> FGCReturn:
    """Return a copy of a return with every identifier replaced by a keyed pseudonym.

    Args:
        ret: The return.
        key: The secret key: at least 32 random bytes. Keep it in the LA; the
            same key gives the same pseudonyms in every return.

    Returns:
        A new return with the same rows, in the same order; keys still join.
        Columns outside the standard are dropped.

    Raises:
        InvalidKeyError: The key is missing or too short (a :class:`FGCError`).
    """
    hasher = _Hasher(check_key(key))
    fields = identifier_fields()
    by_namespace: dict[str, list[pa.Array]] = defaultdict(list)
    for f in fields:
        by_namespace[f.namespace].append(_flat(ret.table(f.table).column(f.field), f.is_list))
    maps = {
        namespace: hasher.mapping(namespace, pa.concat_arrays(arrays))
        for namespace, arrays in by_namespace.items()
    }
    tables = dict(ret.tables)
    for f in fields:
        table = tables[f.table]
        index = table.schema.get_field_index(f.field)
        new = _replace(table.column(index), f.is_list, *maps[f.namespace])
        tables[f.table] = table.set_column(index, table.schema.field(index), new)
    return FGCReturn(tables, sources=dict(ret.sources))
