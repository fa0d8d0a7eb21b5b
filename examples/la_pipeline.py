"""An LA pipeline step: read a return in any format, validate it, write it on.

Run ``python examples/la_pipeline.py SOURCE OUT``. The guide for LA developers
shows this file, and the test suite runs it on the bundled example return.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(source: Path, out: Path) -> int:
    # --8<-- [start:read]
    from fgc_standard.io import read_return

    result = read_return(source)  # CSV or Parquet folder, .json or .xlsx
    ret = result.data
    print(f"read {source.name}: {ret.num_rows['referrals']} referrals")
    for issue in result.issues:  # values that could not be read, by file, line and column
        print(f"  {issue.code} {issue.location}: {issue.message}")
    # --8<-- [end:read]

    # --8<-- [start:validate]
    from fgc_standard.validate import validate

    report = validate(result)  # with the reader's issues; validate(ret) would not know them
    print(report.summary_line())  # errors, queries and the rules that found them
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.html").write_text(report.render("html"), encoding="utf-8")
    if report.errors:
        print("the return has errors: see report.html; nothing written")
        return 1
    # --8<-- [end:validate]

    # --8<-- [start:write]
    from fgc_standard.io import write_return

    write_return(ret, out / "return-parquet", format="parquet")
    referrals = ret.to_pandas("referrals")
    by_stage = referrals.groupby("stage_at_referral").size()
    print("referrals by stage at referral:")
    print(by_stage.to_string())
    # --8<-- [end:write]

    # --8<-- [start:national]
    import secrets

    from fgc_standard.privacy import minimise, pseudonymise

    key = secrets.token_bytes(32)  # in practice: the LA's own key, read_key_file("la.key")
    national = minimise(pseudonymise(ret, key), birth="month")
    write_return(national, out / "national-flow", format="csv")
    child = national.to_pandas("children").iloc[0]
    renamed = child["child_id"] != ret.to_pandas("children").iloc[0]["child_id"]
    print(f"national flow: ids pseudonymised: {renamed}; first child born {child['birth_month']}")
    # --8<-- [end:national]

    # --8<-- [start:census]
    from fgc_standard.cin import census_items, write_census_xml

    items = census_items(ret)  # one row per child and pre-proceedings episode
    print(f"census module items for {items.num_rows} child episodes")
    write_census_xml(ret, out / "census-fgdm.xml")
    # --8<-- [end:census]
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
