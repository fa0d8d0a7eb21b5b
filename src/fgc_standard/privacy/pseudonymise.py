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

import base64
import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass

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


class _Hasher:
    def __init__(self, key: bytes) -> None:
        self._base = hmac.new(key, digestmod=hashlib.sha256)

    def one(self, namespace: str, identifier: str) -> str:
        mac = self._base.copy()
        mac.update(namespace.encode("utf-8") + b"\x00" + identifier.encode("utf-8"))
        code = base64.b32encode(mac.digest()[:_DIGEST_BYTES]).decode("ascii")
        return f"{PREFIXES.get(namespace, 'K')}-{code}"

    def mapping(self, namespace: str, values: pa.Array) -> tuple[pa.Array, pa.Array]:
        """Distinct ids and their pseudonyms, in the same order."""
        distinct = pc.unique(values.drop_null()) if len(values) else pa.array([], pa.string())
        hashed = [self.one(namespace, v) for v in distinct.to_pylist()]
        if len(set(hashed)) != len(hashed):
            raise FGCError(
                f"two {namespace} identifiers share a pseudonym (a chance of about one in "
                "10^11); pseudonymise with another key"
            )
        return distinct, pa.array(hashed, pa.string())


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
