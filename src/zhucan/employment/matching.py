"""Rank job postings for job seekers, all at once (Polars), with reasons in Chinese.

Hard conditions: the posting is in the seeker's city (first 4 digits of the region), suits
the seeker's disability category and grade. Score (0–100): 10 for fitting, up to 30 for
nearness (same village 30, town 20, county 10), up to 40 for the share of required skills
the seeker has, up to 20 for the share of needed accommodations the employer offers.
Skills and accommodations are compared as bit sets, so a pair costs a few integer ops.
"""

from __future__ import annotations

import polars as pl

ACCOMMODATIONS = {
    "barrier_free": "无障碍通道与卫生间",
    "sign_language": "手语或文字沟通",
    "screen_reader": "读屏软件",
    "flexible_hours": "弹性工时",
    "remote": "居家办公",
    "transport": "上下班接送",
    "job_coach": "就业辅导员（支持性就业）",
}
SEEKERS_SCHEMA = {
    "seeker_id": pl.Int64(),
    "region": pl.String(),
    "category": pl.Int8(),
    "grade": pl.Int8(),
    "skills": pl.List(pl.String()),
    "needs": pl.List(pl.String()),
}
POSTINGS_SCHEMA = {
    "posting_id": pl.Int64(),
    "region": pl.String(),
    "categories": pl.List(pl.Int8()),
    "grades": pl.List(pl.Int8()),
    "skills": pl.List(pl.String()),
    "accommodations": pl.List(pl.String()),
}
_NEAR = {"same_village": 12, "same_town": 9, "same_county": 6}
_NEAR_ZH = {"same_village": "同村（社区）", "same_town": "同乡镇（街道）", "same_county": "同县区"}


def _bits(frame: pl.DataFrame, column: str, vocabulary: list[str]) -> pl.Expr:
    """A bit set (Int64) of a list-of-words column over ``vocabulary`` (63 bits, wrapping)."""
    bit = {w: 1 << (i % 63) for i, w in enumerate(vocabulary)}
    return (
        pl.col(column)
        .list.eval(pl.element().replace_strict(bit, default=None, return_dtype=pl.Int64))
        .list.eval(pl.element().unique())
        .list.sum()
        .fill_null(0)
    )


def _pop(expr: pl.Expr) -> pl.Expr:
    return expr.bitwise_count_ones().cast(pl.Int64)


def _places(region: pl.Expr) -> list[pl.Expr]:
    """Region as integers: city (4 digits), county (6), town (9), village (12)."""
    return [
        region.str.slice(0, n).cast(pl.Int64).alias(name)
        for name, n in (("city", 4), ("county", 6), ("town", 9), ("village", 12))
    ]


def _grade_bits(column: str) -> pl.Expr:
    return (
        pl.col(column).list.eval(pl.lit(1, pl.Int64) * 2 ** pl.element().cast(pl.Int64)).list.sum()
    )


def match(
    seekers: pl.DataFrame, postings: pl.DataFrame, top: int = 5, chunk: int = 2_000
) -> pl.DataFrame:
    """The ``top`` postings for each seeker: seeker_id, posting_id, rank, score, reasons."""
    seekers = seekers.select([pl.col(c).cast(t) for c, t in SEEKERS_SCHEMA.items()])
    postings = postings.select([pl.col(c).cast(t) for c, t in POSTINGS_SCHEMA.items()])
    words = postings.get_column("skills").explode().drop_nulls().unique().sort().to_list()
    kinds = list(ACCOMMODATIONS)
    s = seekers.select(
        "seeker_id",
        *_places(pl.col("region")),
        "category",
        (pl.lit(1, pl.Int64) * 2 ** pl.col("grade").cast(pl.Int64)).alias("g_bit"),
        _bits(seekers, "skills", words).alias("s_skills"),
        _bits(seekers, "needs", kinds).alias("s_needs"),
    )
    p = (
        postings.select(
            "posting_id",
            *[e.name.prefix("p_") for e in _places(pl.col("region"))],
            pl.col("categories").alias("category"),
            _grade_bits("grades").alias("p_grades"),
            _bits(postings, "skills", words).alias("p_skills"),
            _bits(postings, "accommodations", kinds).alias("p_offers"),
        )
        .explode("category")
        .rename({"p_city": "city"})
    )
    parts = [
        _top(s.slice(i, chunk).lazy(), p.lazy(), top) for i in range(0, max(s.height, 1), chunk)
    ]
    best = pl.concat(pl.collect_all(parts))
    return with_reasons(best, seekers, postings)


