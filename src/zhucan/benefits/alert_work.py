"""List and work alerts: suspend, stop, recover or dismiss, each with a reason and history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from zhucan.access import audit
from zhucan.access.scope import Actor, Role, ensure_in_scope, scope_clause
from zhucan.benefits.rules import first_month_without
from zhucan.benefits.runs import ensure_role
from zhucan.benefits.states import AlertState, next_alert_state
from zhucan.benefits.tables import alert, alert_event, enrollment, enrollment_event
from zhucan.core.errors import NotFound
from zhucan.core.period import Month
from zhucan.registry.rows import next_id

WORK_ROLES = frozenset({Role.ADMIN, Role.COUNTY_OFFICER, Role.TOWN_WORKER})


def list_alerts(
    engine: Engine,
    actor: Actor,
    state: str | None = "open",
    kind: str | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Alerts in the actor's jurisdiction, newest first."""
    q = select(alert).where(scope_clause(alert.c.region, actor))
    if state:
        q = q.where(alert.c.state == state)
    if kind:
        q = q.where(alert.c.kind == kind)
    with engine.connect() as conn:
        rows = conn.execute(q.order_by(alert.c.id.desc()).limit(limit)).mappings().all()
    return [dict(r) for r in rows]


def _enrolments(conn: Connection, person_id: int, program: str | None) -> list[Any]:
    q = select(enrollment).where(
        enrollment.c.person_id == person_id, enrollment.c.end_month.is_(None)
    )
    if program:
        q = q.where(enrollment.c.program == program)
    return list(conn.execute(q).all())


def _change_enrolments(
    conn: Connection, row: Any, action: str, month: Month, reason: str, actor: Actor, now: datetime
) -> int:
    changes: dict[str, Any]
    if action == "suspend":
        changes, event = {"suspended_from": str(month)}, "suspend"
    elif action in ("stop", "recover"):
        changes, event = {"end_month": str(month), "suspended_from": None}, "stop"
    elif row.state == AlertState.SUSPENDED:
        changes, event = {"suspended_from": None}, "resume"
    else:
        return 0
    targets = _enrolments(conn, row.person_id, row.program)
    for e in targets:
        conn.execute(
            update(enrollment).where(enrollment.c.id == e.id).values(updated_at=now, **changes)
        )
        conn.execute(
            enrollment_event.insert().values(
                id=next_id(conn, enrollment_event.c.id),
                enrollment_id=e.id,
                action=event,
                month=str(month),
                reason=f"预警 #{row.id}：{reason}",
                by=actor.username,
                at=now,
            )
        )
    return len(targets)


def work_alert(
    engine: Engine,
    actor: Actor,
    alert_id: int,
    action: str,
    reason: str,
    month: Month | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Work one alert; stop/recover end the person's enrolment from ``month``."""
    ensure_role(actor, WORK_ROLES, "处理预警", "work alerts")
    now = datetime.now()
    day = today or now.date()
    with engine.begin() as conn:
        row = conn.execute(select(alert).where(alert.c.id == alert_id)).first()
        if row is None:
            raise NotFound(f"没有预警 #{alert_id}", f"no alert #{alert_id}")
        ensure_in_scope(actor, row.region)
        after = next_alert_state(action, row.state, reason)
        if month is None:
            month = first_month_without(row.event_date) if row.event_date else Month.of(day).next()
            if action == "suspend":
                month = Month.of(day)
        touched = _change_enrolments(conn, row, action, month, reason, actor, now)
        conn.execute(
            update(alert).where(alert.c.id == alert_id).values(state=after, updated_at=now)
        )
        conn.execute(
            alert_event.insert().values(
                id=next_id(conn, alert_event.c.id),
                alert_id=alert_id,
                action=action,
                from_state=row.state,
                to_state=after,
                reason=reason,
                by=actor.username,
                at=now,
            )
        )
        audit.record(
            conn,
            actor.username,
            f"alert.{action}",
            "alert",
            str(alert_id),
            {"reason": reason, "month": str(month), "enrolments": touched},
        )
    return {"alert_id": alert_id, "state": after.value, "month": str(month), "enrolments": touched}


def alert_history(engine: Engine, actor: Actor, alert_id: int) -> list[dict[str, Any]]:
    """Every action taken on an alert, oldest first."""
    with engine.connect() as conn:
        row = conn.execute(select(alert.c.region).where(alert.c.id == alert_id)).first()
        if row is None:
            raise NotFound(f"没有预警 #{alert_id}", f"no alert #{alert_id}")
        ensure_in_scope(actor, row.region)
        rows = conn.execute(
            select(alert_event).where(alert_event.c.alert_id == alert_id).order_by(alert_event.c.id)
        ).mappings()
        return [dict(r) for r in rows]
