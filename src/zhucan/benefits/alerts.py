"""Raise dynamic-supervision alerts for people touched by a feed, or for a whole region."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import polars as pl
from sqlalchemy import Connection, Engine, select

from zhucan.access.scope import SYSTEM, Actor
from zhucan.benefits.alert_checks import ALERT_SCHEMA, duplicates, on_enrolled, paid_after_death
from zhucan.benefits.feeds.match import people_frame
from zhucan.benefits.reads import query
from zhucan.benefits.tables import alert
from zhucan.core.period import Month
from zhucan.registry.rows import next_id
from zhucan.registry.snapshot import snapshot
from zhucan.storage.bulk import bulk_insert

_CHUNK = 20_000
_ENROLLED = {
    "person_id": pl.Int64(),
    "enrollment_id": pl.Int64(),
    "program": pl.String(),
    "region": pl.String(),
}
_LINES = {
    "person_id": pl.Int64(),
    "program": pl.String(),
    "month": pl.String(),
    "amount_fen": pl.Int64(),
    "status": pl.String(),
}


def _chunked(
    engine: Engine, sql: str, ids: Sequence[int], schema: dict[str, pl.DataType]
) -> pl.DataFrame:
    parts = [
        query(engine, sql.format(ids=",".join(str(int(i)) for i in ids[k : k + _CHUNK])), schema)
        for k in range(0, len(ids), _CHUNK)
    ]
    return pl.concat(parts) if parts else pl.DataFrame(schema=schema)


def supervise(
    engine: Engine,
    actor: Actor,
    as_of: date,
    source: str,
    ids: Sequence[int] | None = None,
    doubles: pl.DataFrame | None = None,
) -> dict[str, int]:
    """Check ``ids`` (default: everyone enrolled in the actor's jurisdiction); new alerts."""
    sweep = ids is None
    month = str(Month.of(as_of))
    active = f"(e.end_month IS NULL OR e.end_month > '{month}')"
    base = (
        "SELECT e.person_id, e.id AS enrollment_id, e.program, e.region FROM enrollment e "
        f"WHERE {active} AND "
    )
    if ids is None:
        enrolled = query(engine, base + f"e.region LIKE '{actor.prefix}%'", _ENROLLED)
        ids = enrolled["person_id"].unique().sort().to_list()
    else:  # only people enrolled or paid can raise the checks below: snapshot just them
        enrolled = _chunked(engine, base + "e.person_id IN ({ids})", ids, _ENROLLED)
        paid = _chunked(
            engine,
            "SELECT DISTINCT person_id FROM payment_line WHERE person_id IN ({ids})",
            ids,
            {"person_id": pl.Int64()},
        )
        ids = sorted(set(enrolled["person_id"].to_list()) | set(paid["person_id"].to_list()))
    snap = pl.concat(
        [
            snapshot(engine, as_of, SYSTEM, region="", person_ids=list(ids[k : k + _CHUNK]))
            for k in range(0, len(ids), _CHUNK)
        ]
        or [pl.DataFrame()],
        how="diagonal_relaxed",
    )
    found = [pl.DataFrame(schema=ALERT_SCHEMA)]
    if snap.height:
        dead = snap.filter(pl.col("death_date").is_not_null())["person_id"].to_list()
        lines = _chunked(
            engine,
            "SELECT person_id, program, month, amount_fen, status FROM payment_line "
            "WHERE person_id IN ({ids})",
            dead,
            _LINES,
        )
        found.append(paid_after_death(snap, lines))
        found += on_enrolled(snap, enrolled, as_of)
    if doubles is not None and doubles.height:
        why = "数据比对中同一条记录对应两人（姓名、出生日期相同）"
        found.append(duplicates(doubles, pl.DataFrame(schema={"person_id": pl.Int64()}), why))
    if sweep:
        found.append(_same_name_birth(engine, actor))
    return insert_alerts(engine, pl.concat(found), source)


def _same_name_birth(engine: Engine, actor: Actor) -> pl.DataFrame:
    """Two people with the same name, birth date and county: a suspected double entry."""
    people = people_frame(engine, actor).with_columns(pl.col("region").str.slice(0, 6).alias("c"))
    pairs = people.join(people, on=["p_name", "birth_date", "c"], suffix="_o").filter(
        pl.col("person_id") < pl.col("person_id_o")
    )
    return duplicates(
        pairs.select("person_id", pl.col("person_id_o").alias("other_person_id")),
        people.select("person_id", "region"),
        "姓名、出生日期和户籍区县相同，疑似重复登记",
    )


def _known_keys(conn: Connection, keys: list[str]) -> set[str]:
    known: set[str] = set()
    for k in range(0, len(keys), 5000):
        known |= set(
            conn.execute(select(alert.c.dedup_key).where(alert.c.dedup_key.in_(keys[k : k + 5000])))
            .scalars()
            .all()
        )
    return known


def insert_alerts(engine: Engine, found: pl.DataFrame, source: str) -> dict[str, int]:
    """Insert the alerts not raised before; the count of new alerts by kind."""
    found = found.unique("dedup_key", keep="first")
    now = datetime.now()
    with engine.begin() as conn:
        known = _known_keys(conn, found["dedup_key"].to_list())
        new = found.filter(~pl.col("dedup_key").is_in(list(known)))
        if new.height:
            start = next_id(conn, alert.c.id)
            bulk_insert(
                conn,
                alert,
                new.with_columns(
                    pl.int_range(start, start + new.height, dtype=pl.Int64).alias("id"),
                    pl.lit("open").alias("state"),
                    pl.lit(source[:200]).alias("source"),
                    pl.lit(now).alias("raised_at"),
                    pl.lit(now).alias("updated_at"),
                ),
            )
    counts = new.group_by("kind").len()
    return dict(zip(counts["kind"].to_list(), counts["len"].to_list(), strict=True))
