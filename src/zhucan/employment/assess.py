"""One year's review of all employers: verified counts, ratio, levy, reward (pure Polars)."""

from __future__ import annotations

from datetime import date

import polars as pl

from zhucan.employment.levy import MICRO, levy
from zhucan.employment.review import per_employer, verify_employees
from zhucan.employment.reward import EXAMPLE_RULE, RewardRule, reward_fen
from zhucan.policy.policy_set import PolicySet

EMPLOYERS_SCHEMA = {
    "employer_id": pl.Int64(),
    "region": pl.String(),
    "year": pl.Int32(),
    "staff": pl.Int64(),
    "average_wage": pl.Decimal(38, 4),
    "local_average_wage": pl.Decimal(38, 4),
}


def assess(
    policies: PolicySet,
    employers: pl.DataFrame,
    declared: pl.DataFrame,
    people: pl.DataFrame,
    levy_as_of: date,
    insurance: pl.DataFrame | None = None,
    rule: RewardRule = EXAMPLE_RULE,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(per-employer results, per-employee checks) for the employers that declared."""
    checked = verify_employees(declared, people, insurance)
    counts = per_employer(checked)
    frame = (
        employers.select([pl.col(c).cast(t) for c, t in EMPLOYERS_SCHEMA.items()])
        .join(counts, on="employer_id", how="left")
        .with_columns(pl.col("declared", "counted", "rejected").fill_null(0))
        .with_columns(pl.col("counted").alias("disabled_employees"))
    )
    levied = levy(policies, frame, levy_as_of)
    staff = pl.col("staff")
    results = frame.join(levied, on="employer_id", how="left").select(
        "employer_id",
        "region",
        "year",
        "staff",
        "declared",
        "counted",
        "rejected",
        pl.when(staff > 0).then(pl.col("counted") / staff).otherwise(0.0).round(6).alias("ratio"),
        (pl.col("required_ratio_micro") / MICRO).alias("required_ratio"),
        (pl.col("counted") * MICRO >= staff * pl.col("required_ratio_micro")).alias("meets_ratio"),
        "tier",
        "wage_capped",
        "levy_fen",
        reward_fen(rule, pl.col("counted"), staff, pl.col("required_ratio_micro")).alias(
            "reward_fen"
        ),
        "policy",
        "policy_version",
    )
    return results, checked
