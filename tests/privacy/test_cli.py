"""``fgc pseudonymise`` and ``fgc minimise``: outputs, the source untouched, the key unseen."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from fgc_standard.cli.main import main
from fgc_standard.io import read_csv_package
from fgc_standard.validate import validate

from .conftest import KEY_A


def _digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        sha.update(path.name.encode() + path.read_bytes())
    return sha.hexdigest()


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "fgc.key"
    path.write_text(KEY_A.hex() + "\n")
    return path


def test_pseudonymise_writes_a_valid_copy_and_never_the_key(
    example_path: Path, tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _digest(example_path)
    out = tmp_path / "out"
    assert main(["pseudonymise", str(example_path), str(out), "--key-file", str(key_file)]) == 0
    printed = capsys.readouterr()
    assert _digest(example_path) == before
    written = b"".join(p.read_bytes() for p in out.iterdir())
    for secret in (KEY_A, KEY_A.hex().encode(), KEY_A.hex().upper().encode()):
        assert secret not in written
        assert secret.decode("latin-1") not in printed.out + printed.err
    assert b"C001" not in written
    result = read_csv_package(out)
    assert result.issues == []
    assert validate(result.data).groups == []


def test_pseudonymise_and_minimise_by_age(
    example_path: Path, tmp_path: Path, key_file: Path
) -> None:
    out = tmp_path / "out"
    argv = ["pseudonymise", str(example_path), str(out), "--key-file", str(key_file)]
    assert main([*argv, "--minimise", "age"]) == 0
    header, first = (out / "children.csv").read_text().splitlines()[:2]
    assert header.endswith(",age_at_referral")
    assert first.startswith("C-")
    assert first.endswith(",8")


def test_minimise_command(example_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "min"
    assert main(["minimise", str(example_path), str(out)]) == 0
    assert "C001,,2017-03," in (out / "children.csv").read_text()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["pseudonymise", "{example}", "{tmp}/o", "--key-file", "{tmp}/none.key"],
            "does not exist",
        ),
        (["pseudonymise", "{example}", "{tmp}/o", "--key-file", "{tmp}/short.key"], "at least 32"),
        (["pseudonymise", "{example}", "{example}", "--key-file", "{key}"], "overwrite"),
        (["pseudonymise", "{example}", "{example}/sub", "--key-file", "{key}"], "overwrite"),
        (["pseudonymise", "{example}", "{tmp}/busy", "--key-file", "{key}"], "other files"),
        (["pseudonymise", "{tmp}/none", "{tmp}/o", "--key-file", "{key}"], "no such"),
        (["minimise", "{example}", "{example}"], "overwrite"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(
    argv: list[str],
    message: str,
    example_path: Path,
    tmp_path: Path,
    key_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "short.key").write_bytes(b"0123456789")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("keep me")
    before = _digest(example_path)
    args = [a.format(tmp=tmp_path, example=example_path, key=key_file) for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert _digest(example_path) == before
    assert (tmp_path / "busy" / "notes.txt").read_text() == "keep me"


def test_extra_columns_are_not_counted_as_unreadable_values(
    example_path: Path, tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    source = tmp_path / "src"
    shutil.copytree(example_path, source)
    lines = (source / "children.csv").read_text().splitlines()
    lines = [lines[0] + ",nickname,school"] + [line + ",Sunny,Hill Road" for line in lines[1:]]
    (source / "children.csv").write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    assert main(["pseudonymise", str(source), str(out), "--key-file", str(key_file)]) == 0
    printed = capsys.readouterr().out
    assert "could not be read" not in printed
    assert "2 column(s) not in the standard were left out" in printed
    assert "nickname" not in (out / "children.csv").read_text()
    assert "Sunny" not in (out / "children.csv").read_text()


def test_unreadable_values_are_counted_apart_from_extra_columns(
    example_path: Path, tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    source = tmp_path / "src"
    shutil.copytree(example_path, source)
    lines = (source / "children.csv").read_text().splitlines()
    lines = [lines[0] + ",nickname"] + [line + ",Sunny" for line in lines[1:]]
    lines[1] = lines[1].replace("2017-03-14", "2017-02-30", 1)
    (source / "children.csv").write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    assert main(["pseudonymise", str(source), str(out), "--key-file", str(key_file)]) == 0
    printed = capsys.readouterr().out
    assert "note: 1 value(s) of the source could not be read" in printed
    assert "1 column(s) not in the standard were left out" in printed


def test_a_notepad_hex_key_gives_the_same_pseudonyms(
    example_path: Path, tmp_path: Path, key_file: Path
) -> None:
    bom = tmp_path / "bom.key"
    bom.write_bytes(b"\xef\xbb\xbf" + KEY_A.hex().encode() + b"\r\n")
    plain, notepad = tmp_path / "plain", tmp_path / "notepad"
    assert main(["pseudonymise", str(example_path), str(plain), "--key-file", str(key_file)]) == 0
    assert main(["pseudonymise", str(example_path), str(notepad), "--key-file", str(bom)]) == 0
    assert _digest(plain) == _digest(notepad)


def test_a_text_key_that_is_neither_hex_nor_base64_exits_2(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "words.key"
    key.write_text("this passphrase is long enough but is not a key at all\n")
    out = tmp_path / "o"
    assert main(["pseudonymise", str(example_path), str(out), "--key-file", str(key)]) == 2
    err = capsys.readouterr().err
    assert "neither hexadecimal nor base64" in err
    assert "passphrase" not in err
    assert err.count("\n") == 1
    assert not out.exists()
