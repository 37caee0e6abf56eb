"""The employment security levy of each employer, from the policy engine, with its tier.

The amount is the engine's (``employment_levy`` documents, subject employer); this module
only adds, for reading, which tier applied and whether the wage cap bit, using the same
document's parameters for the employer's region.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl

from zhucan.policy.evaluate import evaluate_employers
from zhucan.policy.policy_set import PolicySet
from zhucan.policy.resolve import assign_keys, program_keys

PROGRAM = "employment_levy"
MICRO = 1_000_000  # ratios compared exactly as integers in millionths
TIERS = {
    "exempt_small": ("在职职工30人（含）以下，暂免征收", "30 staff or fewer: exempt"),
    "meets_quota": ("已达规定比例，无需缴纳", "meets the required ratio: nothing due"),
    "pay_50pct": ("达到1%未达规定比例，按50%缴纳", "at least 1% but below the ratio: 50% due"),
    "pay_90pct": ("不足1%，按90%缴纳", "below 1%: 90% due"),
    "incomplete": ("缺少职工人数或工资数据", "staff or wage data missing"),
    "no_policy": ("没有适用的征收政策", "no levy policy applies"),
}
_PARAMS = ("required_ratio", "lower_ratio", "wage_cap_multiple")


def _micro(value: object) -> int:
    return int(Decimal(str(value)) * MICRO)


def policy_parameters(policies: PolicySet, regions: pl.Series, as_of: date) -> pl.DataFrame:
    """Per distinct region: the levy document's ratio parameters (millionths) on ``as_of``."""
    pk = program_keys(policies, PROGRAM, as_of)
    distinct = regions.unique()
    index = assign_keys(distinct, pk)
    table: dict[str, list[int | None]] = {name: [] for name in _PARAMS}
    for i in range(len(pk.keys)):
        key = pk.keys[i]
        for name in _PARAMS:
            value = None if key is None else key.params.get(name)
            table[name].append(None if value is None else _micro(value))
    params = pl.DataFrame(
        {"_key": list(range(len(pk.keys))), **{f"{n}_micro": v for n, v in table.items()}},
        schema={"_key": pl.Int32(), **{f"{n}_micro": pl.Int64() for n in _PARAMS}},
    )
    return (
        pl.DataFrame({"region": distinct, "_key": index})
        .join(params, on="_key", how="left")
        .drop("_key")
    )


def levy(policies: PolicySet, employers: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Levy in fen, policy, version, tier and cap for each row of an employer frame.

    ``employers`` has the employer facts of ``zhucan.policy.expr.facts.EMPLOYER_SCHEMA``,
    with ``disabled_employees`` already weighted (grade 1–2 twice).
    """
    result = evaluate_employers(policies, employers, as_of, programs=[PROGRAM])
    params = policy_parameters(policies, employers.get_column("region"), as_of)
    rows = employers.select(
        "employer_id",
        "region",
        "staff",
        "disabled_employees",
        "average_wage",
        "local_average_wage",
    ).join(params, on="region", how="left")
    staff, counted = pl.col("staff"), pl.col("disabled_employees")
    failed = pl.col("failed")
    tier = (
        pl.when(pl.col("policy").is_null())
        .then(pl.lit("no_policy"))
        .when(failed.list.contains("small_employer"))
        .then(pl.lit("exempt_small"))
        .when(failed.list.contains("meets_quota"))
        .then(pl.lit("meets_quota"))
        .when(~pl.col("eligible"))
        .then(pl.lit("incomplete"))
        .when(counted * MICRO >= staff * pl.col("lower_ratio_micro"))
        .then(pl.lit("pay_50pct"))
        .otherwise(pl.lit("pay_90pct"))
    )
    capped = (
        pl.col("average_wage").cast(pl.Float64) * MICRO
        > pl.col("local_average_wage").cast(pl.Float64) * pl.col("wage_cap_multiple_micro")
    ).fill_null(False)
    return rows.join(
        result.select("employer_id", "policy", "version", "eligible", "amount_fen", "failed"),
        on="employer_id",
        how="left",
    ).select(
        "employer_id",
        pl.col("amount_fen").fill_null(0).alias("levy_fen"),
        "policy",
        pl.col("version").alias("policy_version"),
        tier.alias("tier"),
        (capped & pl.col("eligible").fill_null(False)).alias("wage_capped"),
        pl.col("required_ratio_micro").fill_null(15_000),
    )
