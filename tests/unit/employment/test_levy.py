"""The levy of the annual review, computed by hand for each tier, the cap and the exemption.

Every expected amount is worked out in the test's comment from 财税〔2019〕98号: quota
gap × min(average wage, 2 × local average wage) × the tier's share (90% below 1%,
50% from 1% to the required 1.5%), nothing at or above 1.5%, employers with ≤ 30 staff
exempt. Grade 1–2 employees count twice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from zhucan.employment.assess import assess
from zhucan.employment.reward import RewardRule
from zhucan.policy.loader import load_policies

POLICIES = load_policies()
REGION = "331102000000"


def _review(staff: int, grades: list[int], wage: int, local: int = 70_000) -> dict[str, object]:
    employers = pl.DataFrame(
        {
            "employer_id": [1],
            "region": [REGION],
            "year": [2024],
            "staff": [staff],
            "average_wage": [Decimal(wage)],
            "local_average_wage": [Decimal(local)],
        }
    )
    declared = pl.DataFrame(
        {
            "declared_employee_id": list(range(1, len(grades) + 1)),
            "employer_id": [1] * len(grades),
            "person_id": list(range(100, 100 + len(grades))),
        },
        schema={"declared_employee_id": pl.Int64, "employer_id": pl.Int64, "person_id": pl.Int64},
    )
    people = pl.DataFrame(
        {
            "person_id": list(range(100, 100 + len(grades))),
            "alive": [True] * len(grades),
            "certificate_valid": [True] * len(grades),
            "grade": grades,
        },
        schema={
            "person_id": pl.Int64,
            "alive": pl.Boolean,
            "certificate_valid": pl.Boolean,
            "grade": pl.Int8,
        },
    )
    rule = RewardRule(per_extra_person_fen=500_000)
    results, _ = assess(POLICIES, employers, declared, people, date(2024, 12, 31), rule=rule)
    return results.row(0, named=True)


@pytest.mark.parametrize(
    ("staff", "grades", "wage", "levy_yuan", "tier"),
    [
        # 90% tier: 200 staff, none employed: (3 − 0) × 80,000 × 0.9 = 216,000
        (200, [], 80_000, 216_000, "pay_90pct"),
        # 90% tier: 200 staff, one grade-3 (0.5%): (3 − 1) × 80,000 × 0.9 = 144,000
        (200, [3], 80_000, 144_000, "pay_90pct"),
        # 50% tier: 200 staff, one grade-1 counted twice (1%): (3 − 2) × 80,000 × 0.5 = 40,000
        (200, [1], 80_000, 40_000, "pay_50pct"),
        # 50% tier: 150 staff, grade 3 + 4 (1.33%): (2.25 − 2) × 80,000 × 0.5 = 10,000
        (150, [3, 4], 80_000, 10_000, "pay_50pct"),
        # meets the ratio: 200 staff, grade 2 (×2) + grade 4 = 3 = 1.5%: nothing due
        (200, [2, 4], 80_000, 0, "meets_quota"),
        # exemption: 30 staff, none employed: exempt
        (30, [], 60_000, 0, "exempt_small"),
        # just above the exemption: 31 × 1.5% = 0.465 × 60,000 × 0.9 = 25,110
        (31, [], 60_000, 25_110, "pay_90pct"),
    ],
)
def test_levy_by_tier(staff: int, grades: list[int], wage: int, levy_yuan: int, tier: str) -> None:
    row = _review(staff, grades, wage)
    assert row["levy_fen"] == levy_yuan * 100
    assert row["tier"] == tier
    assert row["wage_capped"] is False


def test_wage_cap() -> None:
    # 100 staff, none employed, wage 300,000 > 2 × 100,000: 1.5 × 200,000 × 0.9 = 270,000
    row = _review(100, [], 300_000, local=100_000)
    assert (row["levy_fen"], row["tier"], row["wage_capped"]) == (27_000_000, "pay_90pct", True)


def test_ratio_and_reward_above_quota() -> None:
    # 100 staff, grade 1 (×2) + grade 2 (×2) = 4: ratio 4%; quota 1.5 → 2 whole extra persons
    row = _review(100, [1, 2], 80_000)
    assert row["counted"] == 4 and row["ratio"] == pytest.approx(0.04)
    assert row["meets_ratio"] and row["levy_fen"] == 0
    assert row["reward_fen"] == 2 * 500_000
    assert row["policy"] == "national.employment_levy"
