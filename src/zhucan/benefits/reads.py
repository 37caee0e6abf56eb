"""Set-based reads the runs need: booked lines, enrolments, people whose facts changed.

SQL text here carries no user input: region prefixes are digits (checked by
``jurisdiction_prefix``), months are formatted by ``Month``, ids are integers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import polars as pl
from sqlalchemy import Engine

from zhucan.storage.bulk import read_frame


def query(engine: Engine, sql: str, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Run ``sql`` (trusted text) into a frame of ``schema``; computed columns are safe here.

    connectorx cannot type a computed SQLite column whose first value is NULL, so SQLite
    reads go through the driver; PostgreSQL reads stay on connectorx.
    """
    if engine.dialect.name == "postgresql":
        frame = read_frame(engine, sql)
        if frame.is_empty():
            return pl.DataFrame(schema=schema)
        return frame.select([pl.col(c).cast(t) for c, t in schema.items()])
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(sql).all()
    raw = pl.DataFrame(
        [tuple(r) for r in rows],
        schema={
            c: (pl.String() if t in (pl.Date(), pl.Datetime("us")) else t)
            for c, t in schema.items()
        },
        orient="row",
    )
    return raw.with_columns(
        pl.col(c).str.to_date("%Y-%m-%d", strict=False)
        if t == pl.Date()
        else pl.col(c).str.to_datetime(strict=False, time_unit="us")
        for c, t in schema.items()
        if t in (pl.Date(), pl.Datetime("us"))
    )


def in_force(alias: str, day: date) -> str:
    """SQL: the row ``alias`` of fact/certificate holds on ``day`` and is not retracted."""
    d = day.isoformat()
    return (
        f"{alias}.valid_from <= '{d}' AND ({alias}.valid_to IS NULL OR {alias}.valid_to > '{d}')"
        f" AND {alias}.retracted_at IS NULL"
    )


def people_where(column: str, day: date, prefix: str, ids: Sequence[int] | None = None) -> str:
    """SQL: ``column`` is a person whose 户籍 on ``day`` is under ``prefix`` (and in ``ids``)."""
    conds = []
    if prefix:
        conds.append(
            f"{column} IN (SELECT h.person_id FROM fact h WHERE h.kind = 'hukou_region' AND "
            f"h.value LIKE '{prefix}%' AND {in_force('h', day)})"
        )
    if ids is not None:
        conds.append(f"{column} IN ({','.join(str(int(i)) for i in ids) or 'NULL'})")
    return " AND ".join(conds) or "1=1"


def _months(months: Sequence[str]) -> str:
    return ",".join(f"'{m}'" for m in months) or "NULL"


BOOKED_SCHEMA: dict[str, pl.DataType] = {
    "person_id": pl.Int64(),
    "month": pl.String(),
    "booked_fen": pl.Int64(),
    "next_seq": pl.Int64(),
    "failed_note": pl.String(),
}


def booked(
    engine: Engine,
    program: str,
    months: Sequence[str],
    prefix: str | None = None,
    ids: Sequence[int] | None = None,
) -> pl.DataFrame:
    """Per person and month: fen booked (lines not failed), the next free seq, a failure note."""
    if not months or (ids is not None and not ids):
        return pl.DataFrame(schema=BOOKED_SCHEMA)
    where = [f"l.program = '{program}'", f"l.month IN ({_months(months)})"]
    if prefix:
        where.append(f"l.region LIKE '{prefix}%'")
    if ids is not None:
        where.append(f"l.person_id IN ({','.join(str(int(i)) for i in ids)})")
    sql = (
        "SELECT l.person_id, l.month, "
        "SUM(CASE WHEN l.status = 'failed' THEN 0 ELSE l.amount_fen END) AS booked_fen, "
        "MAX(l.seq) + 1 AS next_seq, "
        "MAX(CASE WHEN l.status = 'failed' THEN l.bank_note END) AS failed_note "
        f"FROM payment_line l WHERE {' AND '.join(where)} GROUP BY l.person_id, l.month"
    )
    return query(engine, sql, BOOKED_SCHEMA)


