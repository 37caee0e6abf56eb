"""Enrol people automatically (programs configured so) and tell them, in bulk."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from sqlalchemy import Connection, select

from zhucan.access.scope import Actor
from zhucan.benefits.rules import rule_for
from zhucan.benefits.tables import enrollment, enrollment_event, notification
from zhucan.core.money import yuan_text
from zhucan.registry.rows import next_id
from zhucan.storage.bulk import bulk_insert


def enrol_automatically(
    conn: Connection, lines: pl.DataFrame, program: str, actor: Actor, now: datetime
) -> int:
    """Enrol the people paid by ``lines`` who have no enrolment yet; one notice each."""
    paid = lines.filter(pl.col("amount_fen") > 0)
    if paid.is_empty():
        return 0
    first = (
        paid.sort("month")
        .group_by("person_id")
        .agg(
            pl.col("month").first().alias("start_month"),
            pl.col("region").last(),
            pl.col("amount_fen").last(),
        )
    )
    known = set(
        conn.execute(select(enrollment.c.person_id).where(enrollment.c.program == program))
        .scalars()
        .all()
    )
    new = first.filter(~pl.col("person_id").is_in(list(known))).sort("person_id")
    if new.is_empty():
        return 0
    return write_enrolments(conn, new, program, "auto", actor, now)


def write_enrolments(
    conn: Connection, new: pl.DataFrame, program: str, source: str, actor: Actor, now: datetime
) -> int:
    """Insert enrolments (person_id, start_month, region, amount_fen) with events and notices."""
    name = rule_for(program).name_zh
    start = next_id(conn, enrollment.c.id)
    ids = pl.int_range(start, start + new.height, dtype=pl.Int64)
    rows = new.select(
        ids.alias("id"),
        "person_id",
        pl.lit(program).alias("program"),
        "region",
        "start_month",
        pl.lit(None, pl.String).alias("end_month"),
        pl.lit(None, pl.String).alias("suspended_from"),
        pl.lit(source).alias("source"),
        pl.lit(actor.username).alias("created_by"),
        pl.lit(now).alias("created_at"),
        pl.lit(now).alias("updated_at"),
    )
    bulk_insert(conn, enrollment, rows)
    ev_start = next_id(conn, enrollment_event.c.id)
    bulk_insert(
        conn,
        enrollment_event,
        rows.select(
            pl.int_range(ev_start, ev_start + new.height, dtype=pl.Int64).alias("id"),
            pl.col("id").alias("enrollment_id"),
            pl.lit("enrol").alias("action"),
            pl.col("start_month").alias("month"),
            pl.lit(f"纳入（{source}）").alias("reason"),
            pl.lit(actor.username).alias("by"),
            pl.lit(now).alias("at"),
        ),
    )
    n_start = next_id(conn, notification.c.id)
    bulk_insert(
        conn,
        notification,
        new.select(
            pl.int_range(n_start, n_start + new.height, dtype=pl.Int64).alias("id"),
            "person_id",
            pl.lit(program).alias("program"),
            pl.lit("enrolled").alias("kind"),
            pl.concat_str(
                [
                    pl.lit(f"您已纳入{name}，自 "),
                    pl.col("start_month"),
                    pl.lit(" 起按月发放，每月 "),
                    yuan_text("amount_fen"),
                    pl.lit(" 元。如有疑问请联系所在乡镇（街道）残联。"),
                ]
            ).alias("message"),
            pl.lit(now).alias("created_at"),
            pl.lit(None, pl.Datetime("us")).alias("sent_at"),
        ),
    )
    return new.height
