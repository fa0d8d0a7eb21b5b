"""How a CSV file's bytes are laid out: its encoding, its header, the line of each record.

Text encodings read: UTF-8 (with or without a byte-order mark) and Windows-1252
(what Excel's plain "CSV" format writes on Windows). The encoding is guessed
from the first megabyte; a file that turns out to mix UTF-8 with another
encoding is refused, naming the line, rather than read with some of its text
garbled. Lines may end in LF, CRLF or (old Mac) CR alone. Arrow counts records,
not lines, and skips blank lines, so the line an editor shows for each record
is worked out here: by counting line breaks (fast) and, only for a file that is
not one line per record, by reading it again as CSV.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from fgc_standard.errors import ReadError, first_line
from fgc_standard.io.coerce import ARROW_FALSE, ARROW_TRUE

__all__ = [
    "CsvLayout",
    "cannot_read",
    "layout_after_invalid_utf8",
    "layout_to_retry",
    "read_csv_columns",
    "record_lines",
    "scan_record_lines",
    "sniff_csv",
]

_BOM = codecs.BOM_UTF8
#: Bytes read to guess a file's encoding.
_SAMPLE = 1 << 20
#: The longest header name read (the csv module's default limit on a cell).
_LONGEST_HEADER = 131_072
#: Bytes per chunk when a whole file is scanned.
_CHUNK = 16 << 20
#: One character of UTF-8 beyond ASCII. Text in Windows-1252 hardly ever holds such a
#: pair or triple of bytes (it reads as ``Ã©`` or ``â€™``, text garbled already).
_UTF8_CHAR = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
#: Python's name of each encoding Arrow is told.
_CODECS = {"utf8": "utf-8", "cp1252": "cp1252"}


@dataclass(frozen=True)
class CsvLayout:
    """How to read one CSV file.

    Attributes:
        names: The header names, as written.
        encoding: ``"utf8"`` or ``"cp1252"``, as Arrow's reader takes it.
        skip: Bytes before the header: a UTF-8 byte-order mark (Arrow skips one
            only in a file it reads as UTF-8), else 0.
        multiline: Whether quoted cells may hold line breaks across Arrow's
            blocks, which makes Arrow's reader slower: set once it has failed so.
        header_only: The file is its header row with no line break after it:
            a table with no record, which Arrow refuses to read ("empty CSV").
    """

    names: tuple[str, ...]
    encoding: str
    skip: int = 0
    multiline: bool = False
    header_only: bool = False

    def empty_table(self) -> pa.Table:
        """The table of a header-only file: its columns as text, no row."""
        return pa.table({name: pa.array([], pa.string()) for name in self.names})

    def arrow_options(
        self, block_size: int, typed: Mapping[str, pa.DataType] | None = None
    ) -> tuple[pacsv.ReadOptions, pacsv.ParseOptions, pacsv.ConvertOptions]:
        """Arrow's options to read the file with: every column as text unless ``typed``.

        Only an empty cell is null (not Arrow's other defaults such as ``NA``,
        which could be a value): the standard has no empty text, and nulls save
        the coercion a pass over every column.
        """
        types = dict.fromkeys(self.names, pa.string())
        types.update(typed or {})
        return (
            pacsv.ReadOptions(encoding=self.encoding, block_size=block_size),
            pacsv.ParseOptions(newlines_in_values=self.multiline),
            pacsv.ConvertOptions(
                column_types=types,
                null_values=[""],
                strings_can_be_null=True,
                true_values=list(ARROW_TRUE),
                false_values=list(ARROW_FALSE),
            ),
        )


def sniff_csv(path: Path) -> CsvLayout:
    """Read a CSV file's header and guess its encoding from its first megabyte.

    The file is UTF-8 unless the sample holds a byte that is not; then it is
    Windows-1252, unless the sample also holds UTF-8 text beyond ASCII (a file
    that mixes the two). A byte that is not UTF-8 after the sample is met when
    Arrow reads the file: see :func:`layout_to_retry`.

    Raises:
        ReadError: The file cannot be opened, is empty, mixes UTF-8 with another
            encoding, or its header row is not CSV.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SAMPLE)
    except OSError as error:
        raise ReadError(f"{path}: cannot read: {error.strerror or error}") from None
    skip = len(_BOM) if head.startswith(_BOM) else 0
    body = head[skip:]
    encoding = "utf8"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        if len(head) == _SAMPLE and error.end == len(body) and error.start >= len(body) - 3:
            # a multi-byte character cut by the end of the sample
            text = body[: error.start].decode("utf-8")
        elif not body[: error.start].isascii() or _UTF8_CHAR.search(body, error.start):
            raise _mixed_encodings(path, skip + error.start, body[error.start]) from None
        else:
            try:
                text, encoding = body.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                raise ReadError(
                    f"{path}: cannot decode the file as UTF-8 or Windows-1252 text"
                ) from None
    try:
        # newline="": lines may end in CR alone (old Mac files), as Arrow reads them
        rows = csv.reader(io.StringIO(text, newline=""))
        # Arrow skips blank lines, before the header too
        first = next((row for row in rows if row), None)
    except csv.Error as error:
        raise ReadError(f"{path}: cannot read the header row as CSV: {error}") from None
    if not first:
        raise ReadError(f"{path}: the file is empty; a CSV table needs a header row")
    longest = max(len(name) for name in first)
    if longest > _LONGEST_HEADER:
        # said here, not left to the csv module, whose limit other libraries change
        raise ReadError(
            f"{path}: cannot read the header row as CSV: a header of {longest:,} characters"
        )
    whole_file = len(head) < _SAMPLE
    header_only = whole_file and b"\n" not in body and b"\r" not in body
    return CsvLayout(tuple(first), encoding, skip, header_only=header_only)


