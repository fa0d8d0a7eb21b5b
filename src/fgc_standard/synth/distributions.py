"""Every rate, share and delay the synthetic generator uses, with where it comes from.

The generator makes data that *looks* like an LA's FGC records so that tests,
demos and benchmarks never need real children's data. Only two figures are
published for FGCs at pre-proceedings, and the generator is tuned to them:

- Foundations' randomised trial of FGCs at pre-proceedings (21 LAs, about 1,500
  families, 2025): **36.2%** of children referred for an FGC were looked after 12
  months after the letter before proceedings, and care proceedings were issued
  for **59.2%** (against 44.8% and 71.7% without an FGC).

Everything else is an *assumption* chosen to be plausible, labelled as such:
shares of children in need by ethnicity and primary need follow the rough
shape of DfE's *Characteristics of children in need* (2023-24); the rest
(stages, take-up, delays) follows the practice the domain brief describes
(referral, preparation over a few weeks, conference, review some weeks later).
Change a figure here and the generator follows; the tests check the published
figures within a tolerance.

How the dates hang together (what a clean synthetic return guarantees, so that
a validator can rely on it and a clean return raises no issue at all):

- one referral per family; each child belongs to exactly one referral;
- children are born before the referral date, except unborn children, who
  have no date of birth, an expected date of birth after the referral date,
  sex ``U`` and are never looked after before that date;
- for a pre-proceedings referral (stage ``PRE_PROCEEDINGS``, and only those):
  ``pre_proceedings_start_date <= referral_date <= letter_before_proceedings_date``;
  the offer (or the best-interests decision not to offer) is dated on the
  letter and made in it; ``step_decision_date <= court_application_date <=
  letter_initiating_proceedings_date``; a court application comes after every
  conference of the referral; only ``BEST_INTERESTS`` is ever recorded as the
  reason for not offering; an accepted offer with a court application always
  has a conference HELD before it; a withdrawn or unheld one has no application;
- ``referral_date <= offer_date <= decision_date <= conference_date`` (every
  conference of the referral); plans belong only to HELD conferences, dated on
  the conference (2% of held conferences have no plan recorded); a review
  conference comes after the conference it reviews; a conference exists only
  after an ACCEPTED offer (a WITHDRAWN one has only a CANCELLED conference,
  reason ``FAMILY_WITHDREW``); no conference is SCHEDULED;
- every outcome is recorded on or after every conference of its referral, at
  the time point's calendar date counted from the trigger date (the letter
  before proceedings where sent, else the referral date), for a child of that
  referral; ``CLOSURE`` comes after ``M12``; nothing is dated after the
  header's ``produced_at``;
- care proceedings dates in outcomes equal the referral's
  ``court_application_date`` where there is one; ``looked_after`` agrees with
  the living arrangement, ``case_status`` is ``LOOKED_AFTER`` exactly when the
  child is looked after, and a legal status is given only then;
- optional values that a fault may empty are also empty in some clean records
  (attendee counts, private family time, days looked after, a plan's review
  due date), so an empty optional value is never by itself a fault.
"""

from __future__ import annotations

from datetime import date

__all__ = [
    "ACCEPTED_BY",
    "AGE_AT_REFERRAL",
    "CHILDREN_PER_FAMILY",
    "CIN_REFERRAL_SOURCE",
    "DECISION",
    "DECLINE_REASON",
    "DELAYS",
    "DISABILITY",
    "ETHNICITY",
    "LOOKED_AFTER_PLACEMENT",
    "PERIOD_END",
    "PERIOD_START",
    "PLAN_ELEMENT_RATES",
    "PRIMARY_NEED",
    "PRODUCED_AT",
    "PURPOSE_BY_STAGE",
    "RATES",
    "REASON_NOT_OFFERED",
    "REFERRAL_SOURCE_BY_STAGE",
    "STAGE_AT_REFERRAL",
]

#: The period every synthetic return covers (an English financial year).
PERIOD_START = date(2025, 4, 1)
PERIOD_END = date(2026, 3, 31)
#: When the return is said to be produced: late enough that every child has
#: reached the 12-month outcome point and any closure after it.
PRODUCED_AT = "2027-07-01T09:00:00+00:00"

