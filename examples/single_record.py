"""Check one record on its own, before a whole return exists.

Run ``python examples/single_record.py``. The validation page shows this file,
and the test suite runs it.
"""

from __future__ import annotations

# --8<-- [start:record]
import json

from pydantic import ValidationError

from fgc_standard.entities import Offer
from fgc_standard.validate import validate_record

record = '{"offer_id": "O1", "referral_id": "R1", "offer_made": false, "offer_date": "2025-06-02"}'

# The model refuses the record outright ...
try:
    Offer.model_validate_json(record)
except ValidationError as error:
    print("model:", error.errors()[0]["msg"])

# ... and validate_record reports it as an issue with its rule, as bulk validation does.
for issue in validate_record(json.loads(record), table="offers"):
    print("issue:", issue.code, issue.severity, issue.field, "-", issue.message)
# --8<-- [end:record]
