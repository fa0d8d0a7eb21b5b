"""Pseudonymisation keys: checked, read from files, never shown.

A key is at least :data:`MIN_KEY_BYTES` random bytes. A key file holds either
the raw bytes, or the key as text: hexadecimal (64 or more hex digits) or
base64 (standard or URL-safe). A file of printable ASCII text (after an optional
UTF-8 byte order mark, ignoring line breaks) is read as text and
must be hex or base64; anything else is raw bytes. So a key file written by
``openssl rand -hex 32 > fgc.key`` or ``openssl rand -base64 64 > fgc.key``
works, and so does ``head -c 32 /dev/urandom > fgc.key``.

Error messages describe the key (its length, the file), never its content.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path

from fgc_standard.errors import FGCError

__all__ = ["MIN_KEY_BYTES", "InvalidKeyError", "check_key", "read_key_file"]

#: The shortest key accepted: 256 bits, the output size of SHA-256.
MIN_KEY_BYTES = 32

_HEX = re.compile(rb"^[0-9a-fA-F]+$")
_BASE64 = re.compile(rb"^[A-Za-z0-9+/_-]+={0,2}$")
_BOM = b"\xef\xbb\xbf"
_WHITESPACE = frozenset(b" \t\r\n\f\v")


class InvalidKeyError(FGCError):
    """A pseudonymisation key is missing, unreadable, not hex or base64 text, or too short."""


def check_key(key: bytes) -> bytes:
    """Return ``key`` if it can pseudonymise, else raise.

    Raises:
        InvalidKeyError: The key is not bytes, or shorter than :data:`MIN_KEY_BYTES`.
    """
    if not isinstance(key, bytes | bytearray):
        raise InvalidKeyError(f"the pseudonymisation key must be bytes, not {type(key).__name__}")
    if len(key) < MIN_KEY_BYTES:
        raise InvalidKeyError(
            f"the pseudonymisation key is {len(key)} bytes; it must be at least "
            f"{MIN_KEY_BYTES} random bytes (for example: openssl rand -hex 32 > fgc.key)"
        )
    return bytes(key)


def _is_text(content: bytes) -> bool:
    """Whether ``content`` is printable ASCII text (with whitespace), not raw bytes."""
    return all(32 <= byte < 127 or byte in _WHITESPACE for byte in content)


def _decode(content: bytes, path: Path) -> bytes:
    """Decode a key file's content: hex or base64 text, else raw bytes.

    Text (printable ASCII, after an optional UTF-8 byte order mark) must be hex
    or base64; line breaks (wrapping, CRLF, a final newline) and spaces around
    a line are ignored. Any other content is a raw binary key.

    Raises:
        InvalidKeyError: The file is text but neither hex nor base64.
    """
    body = content.removeprefix(_BOM)
    if not _is_text(body):
        # A raw key that happens to start with the BOM bytes keeps them.
        return content
    # line breaks (wrapping, CRLF) go; a space inside a line makes it not a key
    text = b"".join(line.strip() for line in body.splitlines())
    if _HEX.match(text) and len(text) % 2 == 0:
        return binascii.unhexlify(text)
    if _BASE64.match(text) and len(text) % 4 == 0:
        try:
            return base64.b64decode(text.replace(b"-", b"+").replace(b"_", b"/"), validate=True)
        except binascii.Error:
            pass
    raise InvalidKeyError(
        f"the key file {path} holds text that is neither hexadecimal nor base64; "
        "write the key as hex (openssl rand -hex 32 > fgc.key) or as raw bytes"
    )


def read_key_file(path: str | Path) -> bytes:
    """Read a pseudonymisation key from a file (raw bytes, hex or base64 text).

    Raises:
        InvalidKeyError: The file is missing or unreadable, holds text that is
            neither hex nor base64, or the key is too short.
    """
    path = Path(path)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise InvalidKeyError(f"the key file {path} does not exist") from None
    except IsADirectoryError:
        raise InvalidKeyError(f"the key file {path} is a folder") from None
    except OSError as error:
        raise InvalidKeyError(
            f"cannot read the key file {path}: {error.strerror or error}"
        ) from None
    if not content.removeprefix(_BOM).strip():
        raise InvalidKeyError(f"the key file {path} is empty")
    key = _decode(content, path)
    try:
        return check_key(key)
    except InvalidKeyError as error:
        raise InvalidKeyError(f"{path}: {error}") from None
