"""Every ``fgc`` command written in a page parses: no page names a command or option that is gone.

Commands in the guides run in full (see test_examples.py); this test covers the
ones that pages quote in passing, in code blocks and inline code.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex

import pytest

from fgc_standard.cli.main import build_parser

from .conftest import DOCS

_BLOCK = re.compile(r"```(?:sh|bash|console)\n(.*?)```", re.DOTALL)
_INLINE = re.compile(r"`(fgc [^`]+)`")


def quoted_commands() -> list[tuple[str, str]]:
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        if "reference" in page.relative_to(DOCS).parts:
            continue  # generated pages quote no commands to run
        text = page.read_text("utf-8")
        lines = [line for block in _BLOCK.findall(text) for line in block.splitlines()]
        lines += _INLINE.findall(text)
        for line in lines:
            command = line.split("#", 1)[0].split(" || ", 1)[0].strip()
            if command.startswith("fgc "):
                found.append((page.relative_to(DOCS).as_posix(), command))
    return found


COMMANDS = quoted_commands()


def test_pages_quote_commands():
    assert len(COMMANDS) >= 5


@pytest.mark.parametrize(("page", "command"), COMMANDS, ids=[f"{p}: {c}" for p, c in COMMANDS])
def test_quoted_command_parses(page, command):
    parser = build_parser()
    err = io.StringIO()
    code: object = None
    args = None
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            args = parser.parse_args(shlex.split(command)[1:])
    except SystemExit as exit_:
        code = exit_.code
    if args is None:
        # --version and --help exit 0 by design; naming a command without its
        # arguments ("`fgc validate` exits with 1") is fine; a command or option
        # that does not exist is not
        message = err.getvalue()
        named_only = "the following arguments are required" in message
        assert code == 0 or named_only, f"{page}: `{command}` does not parse: {message}"
    else:
        assert args.command is not None, f"{page}: `{command}` names no subcommand"