#: Children per family (referral). Assumption: most FGC referrals are about one
#: or two children; sibling groups of four or more are a small minority.
CHILDREN_PER_FAMILY: dict[int, float] = {1: 0.44, 2: 0.28, 3: 0.15, 4: 0.08, 5: 0.03, 6: 0.02}

#: Stage of the family's involvement at referral. Assumption: child protection
#: and pre-proceedings dominate now that s.31ZA requires an offer before
#: proceedings; early help and looked-after referrals are a minority.
STAGE_AT_REFERRAL: dict[str, float] = {
    "EARLY_HELP": 0.10,
    "ASSESSMENT": 0.05,
    "CIN": 0.17,
    "CP": 0.26,
    "PRE_PROCEEDINGS": 0.28,
    "PROCEEDINGS": 0.06,
    "LOOKED_AFTER": 0.08,
}

#: Who referred, by stage. Assumption: pre-proceedings referrals come from the
#: legal gateway meeting or the social worker; early help ones from early help.
REFERRAL_SOURCE_BY_STAGE: dict[str, dict[str, float]] = {
    "EARLY_HELP": {
        "EARLY_HELP": 0.60,
        "FAMILY": 0.10,
        "EDUCATION": 0.15,
        "HEALTH": 0.10,
        "VOLUNTARY": 0.05,
    },
    "ASSESSMENT": {"SOCIAL_WORKER": 0.85, "HEALTH": 0.05, "POLICE": 0.05, "OTHER": 0.05},
    "CIN": {"SOCIAL_WORKER": 0.85, "FAMILY": 0.05, "EDUCATION": 0.05, "OTHER": 0.05},
    "CP": {"SOCIAL_WORKER": 0.95, "HEALTH": 0.03, "POLICE": 0.02},
    "PRE_PROCEEDINGS": {"LEGAL_GATEWAY": 0.70, "SOCIAL_WORKER": 0.30},
    "PROCEEDINGS": {"SOCIAL_WORKER": 0.60, "COURT": 0.40},
    "LOOKED_AFTER": {"SOCIAL_WORKER": 1.0},
}

#: Purpose of the FGC, by stage. Assumption.
PURPOSE_BY_STAGE: dict[str, dict[str, float]] = {
    "EARLY_HELP": {"SAFETY_PLAN": 0.80, "OTHER": 0.20},
    "ASSESSMENT": {"SAFETY_PLAN": 0.90, "OTHER": 0.10},
    "CIN": {"SAFETY_PLAN": 0.80, "CONTINGENCY": 0.10, "OTHER": 0.10},
    "CP": {"SAFETY_PLAN": 0.70, "CONTINGENCY": 0.20, "ALTERNATIVE_CARE": 0.10},
    "PRE_PROCEEDINGS": {"SAFETY_PLAN": 0.50, "ALTERNATIVE_CARE": 0.35, "CONTINGENCY": 0.15},
    "PROCEEDINGS": {"ALTERNATIVE_CARE": 0.80, "CONTINGENCY": 0.20},
    "LOOKED_AFTER": {"REUNIFICATION": 0.50, "PLACEMENT_SUPPORT": 0.30, "TRANSITION": 0.20},
}

#: Primary need (CIN census codes). Rough shape of DfE's Characteristics of
#: children in need 2023-24: abuse or neglect is by far the largest. Early help
#: referrals have none (no social care assessment).
PRIMARY_NEED: dict[str, float] = {
    "N0": 0.01,
    "N1": 0.56,
    "N2": 0.05,
    "N3": 0.05,
    "N4": 0.12,
    "N5": 0.15,
    "N6": 0.02,
    "N7": 0.01,
    "N8": 0.02,
    "N9": 0.01,
}

#: Source of the children's social care referral (CIN census), roughly the
#: census shape: police, schools and health lead. Empty for early help.
CIN_REFERRAL_SOURCE: dict[str, float] = {
    "1A": 0.02,
    "1B": 0.04,
    "1C": 0.01,
    "1D": 0.02,
    "2A": 0.20,
    "2B": 0.02,
    "3A": 0.03,
    "3B": 0.03,
    "3C": 0.01,
    "3D": 0.02,
    "3E": 0.03,
    "3F": 0.07,
    "4": 0.02,
    "5A": 0.06,
    "5B": 0.02,
    "5C": 0.01,
    "5D": 0.07,
    "6": 0.28,
    "7": 0.01,
    "8": 0.02,
    "9": 0.005,
    "10": 0.005,
}

