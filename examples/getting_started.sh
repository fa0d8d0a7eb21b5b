#!/usr/bin/env bash
# Getting started: from install to a validation report and an aggregate table.
# The getting-started page shows this file; the test suite runs it in an empty folder.
set -euo pipefail

# --8<-- [start:synth]
fgc --version
fgc synth my-return --referrals 200 --seed 1
# --8<-- [end:synth]

# --8<-- [start:validate]
fgc validate my-return
fgc validate my-return --format html --output report.html
# --8<-- [end:validate]

# --8<-- [start:faulty]
fgc synth faulty-return --referrals 200 --seed 1 --faults 0.05
fgc validate faulty-return || echo "fgc validate exited with $?: errors found"
# --8<-- [end:faulty]

# --8<-- [start:aggregate]
fgc aggregate my-return --output figures --html
ls figures
head -n 12 figures/aggregate_areas.csv
# --8<-- [end:aggregate]
