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
