"""Reading and writing returns.

The CSV data package is the canonical form on disk. The other formats
(Parquet, one JSON document, one XLSX workbook) and the spreadsheet template
build on the same coercion step, :func:`~fgc_standard.io.coerce.coerce_table`.
"""

from fgc_standard.io.csv_package import read_csv_package, write_csv_package
from fgc_standard.io.result import ReadResult

__all__ = ["ReadResult", "read_csv_package", "write_csv_package"]
