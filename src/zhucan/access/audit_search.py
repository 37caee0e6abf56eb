"""Searching the audit log a page at a time, and keeping the outcome of chain checks.

A chain check is itself written to the log (action ``audit.verify``) with its outcome and
the last row it covered, so the page shows the latest check without walking the chain.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from zhucan.access import audit
from zhucan.access.scope import Actor
from zhucan.access.tables import audit_log

VERIFY_ACTION = "audit.verify"


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page narrows to: a user, an action (or its prefix), a date range."""

    actor: str = ""
    action: str = ""
    day_from: dt.date | None = None
    day_to: dt.date | None = None

    def where(self) -> list[Any]:
        """The SQL conditions of this filter."""
        conditions: list[Any] = []
        if self.actor:
            conditions.append(audit_log.c.actor == self.actor)
        if self.action:
            # Action codes are dotted words; "%" and "_" in what was typed match literally.
            escaped = self.action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(audit_log.c.action.like(escaped + "%", escape="\\"))
        if self.day_from:
            conditions.append(audit_log.c.at >= dt.datetime.combine(self.day_from, dt.time()))
        if self.day_to:
            end = dt.datetime.combine(self.day_to + dt.timedelta(days=1), dt.time())
            conditions.append(audit_log.c.at < end)
        return conditions


def search_audit(
    conn: Connection, where: AuditFilter, limit: int = 50, before: int | None = None
) -> list[dict[str, Any]]:
    """Audit rows matching ``where``, newest first, ``limit`` of them below id ``before``."""
    query = select(
        audit_log.c.id,
        audit_log.c.at,
        audit_log.c.actor,
        audit_log.c.action,
        audit_log.c.entity,
        audit_log.c.entity_id,
        audit_log.c.detail,
    ).where(*where.where())
    if before is not None:
        query = query.where(audit_log.c.id < before)
    rows = conn.execute(query.order_by(audit_log.c.id.desc()).limit(limit)).mappings()
    return [dict(r) for r in rows]


def last_row_id(conn: Connection) -> int:
    """The newest row's id (ids run from 1 without gaps, so also the number of rows)."""
    return int(conn.execute(select(func.max(audit_log.c.id))).scalar() or 0)


def check_chain(engine: Engine, by: Actor) -> audit.AuditVerification:
    """Walk the whole chain now, and write the outcome to the log."""
    with engine.connect() as conn:
        result = audit.verify(conn)
        head = audit.head(conn)
    detail = {
        "ok": result.ok,
        "checked": result.checked,
        "first_bad_id": result.first_bad_id,
        "head_id": head.id if head else 0,
        "reason_zh": result.reason_zh,
        "reason_en": result.reason_en,
    }
    with engine.begin() as conn:
        audit.record(conn, by.username, VERIFY_ACTION, "audit_log", None, detail)
    return result


def last_check(conn: Connection) -> dict[str, Any] | None:
    """The latest chain check: when, by whom, and its outcome (None if never checked)."""
    row = conn.execute(
        select(audit_log.c.at, audit_log.c.actor, audit_log.c.detail)
        .where(audit_log.c.action == VERIFY_ACTION)
        .order_by(audit_log.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return {"at": row.at, "by": row.actor, **json.loads(row.detail)}