def _top(s: pl.LazyFrame, p: pl.LazyFrame, top: int) -> pl.LazyFrame:
    """Score the pairs of a slice of seekers and keep each seeker's best ``top``."""
    pairs = s.join(p, on=["city", "category"]).filter((pl.col("p_grades") & pl.col("g_bit")) != 0)
    near = (
        pl.when(pl.col("village") == pl.col("p_village"))
        .then(30)
        .when(pl.col("town") == pl.col("p_town"))
        .then(20)
        .when(pl.col("county") == pl.col("p_county"))
        .then(10)
        .otherwise(0)
    )
    required, needed = _pop(pl.col("p_skills")), _pop(pl.col("s_needs"))
    has = _pop(pl.col("s_skills") & pl.col("p_skills"))
    covered = _pop(pl.col("s_needs") & pl.col("p_offers"))
    skill = pl.when(required == 0).then(40).otherwise(40 * has // required)
    acc = pl.when(needed == 0).then(20).otherwise(20 * covered // needed)
    score = (10 + near + skill + acc).cast(pl.Int64)
    # One sortable key per pair: higher score first, then the lower posting id.
    key = score * (1 << 40) + ((1 << 40) - 1 - pl.col("posting_id"))
    return (
        pairs.select("seeker_id", key.alias("key"))
        .group_by("seeker_id")
        .agg(pl.col("key").top_k(top))
        .explode("key")
        .select(
            "seeker_id",
            ((1 << 40) - 1 - pl.col("key") % (1 << 40)).alias("posting_id"),
            (pl.col("key") // (1 << 40)).alias("score"),
            pl.col("key").rank("ordinal", descending=True).over("seeker_id").alias("rank"),
        )
    )


def with_reasons(best: pl.DataFrame, seekers: pl.DataFrame, postings: pl.DataFrame) -> pl.DataFrame:
    """Add the reasons (Chinese, joined by ；) to the few ranked pairs."""
    rows = best.join(
        seekers.select("seeker_id", "skills", "needs", pl.col("region").alias("s_region")),
        on="seeker_id",
    ).join(
        postings.select(
            "posting_id",
            pl.col("skills").alias("req"),
            pl.col("accommodations").alias("offers"),
            pl.col("region").alias("p_region"),
        ),
        on="posting_id",
    )
    near = pl.lit("same_city")
    for name, digits in reversed(_NEAR.items()):
        same = pl.col("s_region").str.slice(0, digits) == pl.col("p_region").str.slice(0, digits)
        near = pl.when(same).then(pl.lit(name)).otherwise(near)
    rows = rows.with_columns(near.alias("near"))
    labels = pl.element().replace_strict(ACCOMMODATIONS, default=pl.element())
    skills = pl.col("skills").list.set_intersection("req")
    met = pl.col("needs").list.set_intersection("offers").list.eval(labels)
    lacking = pl.col("needs").list.set_difference("offers").list.eval(labels)
    reasons = pl.concat_list(
        pl.lit("残疾类别和等级符合岗位要求"),
        pl.col("near").replace_strict(_NEAR_ZH, default="同市"),
        pl.when(pl.col("req").list.len() == 0)
        .then(pl.lit("岗位无特定技能要求"))
        .otherwise(
            pl.format(
                "技能匹配 {}/{}：{}",
                skills.list.len(),
                pl.col("req").list.len(),
                skills.list.join("、"),
            )
        ),
        pl.when(met.list.len() > 0).then(pl.format("提供所需便利：{}", met.list.join("、"))),
        pl.when(lacking.list.len() > 0).then(pl.format("缺少便利：{}", lacking.list.join("、"))),
    ).list.drop_nulls()
    return rows.select(
        "seeker_id", "posting_id", "rank", "score", reasons.list.join("；").alias("reasons")
    ).sort("seeker_id", "rank")
