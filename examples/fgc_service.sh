#!/usr/bin/env bash
# An FGC service keeps its records in the spreadsheet template and checks them.
# The guide for FGC services shows this file; the test suite runs it in an empty folder.
set -euo pipefail
EXAMPLES="$(cd "$(dirname "$0")" && pwd)"

# --8<-- [start:template]
fgc template fgc-records.xlsx
# --8<-- [end:template]

# --8<-- [start:fill]
python "$EXAMPLES/fill_template.py" fgc-records.xlsx filled.xlsx --with-mistake
# --8<-- [end:fill]

# --8<-- [start:validate]
fgc validate filled.xlsx || echo "fgc validate exited with $?: errors to correct"
fgc validate filled.xlsx --format html --output filled-report.html || true
# --8<-- [end:validate]

# --8<-- [start:fixed]
python "$EXAMPLES/fill_template.py" fgc-records.xlsx filled.xlsx
fgc validate filled.xlsx
# --8<-- [end:fixed]

# --8<-- [start:convert]
fgc convert filled.xlsx filled-return
# --8<-- [end:convert]
