#!/usr/bin/env bash
# An LA without record-level data fills in the aggregate return by hand and checks it.
# The analyst guide shows this file and its output; the test suite runs it.
set -euo pipefail
EXAMPLES="$(cd "$(dirname "$0")" && pwd)"

# --8<-- [start:template]
fgc aggregate-template hand-filled.csv --la 938 --period-start 2025-04-01 --period-end 2026-03-31
# --8<-- [end:template]

# --8<-- [start:mistake]
python "$EXAMPLES/fill_aggregate.py" hand-filled.csv --with-mistake
fgc aggregate hand-filled.csv --output checked || echo "fgc aggregate exited with $?"
# --8<-- [end:mistake]

# --8<-- [start:fixed]
python "$EXAMPLES/fill_aggregate.py" hand-filled.csv
fgc aggregate hand-filled.csv --output published
# --8<-- [end:fixed]
