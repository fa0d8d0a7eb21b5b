#!/usr/bin/env bash
# Prepare a return for the national flow: pseudonymise, minimise, check.
# The privacy page shows this file and its output; the test suite runs it.
set -euo pipefail

# --8<-- [start:prepare]
fgc synth my-return --referrals 50 --seed 5
python -c "import secrets, pathlib; pathlib.Path('la.key').write_bytes(secrets.token_bytes(32))"
fgc pseudonymise my-return my-return-pseudonymised --key-file la.key
fgc minimise my-return-pseudonymised my-return-national
fgc validate my-return-national
# --8<-- [end:prepare]
