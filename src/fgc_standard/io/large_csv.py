"""Large CSV tables to Parquet in batches, with bounded memory.

:func:`convert_csv_table_to_parquet` streams one CSV table through
``pyarrow.csv.open_csv`` (every column read as text, as for the whole-file
reader), coerces each batch with
:func:`~fgc_standard.io.coerce.coerce_table`, and appends it to a
``ParquetWriter`` with the standard Arrow schema. Only one batch is in memory
at a time, plus at most ``max_issues`` issues (the rest are counted).

Issues name each record's line as an editor shows it, as the whole-file reader
does: when the file's line breaks do not number its records one a line (blank
lines, cells of several lines, lines ending in CR alone), the lines of the kept
issues are put right after the stream, by reading the file once more. A file
whose first megabyte looks like UTF-8 but that holds Windows-1252 text further
on is converted again from its start as Windows-1252.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from fgc_standard.entities import TABLES
from fgc_standard.errors import ReadError
from fgc_standard.files import atomic_path, atomic_write_bytes, json_bytes
from fgc_standard.io.coerce import EXTRA_COLUMN_CODE, coerce_table
from fgc_standard.io.csv_text import (
    CsvLayout,
    cannot_read,
    layout_to_retry,
    record_lines,
    sniff_csv,
)
from fgc_standard.io.progress import ProgressCallback
from fgc_standard.report.issue import Issue
from fgc_standard.returns import TableSource
from fgc_standard.schema.arrow import arrow_schema
from fgc_standard.schema.datapackage import datapackage_descriptor

__all__ = ["StreamResult", "convert_csv_package_to_parquet", "convert_csv_table_to_parquet"]

#: Bytes of CSV read per batch. Larger blocks make pyarrow's streaming reader hold
#: far more memory (16 MB: about 750 MB for a 630 MB file; 4 MB: about 300 MB)
#: without being faster.
DEFAULT_BLOCK_SIZE = 4 << 20


@dataclass
class StreamResult:
    """What a streamed conversion did.

    Attributes:
        rows: Table name -> rows written (equal to the rows read).
        issues: The first ``max_issues`` issues met.
        issue_count: How many issues there were in all.
    """

    rows: dict[str, int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    issue_count: int = 0

    @property
    def ok(self) -> bool:
        """Whether every value could be read (only the kept issues are looked at)."""
        return not any(i.severity == "error" for i in self.issues)


def convert_csv_table_to_parquet(
    source: str | Path,
    target: str | Path,
    table: str,
    *,
    block_size: int = DEFAULT_BLOCK_SIZE,
    max_issues: int = 10_000,
    progress: ProgressCallback | None = None,
    result: StreamResult | None = None,
) -> StreamResult:
    """Convert one CSV table to a Parquet file in batches, atomically.

    Args:
        source: The CSV file.
        target: The Parquet file to write.
        table: The standard table it holds, for example ``"referrals"``.
        block_size: Bytes of CSV per batch.
        max_issues: How many issues to keep; the rest are only counted.
        progress: Called with (bytes read, file size) after each batch.
        result: A result to add to (for a whole package).

    Raises:
        ReadError: The file is not readable CSV.
        SchemaError: A required column is missing.
    """
    source, target = Path(source), Path(target)
    result = result if result is not None else StreamResult()
    layout = sniff_csv(source)
    kept, counted = len(result.issues), result.issue_count
    while True:
        try:
            rows = _stream(source, target, table, layout, block_size, max_issues, progress, result)
            break
        except _RetryError as retry:
            # start again from the first record, forgetting this reading's issues
            del result.issues[kept:]
            result.issue_count = counted
            layout = retry.layout
    lines = record_lines(source, layout, rows)
    if lines is not None:
        result.issues[kept:] = _relocated(result.issues[kept:], *lines)
    result.rows[table] = rows
    return result


class _RetryError(Exception):
    """Arrow failed in a way that reading the file again otherwise would mend."""

    def __init__(self, layout: CsvLayout) -> None:
        super().__init__(layout)
        self.layout = layout


def _stream(
    source: Path,
    target: Path,
    table: str,
    layout: CsvLayout,
    block_size: int,
    max_issues: int,
    progress: ProgressCallback | None,
    result: StreamResult,
) -> int:
    """Convert the file batch by batch, numbering record ``i`` as line ``i + 2``; return the rows.

    Raises:
        _RetryError: The file is to be read again otherwise (see
            :func:`~fgc_standard.io.csv_package.layout_to_retry`); the target
            is left as it was.
        ReadError: The file is not readable CSV.
    """

    def failed(error: Exception) -> Exception:
        retry = layout_to_retry(source, layout, error)
        return cannot_read(source, error) if retry is None else _RetryError(retry)

    if layout.header_only:
        # Arrow cannot open a header with no line break after it: a table with no row,
        # its header still checked (required columns, extra columns)
        coerced = coerce_table(table, layout.empty_table(), TableSource(file=str(source)))
        _keep(result, coerced.issues, max_issues)
        with atomic_path(target) as tmp:
            pq.write_table(coerced.table, tmp, compression="zstd")
        return 0
    size = source.stat().st_size
    stream = pa.OSFile(str(source))
    try:
        stream.seek(layout.skip)
        read, parse, convert = layout.arrow_options(block_size)
        reader = pacsv.open_csv(
            stream, read_options=read, parse_options=parse, convert_options=convert
        )
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as error:
        stream.close()
        raise failed(error) from None
    rows = 0
    try:
        with (
            atomic_path(target) as tmp,
            pq.ParquetWriter(tmp, arrow_schema(table), compression="zstd") as writer,
        ):
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    break
                except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as error:
                    raise failed(error) from None
                where = TableSource(file=str(source), first_row=2 + rows)
                coerced = coerce_table(table, pa.Table.from_batches([batch]), where)
                writer.write_table(coerced.table)
                # the extra-column query is the same for every batch: keep the first
                batch_issues = [
                    i for i in coerced.issues if rows == 0 or i.code != EXTRA_COLUMN_CODE
                ]
                _keep(result, batch_issues, max_issues)
                rows += batch.num_rows
                if progress is not None:
                    progress(min(stream.tell(), size), size)
            if rows == 0:
                # a header-only file still has its own (empty) table
                writer.write_table(arrow_schema(table).empty_table())
    finally:
        stream.close()
    return rows


def _relocated(issues: list[Issue], header: int, lines: tuple[int, ...]) -> list[Issue]:
    """Issues numbered as if record ``i`` were on line ``i + 2``, with their real lines."""
    out = []
    for issue in issues:
        location = issue.location
        if location is not None and location.row is not None:
            # row 1 is the header (a column the standard does not define)
            row = header if location.row == 1 else lines[location.row - 2]
            issue = replace(issue, location=replace(location, row=row))
        out.append(issue)
    return out


def _keep(result: StreamResult, issues: list[Issue], limit: int) -> None:
    room = max(0, limit - len(result.issues))
    result.issues.extend(issues[:room])
    result.issue_count += len(issues)


def convert_csv_package_to_parquet(
    source: str | Path,
    target: str | Path,
    *,
    block_size: int = DEFAULT_BLOCK_SIZE,
    max_issues: int = 10_000,
    progress: ProgressCallback | None = None,
) -> StreamResult:
    """Convert a CSV data package to a Parquet package, table by table in batches.

    Args:
        source: The CSV package folder.
        target: The folder to write (created if needed).
        block_size: Bytes of CSV per batch.
        max_issues: How many issues to keep; the rest are only counted.
        progress: Called with (bytes read, bytes in all tables) as batches are done.

    Raises:
        ReadError: The folder or its header is missing, or a file is not CSV.
    """
    source, target = Path(source), Path(target)
    if not (source / "header.csv").is_file():
        raise ReadError(f"{source}: header.csv is missing; every return needs its header table")
    files = [
        (name, source / f"{name}.csv") for name in TABLES if (source / f"{name}.csv").is_file()
    ]
    total = sum(path.stat().st_size for _, path in files)
    target.mkdir(parents=True, exist_ok=True)
    result = StreamResult()
    done = 0
    for name, path in files:
        offset = done

        def report(read: int, _size: int, offset: int = offset) -> None:
            if progress is not None:
                progress(offset + read, total)

        convert_csv_table_to_parquet(
            path,
            target / f"{name}.parquet",
            name,
            block_size=block_size,
            max_issues=max_issues,
            progress=report,
            result=result,
        )
        done += path.stat().st_size
    for name in TABLES:
        if name not in result.rows:
            # a table the package leaves out is an empty table
            with atomic_path(target / f"{name}.parquet") as tmp:
                pq.write_table(arrow_schema(name).empty_table(), tmp)
            result.rows[name] = 0
    atomic_write_bytes(target / "datapackage.json", json_bytes(datapackage_descriptor("parquet")))
    return result
