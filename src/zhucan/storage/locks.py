"""Serialize writers that allocate ids or must not run twice at once."""

from __future__ import annotations

import zlib

from sqlalchemy import Connection, text


def take_write_lock(conn: Connection, name: str) -> None:
    """Hold an exclusive lock called ``name`` until ``conn``'s transaction ends.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: the database's single writer
    lock, taken now by a statement that writes nothing (so reads that follow are stable).
    """
    if conn.dialect.name == "postgresql":
        key = zlib.crc32(name.encode())
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
    else:
        conn.exec_driver_sql("DELETE FROM import_batch WHERE 0")
