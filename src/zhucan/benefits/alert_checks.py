"""Dynamic-supervision checks over frames: each returns candidate alerts, column-wise.

Every check returns (kind, person_id, other_person_id, program, region, event_date,
detail, amount_fen, dedup_key); the dedup key makes raising the same alert twice a no-op.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from zhucan.benefits.rules import PROGRAMS
from zhucan.benefits.states import AlertKind
from zhucan.core.money import yuan_text

ALERT_SCHEMA: dict[str, pl.DataType] = {
    "kind": pl.String(),
    "person_id": pl.Int64(),
    "other_person_id": pl.Int64(),
    "program": pl.String(),
    "region": pl.String(),
    "event_date": pl.Date(),
    "detail": pl.String(),
    "amount_fen": pl.Int64(),
    "dedup_key": pl.String(),
}


def _out(frame: pl.DataFrame, kind: AlertKind, detail: pl.Expr, key: pl.Expr) -> pl.DataFrame:
    filled = frame.with_columns(
        pl.lit(kind.value).alias("kind"),
        detail.alias("detail"),
        pl.concat_str([pl.lit(f"{kind.value}:"), key]).alias("dedup_key"),
        *(
            pl.lit(None, t).alias(c)
            for c, t in ALERT_SCHEMA.items()
            if c not in frame.columns and c not in ("kind", "detail", "dedup_key")
        ),
    )
    return filled.select([pl.col(c).cast(t) for c, t in ALERT_SCHEMA.items()])


def stop_month(death: pl.Expr) -> pl.Expr:
    """The first unpaid month after a death, as YYYY-MM (次月停发)."""
    first = death.dt.month_start()
    return (
        pl.when(death == first)
        .then(first)
        .otherwise(first.dt.offset_by("1mo"))
        .dt.to_string("%Y-%m")
    )


def paid_after_death(snap: pl.DataFrame, lines: pl.DataFrame) -> pl.DataFrame:
    """Money booked (net, not failed) for months after a death: to stop and recover."""
    dead = snap.filter(pl.col("death_date").is_not_null()).select(
        "person_id", "hukou_region", "death_date", stop_month(pl.col("death_date")).alias("stop")
    )
    paid = (
        lines.join(dead, on="person_id")
        .filter((pl.col("month") >= pl.col("stop")) & (pl.col("status") != "failed"))
        .group_by("person_id", "program")
        .agg(
            pl.col("amount_fen").sum(),
            pl.col("month").min().alias("first"),
            pl.col("month").max().alias("last"),
        )
        .filter(pl.col("amount_fen") > 0)
        .join(dead, on="person_id")
    )
    detail = pl.concat_str(
        [
            pl.lit("已于 "),
            pl.col("event_date").dt.to_string("%Y-%m-%d"),
            pl.lit(" 死亡，但 "),
            pl.col("first"),
            pl.lit(" 至 "),
            pl.col("last"),
            pl.lit(" 仍发放 "),
            yuan_text("amount_fen"),
            pl.lit(" 元，应停发并追回"),
        ]
    )
    key = pl.concat_str(
        [
            pl.col("person_id").cast(pl.String),
            pl.col("program"),
            pl.col("event_date").cast(pl.String),
        ],
        separator=":",
    )
    return _out(
        paid.rename({"hukou_region": "region", "death_date": "event_date"}),
        AlertKind.PAID_AFTER_DEATH,
        detail,
        key,
    )


def on_enrolled(snap: pl.DataFrame, enrolled: pl.DataFrame, as_of: date) -> list[pl.DataFrame]:
    """Moves out of the paying county, invalid certificates, lost 低保, overlapping benefits."""
    both = enrolled.join(snap, on="person_id").filter(pl.col("alive"))
    eid = pl.col("enrollment_id").cast(pl.String)
    moved = both.filter(pl.col("hukou_region").str.slice(0, 6) != pl.col("region").str.slice(0, 6))
    out = [
        _out(
            moved,
            AlertKind.MOVED_OUT,
            pl.concat_str(
                [
                    pl.lit("户籍已迁至 "),
                    pl.col("hukou_region"),
                    pl.lit("，不再属于原发放地 "),
                    pl.col("region").str.slice(0, 6),
                ]
            ),
            pl.concat_str([eid, pl.col("hukou_region")], separator=":"),
        )
    ]
    bad_cert = both.filter(~pl.col("certificate_valid"))
    cancelled = pl.col("certificate_status") == "cancelled"
    out.append(
        _out(
            bad_cert.with_columns(pl.col("hukou_region").alias("region")),
            AlertKind.CERTIFICATE,
            pl.when(cancelled)
            .then(pl.lit("残疾人证已注销"))
            .otherwise(
                pl.concat_str(
                    [
                        pl.lit("残疾人证已于 "),
                        pl.col("certificate_valid_until").cast(pl.String),
                        pl.lit(" 过期"),
                    ]
                ).fill_null(pl.lit("无有效残疾人证"))
            ),
            pl.concat_str(
                [
                    eid,
                    pl.col("certificate_status").fill_null("none"),
                    pl.col("certificate_valid_until").cast(pl.String).fill_null(""),
                ],
                separator=":",
            ),
        )
    )
    lost = both.filter((pl.col("program") == "living_subsidy") & (pl.col("assistance") == "none"))
    out.append(
        _out(
            lost.with_columns(pl.col("hukou_region").alias("region")),
            AlertKind.LOST_DIBAO,
            pl.lit(f"截至 {as_of} 已不是低保（低保边缘、特困）对象，生活补贴应停发"),
            eid,
        )
    )
    for program, rule in PROGRAMS.items():
        for benefit in rule.overlaps:
            hit = both.filter(
                (pl.col("program") == program) & pl.col("other_benefits").list.contains(benefit)
            )
            out.append(
                _out(
                    hit.with_columns(pl.col("hukou_region").alias("region")),
                    AlertKind.OVERLAP,
                    pl.lit(f"同时享受{rule.name_zh}和{benefit}，不得重复享受"),
                    pl.concat_str([eid, pl.lit(benefit)], separator=":"),
                )
            )
    return out


def duplicates(pairs: pl.DataFrame, regions: pl.DataFrame, why: str) -> pl.DataFrame:
    """Pairs (person_id, other_person_id) of suspected double registrations."""
    lo = pl.min_horizontal("person_id", "other_person_id")
    hi = pl.max_horizontal("person_id", "other_person_id")
    carried = [pl.col("region")] if "region" in pairs.columns else []
    frame = pairs.select(lo.alias("person_id"), hi.alias("other_person_id"), *carried).unique(
        ["person_id", "other_person_id"]
    )
    if not carried:
        frame = frame.join(regions, on="person_id", how="left")
    key = pl.concat_str(
        [pl.col("person_id").cast(pl.String), pl.col("other_person_id").cast(pl.String)],
        separator=":",
    )
    detail = pl.concat_str([pl.lit(why + "：与 #"), pl.col("other_person_id").cast(pl.String)])
    return _out(frame, AlertKind.DUPLICATE, detail, key)