def layout_to_retry(path: Path, layout: CsvLayout, error: Exception) -> CsvLayout | None:
    """How to read a file again after Arrow failed on it, or ``None`` if nothing would help.

    Two failures are worth a second reading: a byte that is not UTF-8 after the
    first megabyte (the file may be Windows-1252, see
    :func:`layout_after_invalid_utf8`), and a parse error, which a quoted cell
    whose line breaks straddle two of Arrow's blocks causes (read again with
    line breaks in values, slower; a file that is not CSV fails again).

    Raises:
        ReadError: The file mixes UTF-8 with another encoding.
    """
    if not isinstance(error, pa.ArrowInvalid):
        return None
    message = str(error)
    if layout.encoding == "utf8" and "invalid UTF8" in message:
        return layout_after_invalid_utf8(path, layout, error)
    if not layout.multiline and ("CSV parse error" in message or "newlines_in_values" in message):
        return replace(layout, multiline=True)
    return None


def layout_after_invalid_utf8(path: Path, layout: CsvLayout, error: Exception) -> CsvLayout:
    """The layout to read a file again with, once Arrow met a byte that is not UTF-8 in it.

    Its first megabyte looked like UTF-8. The whole file is scanned: if it holds
    no UTF-8 text beyond ASCII, it is Windows-1252 text.

    Args:
        path: The file.
        layout: The layout it was read with.
        error: What Arrow raised, for the message if the file is UTF-8 after all.

    Raises:
        ReadError: The file mixes UTF-8 with another encoding (naming the line of
            its first byte that is not UTF-8).
    """
    bad, has_utf8 = _scan_utf8(path, layout.skip)
    if bad is None:
        raise cannot_read(path, error)
    if has_utf8:
        with open(path, "rb") as handle:
            handle.seek(bad)
            byte = handle.read(1)[0]
        raise _mixed_encodings(path, bad, byte)
    return replace(layout, encoding="cp1252")


def _mixed_encodings(path: Path, offset: int, byte: int) -> ReadError:
    return ReadError(
        f"{path}:{_line_at(path, offset)}: the file mixes UTF-8 with another encoding "
        f"(byte 0x{byte:02X} on this line is not UTF-8); save the file as UTF-8 "
        "(in Excel: CSV UTF-8)"
    )


