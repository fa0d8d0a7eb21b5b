"""A CMS supplier's export: the system's own case records mapped to a conformant return.

Run ``python examples/cms_export.py OUT``: it maps the (fictional) records below
to the standard's models, writes the return to OUT as a CSV data package and
validates what it wrote. The guide for suppliers shows this file, and the test
suite runs it.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

from fgc_standard import STANDARD_VERSION
from fgc_standard.entities import (
    Acceptance,
    Child,
    Conference,
    Offer,
    Outcome,
    Plan,
    Referral,
    ReturnHeader,
)
from fgc_standard.returns import FGCReturn

# --8<-- [start:cms-records]
# The CMS's own records, in the CMS's own shape. Fictional, like all data here.
CMS_PEOPLE = [
    {"ref": "P-0001", "dob": date(2016, 3, 9), "gender": "Female", "ethnic": "WBRI", "needs": []},
    {"ref": "P-0002", "dob": date(2019, 1, 2), "gender": "Male", "ethnic": "MOTH", "needs": ["LD"]},
]
CMS_FGC_CASES = [
    {
        "case": "FGC-2025-017",
        "household": "H-0412",
        "children": ["P-0001", "P-0002"],
        "requested": date(2025, 5, 26),
        "stage": "PRE_PROCEEDINGS",
        "pre_proceedings_from": date(2025, 5, 20),
        "letter_before_proceedings": date(2025, 5, 28),
        "offered_on": date(2025, 5, 28),
        "family_said_yes_on": date(2025, 6, 4),
        "meeting_on": date(2025, 7, 1),
        "review_on": date(2025, 10, 7),
        "twelve_month_check": date(2026, 5, 28),
    }
]
# --8<-- [end:cms-records]

# --8<-- [start:mapping]
SEX = {"Female": "F", "Male": "M", "Unknown": "U"}


def export_children(people: list[dict]) -> list[Child]:
    """One Child per person; the models reject anything off-standard at once."""
    return [
        Child(
            child_id=p["ref"],
            date_of_birth=p["dob"],
            sex=SEX[p["gender"]],
            ethnicity=p["ethnic"],
            # the CMS keeps None for "not recorded" and [] for "no disability"
            disabilities=p["needs"] or ([] if p["needs"] is None else ["NONE"]),
        )
        for p in people
    ]


def export_case(case: dict) -> dict[str, list]:
    """The standard's records for one FGC case: referral, offer, decision, meetings, plan."""
    rid, n = case["case"], case["case"][-3:]
    initial, review = f"M{n}-1", f"M{n}-2"
    return {
        "referrals": [
            Referral(
                referral_id=rid,
                family_id=case["household"],
                child_ids=case["children"],
                referral_date=case["requested"],
                referral_source="SOCIAL_WORKER",
                stage_at_referral=case["stage"],
                purpose="SAFETY_PLAN",
                pre_proceedings_start_date=case["pre_proceedings_from"],
                letter_before_proceedings_date=case["letter_before_proceedings"],
            )
        ],
        "offers": [
            Offer(
                offer_id=f"O{n}",
                referral_id=rid,
                offer_made=True,
                offer_date=case["offered_on"],
                offered_in_letter_before_proceedings=True,
            )
        ],
        "acceptances": [
            Acceptance(
                acceptance_id=f"A{n}",
                offer_id=f"O{n}",
                decision="ACCEPTED",
                decision_date=case["family_said_yes_on"],
                accepted_by="BOTH_PARENTS",
            )
        ],
        "conferences": [
            Conference(
                conference_id=initial,
                referral_id=rid,
                conference_type="INITIAL",
                status="HELD",
                conference_date=case["meeting_on"],
                independent_coordinator=True,
                private_family_time=True,
            ),
            Conference(
                conference_id=review,
                referral_id=rid,
                conference_type="REVIEW",
                reviews_conference_id=initial,
                status="HELD",
                conference_date=case["review_on"],
            ),
        ],
        "plans": [
            Plan(
                plan_id=f"P{n}-1",
                conference_id=initial,
                plan_date=case["meeting_on"],
                agreed_by_family=True,
                accepted_by_la=True,
                plan_elements=["REMAIN_AT_HOME", "NETWORK_SUPPORT", "CONTINGENCY_PLAN"],
            )
        ],
        "outcomes": [
            Outcome(
                outcome_id=f"X{n}-{child}-M12",
                referral_id=rid,
                child_id=child,
                time_point="M12",
                recorded_date=case["twelve_month_check"],
                living_arrangement="PARENTS",
                looked_after=False,
                care_proceedings_issued=False,
            )
            for child in case["children"]
        ],
    }


def export_return(people: list[dict], cases: list[dict]) -> FGCReturn:
    """The whole return for one LA and one collection year."""
    header = ReturnHeader(
        la_number="938",
        period_start=date(2025, 4, 1),
        period_end=date(2026, 3, 31),
        standard_version=STANDARD_VERSION,
        software_name="Example CMS",
        software_version="4.2",
        produced_at=datetime(2026, 6, 30, 9, 0, tzinfo=UTC),
    )
    tables: dict[str, list] = {"children": export_children(people)}
    for case in cases:
        for name, rows in export_case(case).items():
            tables.setdefault(name, []).extend(rows)
    return FGCReturn.from_records(header, tables)


# --8<-- [end:mapping]


def main(out: Path) -> int:
    # --8<-- [start:write-validate]
    from fgc_standard.io import write_csv_package
    from fgc_standard.validate import validate

    ret = export_return(CMS_PEOPLE, CMS_FGC_CASES)
    write_csv_package(ret, out)
    report = validate(out)
    print(f"wrote {sum(ret.num_rows.values())} rows to {out}")
    print(report.summary_line())
    return report.exit_code
    # --8<-- [end:write-validate]


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "cms-export")))
