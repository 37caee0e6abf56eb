"""Verify declared disabled employees against the registry, all employers at once (Polars).

Each declared employee gets one status, checked in this order: not in the registry, dead,
no valid certificate on the review date, declared twice by the same employer, declared
by two or more employers, social insurance reported unpaid by the feed. Only ``counted``
employees count, grade 1–2 as two (残疾人就业保障金征收使用管理办法: 一级、二级按两人计).

Declared by two employers: if the social-insurance feed shows exactly one of them paying,
that one counts the person; otherwise nobody does until staff settle it.
"""

from __future__ import annotations

import polars as pl

STATUSES = {
    "counted": ("核验通过", "verified"),
    "not_found": ("名册中查无此人", "not in the registry"),
    "dead": ("已死亡", "deceased"),
    "certificate_invalid": ("审核日无有效残疾人证", "no valid certificate on the review date"),
    "repeated": ("同一单位重复申报", "declared twice by the same employer"),
    "duplicate": ("被两家及以上单位同时申报", "declared by two or more employers"),
    "insurance_not_paid": ("社保未由本单位缴纳", "social insurance not paid by this employer"),
}
INSURANCE = ("paid", "not_paid", "unknown")

DECLARED_SCHEMA = {
    "declared_employee_id": pl.Int64(),
    "employer_id": pl.Int64(),
    "person_id": pl.Int64(),  # null: not found in the registry
}
PEOPLE_SCHEMA = {
    "person_id": pl.Int64(),
    "alive": pl.Boolean(),
    "certificate_valid": pl.Boolean(),
    "grade": pl.Int8(),
}
INSURANCE_SCHEMA = {"person_id": pl.Int64(), "employer_id": pl.Int64(), "paid": pl.Boolean()}


def verify_employees(
    declared: pl.DataFrame, people: pl.DataFrame, insurance: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Declared rows with status, weight (0/1/2), insurance and the other employers' ids."""
    feed = (
        insurance.select([pl.col(c).cast(t) for c, t in INSURANCE_SCHEMA.items()]).unique(
            ["person_id", "employer_id"], keep="last"
        )
        if insurance is not None
        else pl.DataFrame(schema=INSURANCE_SCHEMA)
    )
    rows = (
        declared.select([pl.col(c).cast(t) for c, t in DECLARED_SCHEMA.items()])
        .join(people.select(list(PEOPLE_SCHEMA)), on="person_id", how="left")
        .join(feed, on=["person_id", "employer_id"], how="left")
        .with_columns(
            pl.when(pl.col("paid").is_null())
            .then(pl.lit("unknown"))
            .when(pl.col("paid"))
            .then(pl.lit("paid"))
            .otherwise(pl.lit("not_paid"))
            .alias("insurance"),
            pl.int_range(pl.len()).over("person_id", "employer_id").alias("_nth"),
        )
    )
    eligible = (
        pl.col("person_id").is_not_null()
        & pl.col("alive").fill_null(False)
        & pl.col("certificate_valid").fill_null(False)
        & (pl.col("_nth") == 0)
    )
    claims = (
        rows.filter(eligible)
        .group_by("person_id")
        .agg(
            pl.col("employer_id").n_unique().alias("_employers"),
            (pl.col("insurance") == "paid").sum().alias("_payers"),
            pl.col("employer_id").alias("_all"),
        )
    )
    rows = rows.join(claims, on="person_id", how="left")
    shared = pl.col("_employers").fill_null(0) > 1
    payer_wins = shared & (pl.col("_payers") == 1)
    status = (
        pl.when(pl.col("person_id").is_null())
        .then(pl.lit("not_found"))
        .when(~pl.col("alive").fill_null(False))
        .then(pl.lit("dead"))
        .when(~pl.col("certificate_valid").fill_null(False))
        .then(pl.lit("certificate_invalid"))
        .when(pl.col("_nth") > 0)
        .then(pl.lit("repeated"))
        .when(shared & ~(payer_wins & (pl.col("insurance") == "paid")))
        .then(pl.lit("duplicate"))
        .when(pl.col("insurance") == "not_paid")
        .then(pl.lit("insurance_not_paid"))
        .otherwise(pl.lit("counted"))
    )
    return (
        rows.with_columns(status.alias("status"))
        .with_columns(
            pl.when(pl.col("status") != "counted")
            .then(0)
            .when(pl.col("grade").is_in([1, 2]))
            .then(2)
            .otherwise(1)
            .cast(pl.Int16)
            .alias("weight"),
            pl.when(shared)
            .then(pl.col("_all").list.set_difference(pl.concat_list("employer_id")).list.sort())
            .otherwise(pl.lit([], pl.List(pl.Int64)))
            .alias("other_employers"),
        )
        .select(*DECLARED_SCHEMA, "grade", "status", "weight", "insurance", "other_employers")
    )


def per_employer(checked: pl.DataFrame) -> pl.DataFrame:
    """Declared, counted (weighted) and rejected employees of each employer."""
    return checked.group_by("employer_id").agg(
        pl.len().cast(pl.Int64).alias("declared"),
        pl.col("weight").sum().cast(pl.Int64).alias("counted"),
        (pl.col("status") != "counted").sum().cast(pl.Int64).alias("rejected"),
    )
