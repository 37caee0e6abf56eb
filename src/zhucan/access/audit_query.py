"""Reading the audit log for administrators: the newest rows, a page at a time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from zhucan.access.tables import audit_log


def recent_audit_rows(conn: Connection, limit: int = 50, before: int | None = None) -> list[Any]:
    """Audit rows newest first, ``limit`` of them, with ids below ``before`` if given."""
    query = select(
        audit_log.c.id,
        audit_log.c.at,
        audit_log.c.actor,
        audit_log.c.action,
        audit_log.c.entity,
        audit_log.c.entity_id,
        audit_log.c.detail,
    )
    if before is not None:
        query = query.where(audit_log.c.id < before)
    return list(conn.execute(query.order_by(audit_log.c.id.desc()).limit(limit)).mappings())


def audit_row_count(conn: Connection) -> int:
    """How many rows the audit log holds."""
    return int(conn.execute(select(func.count()).select_from(audit_log)).scalar_one())