#: Ethnicity of the family (siblings share it). Rough shape of children in need
#: in England (DfE 2023-24): about three quarters White, then Mixed, Asian, Black.
ETHNICITY: dict[str, float] = {
    "WBRI": 0.60,
    "WIRI": 0.005,
    "WOTH": 0.06,
    "WIRT": 0.005,
    "WROM": 0.01,
    "MWBC": 0.03,
    "MWBA": 0.01,
    "MWAS": 0.015,
    "MOTH": 0.04,
    "AIND": 0.01,
    "APKN": 0.04,
    "ABAN": 0.015,
    "CHNE": 0.002,
    "AOTH": 0.018,
    "BCRB": 0.015,
    "BAFR": 0.04,
    "BOTH": 0.015,
    "OOTH": 0.03,
    "REFU": 0.005,
    "NOBT": 0.035,
}

#: Disability recording per child: ``"NULL"`` = not recorded, ``"NONE"`` = no
#: disability, ``1``/``2`` = that many disability codes. Assumption: about one
#: child in eight referred has a recorded disability.
DISABILITY: dict[str, float] = {"NULL": 0.08, "NONE": 0.80, "1": 0.09, "2": 0.03}

#: Age at referral in whole years (0-17). Assumption: babies and young children
#: are over-represented, as they are in pre-proceedings.
AGE_AT_REFERRAL: dict[int, float] = {
    **dict.fromkeys(range(0, 1), 0.12),
    **dict.fromkeys(range(1, 5), 0.24 / 4),
    **dict.fromkeys(range(5, 10), 0.28 / 5),
    **dict.fromkeys(range(10, 16), 0.30 / 6),
    **dict.fromkeys(range(16, 18), 0.06 / 2),
}

#: Why no FGC was offered, outside pre-proceedings. In pre-proceedings the only
#: reason recorded is BEST_INTERESTS, the statutory exception.
REASON_NOT_OFFERED: dict[str, float] = {
    "BEST_INTERESTS": 0.15,
    "URGENT_PROTECTION": 0.10,
    "NO_FAMILY_NETWORK": 0.15,
    "RECENT_FGC": 0.10,
    "PARENT_UNCONTACTABLE": 0.15,
    "SERVICE_CAPACITY": 0.15,
    "NOT_ELIGIBLE": 0.15,
    "OTHER": 0.05,
}

#: The family's decision on an offer. Assumption: FGC services report take-up
#: of roughly two thirds to three quarters of offers.
DECISION: dict[str, float] = {
    "ACCEPTED": 0.72,
    "DECLINED": 0.18,
    "WITHDRAWN": 0.05,
    "NO_RESPONSE": 0.05,
}
DECLINE_REASON: dict[str, float] = {
    "NO_NEED": 0.25,
    "NO_NETWORK": 0.10,
    "PRIVACY": 0.20,
    "MISTRUST": 0.15,
    "PREVIOUS_EXPERIENCE": 0.05,
    "FAMILY_CONFLICT": 0.10,
    "OTHER": 0.05,
    "NOT_GIVEN": 0.10,
}
ACCEPTED_BY: dict[str, float] = {
    "MOTHER": 0.45,
    "BOTH_PARENTS": 0.38,
    "FATHER": 0.12,
    "OTHER_PR": 0.05,
}

#: Where a looked-after child lives. Kinship foster care is counted as within
#: the family network by the living_arrangement code list.
LOOKED_AFTER_PLACEMENT: dict[str, float] = {
    "KINSHIP_FOSTER": 0.32,
    "NON_FAMILY_FOSTER": 0.50,
    "RESIDENTIAL": 0.08,
    "PLACED_WITH_PARENTS": 0.10,
}

#: Each plan element's chance of being in an agreed plan (besides exactly one
#: of REMAIN_AT_HOME / LIVE_WITH_NETWORK / RETURN_HOME, chosen by purpose).
PLAN_ELEMENT_RATES: dict[str, float] = {
    "NETWORK_SUPPORT": 0.80,
    "CONTINGENCY_PLAN": 0.70,
    "SAFETY_NETWORK": 0.40,
    "CONTACT": 0.30,
    "RESPITE": 0.20,
    "PROFESSIONAL_SUPPORT": 0.30,
}

