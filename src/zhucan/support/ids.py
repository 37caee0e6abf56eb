"""Inserts with explicit ids, as the registry does: ``max(id) + 1`` under a write lock.

Bulk loads give ids themselves (no sequence round trips), so single-row inserts must too,
or PostgreSQL's sequence would hand out ids a bulk load already used.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import Connection, Table, func, select

from zhucan.storage.bulk import bulk_insert
from zhucan.storage.locks import take_write_lock


def _next(conn: Connection, table: Table) -> int:
    take_write_lock(conn, "registry" if table.name == "fact" else "support")
    return int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1


def insert_one(conn: Connection, table: Table, **values: Any) -> int:
    """Insert one row with the next free id; returns it."""
    new_id = _next(conn, table)
    conn.execute(table.insert().values(id=new_id, **values))
    return new_id


def insert_frame(conn: Connection, table: Table, frame: pl.DataFrame) -> int:
    """Bulk-insert ``frame`` with consecutive new ids; returns the row count."""
    if frame.is_empty():
        return 0
    start = _next(conn, table)
    ids = pl.int_range(start, start + frame.height, dtype=pl.Int64).alias("id")
    return bulk_insert(conn, table, frame.select(ids, *frame.columns))