ENROL_SCHEMA: dict[str, pl.DataType] = {
    "person_id": pl.Int64(),
    "enrollment_id": pl.Int64(),
    "start_month": pl.String(),
    "end_month": pl.String(),
    "suspended_from": pl.String(),
}


def enrolments(engine: Engine, program: str, people: str) -> pl.DataFrame:
    """The latest enrolment of each person selected by the SQL condition ``people``."""
    sql = (
        "SELECT e.person_id, e.id AS enrollment_id, e.start_month, e.end_month, "
        f"e.suspended_from FROM enrollment e WHERE e.program = '{program}' AND {people}"
    )
    return query(engine, sql, ENROL_SCHEMA).sort("enrollment_id").unique("person_id", keep="last")


CHANGE_SCHEMA: dict[str, pl.DataType] = {"person_id": pl.Int64(), "change": pl.String()}
_RAW_CHANGE: dict[str, pl.DataType] = {
    "person_id": pl.Int64(),
    "kind": pl.String(),
    "value": pl.String(),
    "valid_from": pl.String(),
    "source": pl.String(),
    "at": pl.String(),
}


def changed_people(
    engine: Engine, since: datetime, prefix: str, program: str, months: Sequence[str]
) -> pl.DataFrame:
    """People (in ``prefix`` today or on file) whose facts, certificate, enrolment or lines
    changed after ``since``, each with a description of their latest change."""
    t = since.isoformat(sep=" ")
    region = f" AND p.region LIKE '{prefix}%'" if prefix else ""
    fact_sql = (
        "SELECT f.person_id, f.kind, f.value, CAST(f.valid_from AS TEXT) AS valid_from, f.source, "
        "CAST(CASE WHEN f.retracted_at IS NOT NULL AND f.retracted_at > f.recorded_at "
        "THEN f.retracted_at ELSE f.recorded_at END AS TEXT) AS at "
        "FROM fact f JOIN person p ON p.id = f.person_id "
        f"WHERE (f.recorded_at > '{t}' OR f.retracted_at > '{t}'){region} "
        "UNION ALL SELECT c.person_id, 'certificate', c.status, CAST(c.valid_from AS TEXT), "
        "c.source, CAST(c.recorded_at AS TEXT) FROM certificate c "
        "JOIN person p ON p.id = c.person_id "
        f"WHERE (c.recorded_at > '{t}' OR c.retracted_at > '{t}'){region} "
        "UNION ALL SELECT e.person_id, 'enrollment', COALESCE(e.end_month, e.start_month), "
        "CAST(NULL AS TEXT), e.source, CAST(e.updated_at AS TEXT) FROM enrollment e "
        "JOIN person p ON p.id = e.person_id "
        f"WHERE e.program = '{program}' AND e.updated_at > '{t}'{region} "
        "UNION ALL SELECT l.person_id, 'failed', l.month, CAST(NULL AS TEXT), l.bank_note, "
        "CAST(l.created_at AS TEXT) "
        f"FROM payment_line l WHERE l.program = '{program}' AND l.status = 'failed' "
        f"AND l.month IN ({_months(months)})"
        + (f" AND l.region LIKE '{prefix}%'" if prefix else "")
    )
    frame = query(engine, fact_sql, _RAW_CHANGE).with_columns(
        pl.col("valid_from").str.slice(0, 10), pl.col("at").str.slice(0, 19)
    )
    if frame.is_empty():
        return pl.DataFrame(schema=CHANGE_SCHEMA)
    from zhucan.benefits.reasons import change_text

    return (
        frame.sort("at")
        .group_by("person_id", maintain_order=True)
        .last()
        .select("person_id", change_text().alias("change"))
    )


def past_run_months(
    engine: Engine, program: str, prefix: str, months: Sequence[str]
) -> pl.DataFrame:
    """Months among ``months`` with a run of ``program`` overlapping ``prefix``, and when the
    first of them was created."""
    sql = (
        "SELECT r.period, MIN(r.created_at) AS created_at FROM payment_run r "
        f"WHERE r.program = '{program}' AND r.period IN ({_months(months)}) "
        f"AND ('{prefix}' LIKE r.region || '%' OR r.region LIKE '{prefix}%') GROUP BY r.period"
    )
    return query(engine, sql, {"period": pl.String(), "created_at": pl.String()})