#: Probabilities of single events, each an assumption unless it says otherwise.
RATES: dict[str, float] = {
    # a family referred before birth has one unborn child (PP and CP only)
    "pre_birth_family": 0.12,
    # an FGC was offered (otherwise a recorded reason not to)
    "offered_pre_proceedings": 0.92,
    "offered_other": 0.88,
    # the accepted family's first conference: held / cancelled then held / never held
    "initial_cancelled_then_held": 0.05,
    "initial_not_held": 0.05,
    # a held initial conference is reviewed; the review is held (else cancelled)
    "reviewed": 0.60,
    "review_held": 0.85,
    # plans: the family agrees; the LA accepts an agreed plan (else declines / undecided)
    "plan_agreed": 0.95,
    "plan_accepted_by_la": 0.90,
    "plan_declined_by_la": 0.05,
    # a held conference with no plan recorded; an initial plan with no review date
    "plan_not_recorded": 0.02,
    "review_due_not_recorded": 0.03,
    # conference quality markers, among held conferences
    "independent_coordinator": 0.95,
    "private_family_time": 0.93,
    "child_advocate_when_attending": 0.30,
    "parent_advocate": 0.25,
    "interpreter_if_not_white_british": 0.15,
    "interpreter_if_white_british": 0.01,
    # share of held conferences with an attendee count or private family time not
    # recorded (so that an empty optional value is never, by itself, a sign of a fault)
    "not_recorded": 0.03,
    # pre-proceedings: court application, by what happened to the offer. Tuned so
    # that about 59.2% of pre-proceedings families see proceedings issued (trial).
    "court_if_conference_held": 0.605,
    "court_if_not_offered": 0.80,
    "court_if_declined": 0.70,
    # pre-proceedings without a court application: ended as concerns reduced (A), else C
    "pre_proceedings_ended_concerns_reduced": 0.85,
    # an open case from CP, pre-proceedings, proceedings or care: on a CP plan (else CIN)
    "open_case_on_protection_plan": 0.40,
    # looked after at 12 months. Tuned to the trial's 36.2% for pre-proceedings:
    # most children of families taken to court come into care at the application,
    # a few leave care within the year; few others are accommodated (s.20).
    "looked_after_if_court": 0.61,
    "leaves_care_within_year": 0.12,
    "looked_after_pp_no_court": 0.09,
    "looked_after_stage_cp": 0.12,
    "looked_after_stage_cin": 0.05,
    "looked_after_stage_early_help": 0.02,
    "looked_after_stage_proceedings": 0.55,
    "stage_looked_after_leaves_care": 0.40,
    "stage_looked_after_care_order": 0.50,
    # not looked after: living with the family network rather than parents
    "home_with_network": 0.15,
    # children never looked after whose case closes after the 12-month point
    "closure_after_m12": 0.40,
    # days looked after not recorded
    "days_looked_after_unknown": 0.05,
}

#: Days between steps, as inclusive ranges drawn uniformly. Assumption, shaped by
#: the practice the brief describes: a few weeks of preparation before the
#: conference, a review some weeks later, proceedings within the year.
DELAYS: dict[str, tuple[int, int]] = {
    "pre_proceedings_start_before_referral": (0, 14),
    "letter_after_referral": (0, 10),
    "offer_after_referral": (0, 14),
    "decision_after_offer": (1, 21),
    "conference_after_decision": (10, 35),
    "cancelled_after_decision": (7, 28),
    "held_after_cancelled": (7, 21),
    "not_held_after_decision": (14, 42),
    "review_after_conference": (42, 84),
    "plan_review_due_after_plan": (56, 98),
    "court_after_letter": (42, 240),
    "court_after_last_conference": (7, 60),
    "step_decision_before_court": (1, 21),
    "letter_initiating_after_court": (0, 5),
    "step_down_after_letter": (60, 180),
    "looked_after_after_court": (0, 7),
    "looked_after_stay": (60, 200),
    "s20_after_trigger": (14, 330),
    "looked_after_before_referral": (30, 720),
    "proceedings_before_referral": (7, 90),
    "expected_birth_after_referral": (14, 180),
    "closure_after_m12": (1, 60),
    "court_after_birth": (0, 7),
    "final_order_after_court": (182, 182),
}
