"""Large CSV tables to Parquet in batches: the same result as reading the whole file."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from fgc_standard.io import IMPOSSIBLE_DATE_CODE, read_return, write_csv_package
from fgc_standard.io.large_csv import convert_csv_package_to_parquet, convert_csv_table_to_parquet
from fgc_standard.synth import generate_return


def test_batches_give_the_same_return_as_one_read(tmp_path: Path) -> None:
    ret = generate_return(2_000, seed=11)
    write_csv_package(ret, tmp_path / "csv")
    seen: list[tuple[int, int]] = []
    result = convert_csv_package_to_parquet(
        tmp_path / "csv",
        tmp_path / "pq",
        block_size=32_000,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.rows == ret.num_rows
    assert result.issue_count == 0
    assert read_return(tmp_path / "pq").data.equals(ret)
    assert len(seen) > len(ret.tables)  # several batches per table
    assert seen[-1][0] == seen[-1][1]


def test_issues_name_the_file_line_across_batches(tmp_path: Path) -> None:
    lines = [
        "referral_id,family_id,child_ids,referral_date,referral_source,stage_at_referral,purpose"
    ]
    lines += [f"R{i:05d},F{i},C{i},2025-01-01,SOCIAL_WORKER,CP,SAFETY_PLAN" for i in range(5000)]
    lines[4001] = lines[4001].replace("2025-01-01", "31/02/2025")
    source = tmp_path / "referrals.csv"
    source.write_text("\n".join(lines) + "\n")
    result = convert_csv_table_to_parquet(
        source, tmp_path / "referrals.parquet", "referrals", block_size=20_000
    )
    assert result.rows == {"referrals": 5000}
    [issue] = result.issues
    assert issue.code == IMPOSSIBLE_DATE_CODE
    assert issue.key == "R04000"
    assert issue.location is not None
    assert issue.location.row == 4002  # the line in the file, header is line 1
    table = pa.parquet.read_table(tmp_path / "referrals.parquet")
    assert table.num_rows == 5000


def test_issues_beyond_the_limit_are_counted_not_kept(tmp_path: Path) -> None:
    lines = ["child_id,sex,ethnicity,date_of_birth"]
    lines += [f"C{i},F,WBRI,not a date" for i in range(300)]
    source = tmp_path / "children.csv"
    source.write_text("\n".join(lines) + "\n")
    result = convert_csv_table_to_parquet(
        source, tmp_path / "children.parquet", "children", max_issues=10, block_size=2_000
    )
    assert len(result.issues) == 10
    assert result.issue_count == 300
