"""Key files: raw bytes, hex or base64 text; clear errors otherwise."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from fgc_standard.privacy import InvalidKeyError, read_key_file

from .conftest import KEY_A


@pytest.mark.parametrize(
    "content",
    [
        KEY_A,
        KEY_A.hex().encode() + b"\n",
        KEY_A.hex().upper().encode(),
        base64.b64encode(KEY_A) + b"\n",
        base64.urlsafe_b64encode(KEY_A),
    ],
    ids=["raw", "hex", "HEX", "base64", "base64url"],
)
def test_key_files_in_every_documented_form(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fgc.key"
    path.write_bytes(content)
    assert read_key_file(path) == KEY_A


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \n", "is empty"),
        (b"abcdef", "at least 32"),
        (KEY_A.hex()[:40].encode(), "20 bytes"),
    ],
)
def test_bad_key_files_are_clear_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "fgc.key"
    path.write_bytes(content)
    with pytest.raises(InvalidKeyError, match=message):
        read_key_file(path)


def test_missing_key_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InvalidKeyError, match="does not exist"):
        read_key_file(tmp_path / "none.key")
    with pytest.raises(InvalidKeyError, match="is a folder"):
        read_key_file(tmp_path)


_HEX_A = KEY_A.hex().encode()
_B64_64 = base64.b64encode(bytes(range(64)))


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"\xef\xbb\xbf" + _HEX_A + b"\n", KEY_A),
        (b"\xef\xbb\xbf" + _HEX_A + b"\r\n", KEY_A),
        (_HEX_A[:32] + b"\r\n" + _HEX_A[32:] + b"\r\n", KEY_A),
        (_B64_64[:64] + b"\n" + _B64_64[64:] + b"\n", bytes(range(64))),
        (b"\xef\xbb\xbf" + _B64_64[:64] + b"\r\n" + _B64_64[64:] + b"\r\n", bytes(range(64))),
    ],
    ids=["hex-bom", "hex-bom-crlf", "hex-wrapped", "base64-wrapped", "base64-bom-crlf-wrapped"],
)
def test_text_key_files_decode_whatever_the_editor(
    tmp_path: Path, content: bytes, key: bytes
) -> None:
    path = tmp_path / "fgc.key"
    path.write_bytes(content)
    assert read_key_file(path) == key


@pytest.mark.parametrize(
    "content",
    [
        b"correct horse battery staple, a passphrase and not a key\n",
        b"\xef\xbb\xbf" + b"z" * 64 + b"!\n",
        b"hello world passphrase xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
    ],
    ids=["passphrase", "bom-not-hex", "words-that-join-into-base64"],
)
def test_text_key_file_neither_hex_nor_base64_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fgc.key"
    path.write_bytes(content)
    with pytest.raises(InvalidKeyError, match="neither hexadecimal nor base64") as caught:
        read_key_file(path)
    assert "horse" not in str(caught.value)


def test_raw_key_starting_with_bom_bytes_stays_raw(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + KEY_A
    path = tmp_path / "fgc.key"
    path.write_bytes(raw)
    assert read_key_file(path) == raw
