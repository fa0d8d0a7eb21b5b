"""Cross-table checks that every clean synthetic return must pass (see synth/distributions.py).

Written with pandas, independently of the generator, so that a bug in one does
not hide in the other. Each check returns a list of messages; empty means it holds.
"""

from __future__ import annotations

import pandas as pd

from fgc_standard.returns import FGCReturn


def _frame(ret: FGCReturn, name: str) -> pd.DataFrame:
    return ret.table(name).to_pandas()


def problems(ret: FGCReturn) -> list[str]:
    out: list[str] = []
    ch = _frame(ret, "children")
    rf = _frame(ret, "referrals")
    of = _frame(ret, "offers")
    ac = _frame(ret, "acceptances")
    co = _frame(ret, "conferences")
    pl = _frame(ret, "plans")
    oc = _frame(ret, "outcomes")
    header = ret.header
    produced = pd.Timestamp(header.produced_at.date())

    for name, frame, key in (
        ("children", ch, "child_id"),
        ("referrals", rf, "referral_id"),
        ("offers", of, "offer_id"),
        ("acceptances", ac, "acceptance_id"),
        ("conferences", co, "conference_id"),
        ("plans", pl, "plan_id"),
        ("outcomes", oc, "outcome_id"),
    ):
        if frame[key].duplicated().any():
            out.append(f"{name}: duplicate {key}")
        for column in frame.columns:
            if "date" in column and column != "expected_date_of_birth":
                late = pd.to_datetime(frame[column]) > produced
                if late.any():
                    out.append(f"{name}.{column} after produced_at")

    links = rf[["referral_id", "child_ids"]].explode("child_ids")
    if not links["child_ids"].isin(ch["child_id"]).all():
        out.append("referrals.child_ids: dangling")
    if links["child_ids"].duplicated().any():
        out.append("a child is in two referrals")
    if not ch["child_id"].isin(links["child_ids"]).all():
        out.append("a child is in no referral")
    for name, frame, column, target in (
        ("offers", of, "referral_id", rf["referral_id"]),
        ("acceptances", ac, "offer_id", of["offer_id"]),
        ("conferences", co, "referral_id", rf["referral_id"]),
        ("plans", pl, "conference_id", co["conference_id"]),
        ("outcomes", oc, "referral_id", rf["referral_id"]),
        ("outcomes", oc, "child_id", ch["child_id"]),
    ):
        if not frame[column].isin(target).all():
            out.append(f"{name}.{column}: dangling")
    reviews = co["reviews_conference_id"].dropna()
    if not reviews.isin(co["conference_id"]).all():
        out.append("conferences.reviews_conference_id: dangling")

    d = lambda s: pd.to_datetime(s)  # noqa: E731
    # children: born before referral, unborn after
    kid = links.merge(ch, left_on="child_ids", right_on="child_id").merge(
        rf[["referral_id", "referral_date"]], on="referral_id"
    )
    if (d(kid["date_of_birth"]) >= d(kid["referral_date"])).any():
        out.append("child born on or after referral")
    unborn = kid["date_of_birth"].isna()
    if not (kid.loc[unborn, "sex"] == "U").all():
        out.append("unborn child without sex U")
    if (d(kid.loc[unborn, "expected_date_of_birth"]) <= d(kid.loc[unborn, "referral_date"])).any():
        out.append("unborn child expected before referral")

    # chain: referral <= offer <= decision <= conference <= plan; review after reviewed
    chain = of.merge(rf, on="referral_id")
    if (d(chain["offer_date"]) < d(chain["referral_date"])).any():
        out.append("offer before referral")
    chain = ac.merge(of, on="offer_id")
    if (d(chain["decision_date"]) < d(chain["offer_date"])).any():
        out.append("decision before offer")
    dec = chain.dropna(subset=["decision_date"]).groupby("referral_id")["decision_date"].max()
    conf = co.merge(dec.rename("decision").reset_index(), on="referral_id", how="left")
    if conf["decision"].isna().any():
        out.append("conference without a decision")
    if (d(conf["conference_date"]) < d(conf["decision"])).any():
        out.append("conference before decision")
    decisions = chain.set_index("referral_id")["decision"]
    held = co[co["status"] == "HELD"]
    if not (held["referral_id"].map(decisions) == "ACCEPTED").all():
        out.append("held conference without an accepted offer")
    plan = pl.merge(co, on="conference_id")
    if (d(plan["plan_date"]) < d(plan["conference_date"])).any():
        out.append("plan before conference")
    if not (plan["status"] == "HELD").all():
        out.append("plan of a conference not held")
    rev = co.dropna(subset=["reviews_conference_id"]).merge(
        co[["conference_id", "conference_date"]],
        left_on="reviews_conference_id",
        right_on="conference_id",
        suffixes=("", "_reviewed"),
    )
    if (d(rev["conference_date"]) <= d(rev["conference_date_reviewed"])).any():
        out.append("review not after the conference it reviews")
    last = co.groupby("referral_id")["conference_date"].max().rename("last_conference")
    outc = oc.merge(last.reset_index(), on="referral_id", how="left").merge(
        rf[["referral_id", "referral_date", "court_application_date"]], on="referral_id"
    )
    if (d(outc["recorded_date"]) < d(outc["last_conference"])).any():
        out.append("outcome before a conference")
    if (d(outc["recorded_date"]) < d(outc["referral_date"])).any():
        out.append("outcome before referral")
    pairs = set(zip(links["referral_id"], links["child_ids"], strict=True))
    if not all(p in pairs for p in zip(oc["referral_id"], oc["child_id"], strict=True)):
        out.append("outcome for a child not of the referral")
    # statutory pre-proceedings
    pp = rf[rf["letter_before_proceedings_date"].notna()]
    offer_ok = of[(of["offer_made"]) | (of["reason_not_offered"] == "BEST_INTERESTS")]
    if not pp["referral_id"].isin(offer_ok["referral_id"]).all():
        out.append("LBP without an offer or best-interests exception")
    acc = chain[chain["decision"] == "ACCEPTED"].merge(
        rf[["referral_id", "court_application_date"]], on="referral_id"
    )
    acc = acc[acc["court_application_date"].notna()]
    first_held = held.groupby("referral_id")["conference_date"].min()
    before = d(acc["referral_id"].map(first_held)) < d(acc["court_application_date"])
    if not before.all():
        out.append("accepted offer, court application, no meeting held before it")
    cp = outc[outc["court_application_date"].notna()].merge(
        oc[["outcome_id", "care_proceedings_date"]], on="outcome_id", suffixes=("_x", "")
    )
    cp = cp[cp["care_proceedings_date"].notna()]
    if (cp["care_proceedings_date"] != cp["court_application_date"]).any():
        out.append("care proceedings date differs from the court application date")
    if ((oc["case_status"] == "LOOKED_AFTER") != oc["looked_after"]).any():
        out.append("case_status LOOKED_AFTER and looked_after disagree")
    return out
