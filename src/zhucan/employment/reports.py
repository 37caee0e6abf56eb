"""The list of non-compliant employers (for the credit system) and the review report (xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter
from sqlalchemy import Engine, func, select

from zhucan.access.scope import Actor, scope_clause
from zhucan.employment.levy import TIERS
from zhucan.employment.tables import declaration, employer, review

REASONS = {
    "not_declared": ("未按期申报", "did not declare for the year"),
    "below_ratio": ("未达规定比例且应缴保障金", "below the required ratio, levy due"),
    "declaration_rejected": ("申报人员未通过核验", "declared employees failed verification"),
}


_SCHEMA = {
    "employer_id": pl.Int64(),
    "credit_code": pl.String(),
    "name": pl.String(),
    "region": pl.String(),
    "staff": pl.Int64(),
    "declared": pl.Int64(),
    "counted": pl.Int64(),
    "ratio": pl.Float64(),
    "tier": pl.String(),
    "wage_capped": pl.Boolean(),
    "levy_fen": pl.Int64(),
    "reward_fen": pl.Int64(),
    "rejected": pl.Int64(),
    "declarations": pl.Int64(),
}


def review_rows(engine: Engine, actor: Actor, year: int) -> pl.DataFrame:
    """Every employer in scope with its review of ``year`` (null columns if not reviewed)."""
    e, r, d = employer, review, declaration
    declared = (
        select(func.count()).where(d.c.employer_id == e.c.id, d.c.year == year).scalar_subquery()
    )
    stmt = (
        select(
            e.c.id,
            e.c.credit_code,
            e.c.name,
            e.c.region,
            r.c.staff,
            r.c.declared,
            r.c.counted,
            r.c.ratio,
            r.c.tier,
            r.c.wage_capped,
            r.c.levy_fen,
            r.c.reward_fen,
            r.c.rejected,
            declared,
        )
        .select_from(e.outerjoin(r, (r.c.employer_id == e.c.id) & (r.c.year == year)))
        .where(scope_clause(e.c.region, actor))
        .order_by(e.c.id)
    )
    with engine.connect() as conn:
        rows = [
            (*row[:7], None if row[7] is None else float(row[7]), *row[8:])
            for row in conn.execute(stmt)
        ]
    return pl.DataFrame(rows, schema=_SCHEMA, orient="row")


def noncompliant(engine: Engine, actor: Actor, year: int) -> list[dict[str, Any]]:
    """Employers that did not declare, owe the levy, or declared people who failed checks."""
    rows = review_rows(engine, actor, year)
    flags = rows.with_columns(
        pl.concat_list(
            pl.when(pl.col("declarations") == 0).then(pl.lit("not_declared")),
            pl.when(pl.col("levy_fen") > 0).then(pl.lit("below_ratio")),
            pl.when(pl.col("rejected") > 0).then(pl.lit("declaration_rejected")),
        )
        .list.drop_nulls()
        .alias("reasons")
    ).filter(pl.col("reasons").list.len() > 0)
    return [
        {
            "credit_code": r["credit_code"],
            "name": r["name"],
            "region": r["region"],
            "year": year,
            "reasons": r["reasons"],
            "reasons_zh": "；".join(REASONS[x][0] for x in r["reasons"]),
            "levy_yuan": f"{(r['levy_fen'] or 0) / 100:.2f}",
        }
        for r in flags.iter_rows(named=True)
    ]


def by_region(rows: pl.DataFrame, digits: int) -> pl.DataFrame:
    """Totals by region prefix of ``digits`` digits (6 = county, 9 = town)."""
    return (
        rows.group_by(pl.col("region").str.slice(0, digits).alias("区划"))
        .agg(
            pl.len().alias("单位数"),
            (pl.col("declarations") > 0).sum().alias("已申报单位"),
            pl.col("staff").sum().alias("在职职工"),
            pl.col("declared").sum().alias("申报残疾职工"),
            pl.col("counted").sum().alias("核定安排人数（一二级按2人）"),
            (pl.col("tier") == "meets_quota").sum().alias("达到比例单位"),
            (pl.col("levy_fen").sum() / 100).alias("应缴保障金（元）"),
            (pl.col("reward_fen").sum() / 100).alias("超比例奖励（元）"),
        )
        .sort("区划")
    )


def region_report(engine: Engine, actor: Actor, year: int, path: Path) -> Path:
    """Write the year's review for the actor's region: totals by county/town and by employer."""
    rows = review_rows(engine, actor, year)
    digits = 9 if len(actor.prefix) >= 6 else 6
    detail = rows.select(
        pl.col("credit_code").alias("统一社会信用代码"),
        pl.col("name").alias("单位名称"),
        pl.col("region").alias("区划代码"),
        pl.col("staff").alias("在职职工"),
        pl.col("declared").alias("申报残疾职工"),
        pl.col("counted").alias("核定人数"),
        (pl.col("ratio") * 100).round(3).alias("安排比例（%）"),
        pl.col("tier")
        .replace_strict({k: v[0] for k, v in TIERS.items()}, default=None)
        .alias("征收档次"),
        pl.col("wage_capped").alias("按2倍社平工资封顶"),
        (pl.col("levy_fen") / 100).alias("应缴保障金（元）"),
        (pl.col("reward_fen") / 100).alias("超比例奖励（元）"),
    )
    with xlsxwriter.Workbook(str(path)) as book:
        by_region(rows, digits).write_excel(book, worksheet=f"{year}年分区汇总", autofit=True)
        detail.write_excel(book, worksheet=f"{year}年单位明细", autofit=True)
    return path
