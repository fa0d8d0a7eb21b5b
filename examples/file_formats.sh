#!/usr/bin/env bash
# One return in every format. The file-formats page shows this file and its
# output; the test suite runs it in an empty folder.
set -euo pipefail

# --8<-- [start:make]
fgc synth my-return --referrals 50 --seed 2
# --8<-- [end:make]

# --8<-- [start:convert]
fgc convert my-return my-return.xlsx
fgc convert my-return.xlsx my-return-parquet --to parquet
fgc convert my-return-parquet my-return.json
fgc validate my-return.json
# --8<-- [end:convert]
