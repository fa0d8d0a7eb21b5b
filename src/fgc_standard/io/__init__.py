"""Reading and writing returns: CSV and Parquet packages, one JSON document, one workbook.

:func:`read_return` and :func:`write_return` handle every format (see
:mod:`fgc_standard.io.formats`); they all build on the same coercion step,
:func:`~fgc_standard.io.coerce.coerce_table`, so a value reads the same way
whatever file it came in, and a value that cannot be read is reported in the
same words with where it is (file and row, or sheet and cell).

Canonical values, the same in every format: an empty list and a missing list
are both null; text is trimmed and empty text is null; the production time is
kept to the microsecond, written as whole seconds (``09:00:00Z``) when it has no
fraction and with its fraction (``09:00:00.123Z``) when it has one.
"""

from fgc_standard.io.coerce import (
    EXTRA_COLUMN_CODE,
    IMPOSSIBLE_DATE_CODE,
    MISSING_COLUMN_CODE,
    UNREADABLE_CODE,
)
from fgc_standard.io.csv_package import read_csv_package, write_csv_package
from fgc_standard.io.formats import FORMATS, Format, detect_format, read_return, write_return
from fgc_standard.io.json_document import read_json_document, write_json_document
from fgc_standard.io.parquet_package import read_parquet_package, write_parquet_package
from fgc_standard.io.result import ReadResult
from fgc_standard.io.xlsx_workbook import read_xlsx_workbook, write_xlsx_workbook

__all__ = [
    "EXTRA_COLUMN_CODE",
    "FORMATS",
    "IMPOSSIBLE_DATE_CODE",
    "MISSING_COLUMN_CODE",
    "UNREADABLE_CODE",
    "Format",
    "ReadResult",
    "detect_format",
    "read_csv_package",
    "read_json_document",
    "read_parquet_package",
    "read_return",
    "read_xlsx_workbook",
    "write_csv_package",
    "write_json_document",
    "write_parquet_package",
    "write_return",
    "write_xlsx_workbook",
]
