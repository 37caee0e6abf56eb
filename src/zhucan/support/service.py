"""Recording needs: idempotent per person, year and kind (the first source is kept)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, select

from zhucan.support.ids import insert_one
from zhucan.support.needs import NeedKind
from zhucan.support.tables import need


def record_needs(
    conn: Connection,
    person_id: int,
    year: int,
    kinds: Iterable[NeedKind],
    source: str,
    recorded_by: str,
    now: datetime,
) -> list[int]:
    """Add the needs not yet on file for the person and year; returns the new row ids."""
    wanted = list(dict.fromkeys(kinds))
    have = set(
        conn.execute(
            select(need.c.kind).where(need.c.person_id == person_id, need.c.year == year)
        ).scalars()
    )
    ids = []
    for kind in wanted:
        if kind.value in have:
            continue
        ids.append(
            insert_one(
                conn,
                need,
                person_id=person_id,
                year=year,
                kind=kind.value,
                source=source[:200],
                recorded_by=recorded_by,
                recorded_at=now,
            )
        )
    return ids