def _scan_utf8(path: Path, skip: int) -> tuple[int | None, bool]:
    """The offset of the file's first byte that is not UTF-8, and whether it holds UTF-8 text.

    UTF-8 text is any character beyond ASCII before that byte, or a valid
    multi-byte UTF-8 character after it.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    bad: int | None = None
    has_utf8 = False
    offset = skip  # of the next chunk
    tail = b""  # the end of the last chunk, for a character cut between chunks
    with open(path, "rb") as handle:
        handle.seek(skip)
        while bad is None or not has_utf8:
            chunk = handle.read(_CHUNK)
            if bad is None:
                try:
                    has_utf8 = not decoder.decode(chunk, final=not chunk).isascii() or has_utf8
                except UnicodeDecodeError as error:
                    # error.object: the bytes held back from the last chunk, then this one
                    start = offset + len(chunk) - len(error.object)
                    bad = start + error.start
                    before = error.object[: error.start]
                    has_utf8 = has_utf8 or not before.isascii()
                    has_utf8 = has_utf8 or bool(_UTF8_CHAR.search(error.object, error.end))
            elif _UTF8_CHAR.search(tail + chunk):
                has_utf8 = True
            if not chunk:
                break
            offset += len(chunk)
            tail = chunk[-3:]
    return bad, has_utf8


def _line_at(path: Path, offset: int) -> int:
    """The 1-based line of the byte at ``offset`` (lines end in LF, CRLF or CR)."""
    line, last = 1, b""
    with open(path, "rb") as handle:
        while offset > 0:
            chunk = handle.read(min(_CHUNK, offset))
            if not chunk:
                break
            offset -= len(chunk)
            line += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            if last == b"\r" and chunk.startswith(b"\n"):
                line -= 1  # a CRLF cut between chunks, counted twice
            last = chunk[-1:]
    return line


def _inner_line_breaks(data: np.ndarray) -> int | None:
    """The line breaks of a file but those ending it, if every line ends in LF or every one in CRLF.

    A header line and a line per record have as many line breaks between them
    as records, whatever ends the file; blank lines and cells of several lines
    add some. ``None`` when they cannot be counted so: a carriage return without
    its line feed (lines ending in CR alone, or a CR in a cell), or hundreds of
    line breaks at the end.
    """
    tail = data[-256:].tobytes()
    last = tail.rstrip(b"\r\n")
    if not last and len(tail) < len(data):
        return None
    feeds = returns = 0
    step = 1 << 22  # chunks that stay in cache: about twice as fast as the whole at once
    for start in range(0, len(data), step):
        chunk = data[start : start + step]
        feeds += int(np.count_nonzero(chunk == ord("\n")))
        returns += int(np.count_nonzero(chunk == ord("\r")))
    if returns not in (0, feeds):
        return None
    return feeds - tail.count(b"\n", len(last))


def record_lines(path: Path, layout: CsvLayout, rows: int) -> tuple[int, tuple[int, ...]] | None:
    """Where the header and each of ``rows`` records start, as lines in an editor.

    Arrow counts records, not lines, and skips blank lines. The usual file, one
    line per record from line 2, is told by counting its line breaks (fast); only
    another file is read again as CSV to find the line of each record.

    Returns:
        ``None`` when record ``i`` is on line ``i + 2``; else the header's line
        and each record's line; also ``None`` if they cannot be told apart.
    """
    with pa.memory_map(str(path)) as mapped:
        if _inner_line_breaks(np.frombuffer(mapped.read_buffer(), dtype=np.uint8)) == rows:
            return None
    return scan_record_lines(path, layout, rows)


def scan_record_lines(
    path: Path, layout: CsvLayout, rows: int
) -> tuple[int, tuple[int, ...]] | None:
    """Read the file as CSV again to find the line each record starts on (slow)."""
    starts: list[int] = []
    with open(path, "rb") as handle:
        handle.seek(layout.skip)
        text = io.TextIOWrapper(handle, encoding=_CODECS[layout.encoding], newline="")
        reader = csv.reader(text)
        end = 0  # the line the last record ended on
        try:
            for record in reader:
                if record:  # Arrow skips blank lines
                    starts.append(end + 1)
                end = reader.line_num
        except (csv.Error, UnicodeDecodeError):
            return None  # for example a cell larger than Python's csv takes
    if len(starts) != rows + 1:
        return None
    return starts[0], tuple(starts[1:])


#: Bytes of CSV parsed per block: larger than Arrow's 1 MB default, so that every later
#: step goes through fewer, larger chunks (measured faster on a large return).
_BLOCK_SIZE = 16 << 20
#: Typed readings of a file tried before reading every column as text.
_TYPED_TRIES = 3
_CONVERSION_ERROR = re.compile(r"In CSV column #(\d+): CSV conversion error")


def read_csv_columns(
    path: Path, layout: CsvLayout, typed: Mapping[str, pa.DataType] | None = None
) -> tuple[pa.Table, bool]:
    """Read a file's columns, and whether its records are one a line from line 2.

    Columns named in ``typed`` are read by Arrow's parser as that type (much
    faster than text read and converted after); every other column is text. A
    typed column holding a value Arrow cannot read as its type is read again
    as text, for the coercion to read leniently and to report: Arrow stops at
    the first such value, so the file is parsed once more per such column, and
    after a few all its columns are read as text.
    """
    if layout.header_only:
        return layout.empty_table(), True
    typed = {name: kind for name, kind in (typed or {}).items() if layout.names.count(name) == 1}
    with pa.memory_map(str(path)) as mapped, ThreadPoolExecutor(max_workers=1) as pool:
        # line breaks are counted while Arrow parses, which hides most of the time it takes
        data = np.frombuffer(mapped.read_buffer(), dtype=np.uint8)
        line_breaks = pool.submit(_inner_line_breaks, data)
        for attempt in range(_TYPED_TRIES + 1):
            read, parse, convert = layout.arrow_options(
                _BLOCK_SIZE, typed if attempt < _TYPED_TRIES else None
            )
            mapped.seek(layout.skip)
            try:
                table: pa.Table = pacsv.read_csv(
                    mapped, read_options=read, parse_options=parse, convert_options=convert
                )
                break
            except pa.ArrowInvalid as error:
                # only a value of a typed column is worth another try (text may fail
                # too, on a byte that is not UTF-8, say: the caller's to mend)
                found = _CONVERSION_ERROR.search(str(error))
                column = layout.names[int(found.group(1))] if found else None
                if attempt >= _TYPED_TRIES or column not in typed:
                    raise
                del typed[column]
        return table, line_breaks.result() == table.num_rows


def cannot_read(path: Path, error: Exception) -> ReadError:
    """The one-line error for a file Arrow cannot read as CSV."""
    if isinstance(error, UnicodeDecodeError):
        return ReadError(f"{path}: cannot decode the file as UTF-8 or Windows-1252 text")
    return ReadError(f"{path}: cannot read as CSV: {first_line(error)}")
