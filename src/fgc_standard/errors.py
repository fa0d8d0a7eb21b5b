"""Exceptions a user can cause. The CLI turns each into a message and an exit code.

Everything the library raises on bad input derives from :class:`FGCError`, so a
caller can catch one type; programming errors stay ordinary Python exceptions.
"""

from __future__ import annotations

__all__ = [
    "CodeListError",
    "FGCError",
    "ReadError",
    "SchemaError",
    "WriteError",
    "first_line",
]


class FGCError(Exception):
    """Base class for every error caused by input or usage, not by a bug."""

    #: The process exit code the CLI uses for this error.
    exit_code: int = 2


class CodeListError(FGCError, KeyError):
    """A code list is unknown or malformed."""

    def __str__(self) -> str:
        # KeyError quotes its message; a user-facing error should not.
        return str(self.args[0]) if self.args else ""


class ReadError(FGCError):
    """A file or folder could not be read as a return."""


class WriteError(FGCError):
    """An output could not be written (for example it would overwrite an input)."""


class SchemaError(FGCError):
    """A table does not have the shape the standard requires (for example a missing column)."""


def first_line(error: BaseException) -> str:
    """An error's first non-blank line, for a one-line message.

    Arrow's and openpyxl's errors may go on with a whole schema or XML context.
    """
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
