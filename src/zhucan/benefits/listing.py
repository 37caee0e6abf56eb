"""Scoped reads for the pages: applications, work items, runs, lines, alerts, one person's.

Every query keeps to the actor's jurisdiction here, in the storage layer (by the row's
户籍 ``region``); a single row outside it is refused with :class:`Forbidden`. The one
exception, :func:`person_benefit_reads`, reads one person whom the caller has checked.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from sqlalchemy import Engine, Select, Table, bindparam, func, select

from zhucan.access.scope import Actor, ensure_in_scope, prefix_clause, scope_clause
from zhucan.benefits.applications import late
from zhucan.benefits.states import AlertState, RunState
from zhucan.benefits.states import ApplicationState as S
from zhucan.benefits.tables import (
    alert,
    application,
    application_event,
    enrollment,
    payment_line,
    payment_run,
    payment_run_event,
    work_item,
)
from zhucan.core.errors import NotFound
from zhucan.registry.tables import person
from zhucan.storage.batch import Read, Rows

LIMIT = 200
_WHO = (person.c.name, person.c.citizen_id_masked)


def _rows(engine: Engine, query: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def _with_person(table: Table) -> Any:
    return select(table, *_WHO).join(person, person.c.id == table.c.person_id)


def _one(
    engine: Engine, actor: Actor, table: Table, row_id: int, zh: str, en: str
) -> dict[str, Any]:
    query = _with_person(table).where(table.c.id == row_id)
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    if row is None:
        raise NotFound(f"没有{zh} #{row_id}", f"no {en} #{row_id}")
    ensure_in_scope(actor, row["region"])
    found: dict[str, Any] = dict(row)
    return found


def list_applications(
    engine: Engine, actor: Actor, state: str | None = None, limit: int = LIMIT
) -> list[dict[str, Any]]:
    """Applications in the jurisdiction, oldest deadline first, with the person's name."""
    q = _with_person(application).where(scope_clause(application.c.region, actor))
    if state:
        q = q.where(application.c.state == state)
    return _rows(engine, q.order_by(application.c.received_on, application.c.id).limit(limit))


def waiting_counts(engine: Engine, actor: Actor, today: date) -> dict[str, int]:
    """How much waits in the jurisdiction: applications to review and to decide, those past
    their deadline, open work items, runs not reconciled, open alerts (counted, not listed)."""
    # a run's region is a code prefix: runs of areas inside the jurisdiction
    runs = (payment_run.c.state != RunState.RECONCILED) & scope_clause(payment_run.c.region, actor)
    in_scope = scope_clause(application.c.region, actor)
    counted = {
        "received": (application, (application.c.state == S.RECEIVED) & in_scope),
        "reviewed": (application, (application.c.state == S.REVIEWED) & in_scope),
        "overdue": (application, late(today) & in_scope),
        "work_items": (
            work_item,
            (work_item.c.state == "open") & scope_clause(work_item.c.region, actor),
        ),
        "runs": (payment_run, runs),
        "alerts": (
            alert,
            (alert.c.state == AlertState.OPEN) & scope_clause(alert.c.region, actor),
        ),
    }
    with engine.connect() as conn:  # one connection, six counts
        return {
            name: conn.execute(select(func.count()).select_from(table).where(where)).scalar_one()
            for name, (table, where) in counted.items()
        }


def get_application(engine: Engine, actor: Actor, app_id: int) -> dict[str, Any]:
    """One application and its events (受理, 审核, 审批), oldest first."""
    row = _one(engine, actor, application, app_id, "申请", "application")
    q = select(application_event).where(application_event.c.application_id == app_id)
    row["events"] = _rows(engine, q.order_by(application_event.c.id))
    return row


def list_work_items(
    engine: Engine, actor: Actor, state: str = "open", limit: int = LIMIT
) -> list[dict[str, Any]]:
    """Discovery work items of the towns in the jurisdiction."""
    q = _with_person(work_item).where(
        scope_clause(work_item.c.region, actor), work_item.c.state == state
    )
    return _rows(engine, q.order_by(work_item.c.town, work_item.c.id).limit(limit))


def list_runs(engine: Engine, actor: Actor, limit: int = LIMIT) -> list[dict[str, Any]]:
    """Payment runs of the jurisdiction (or of areas inside it), newest month first."""
    q = select(payment_run).where(scope_clause(payment_run.c.region, actor))
    return _rows(engine, q.order_by(payment_run.c.period.desc(), payment_run.c.id).limit(limit))


def get_run(engine: Engine, actor: Actor, run_id: int) -> dict[str, Any]:
    """One run, its events and its first lines (with names) inside the jurisdiction."""
    with engine.connect() as conn:
        row = conn.execute(select(payment_run).where(payment_run.c.id == run_id)).mappings().first()
    if row is None:
        raise NotFound(f"没有发放批次 #{run_id}", f"no payment run #{run_id}")
    run = dict(row)
    ensure_in_scope(actor, run["region"].ljust(12, "0") if run["region"] else None)
    events = select(payment_run_event).where(payment_run_event.c.run_id == run_id)
    run["events"] = _rows(engine, events.order_by(payment_run_event.c.id))
    lines = _with_person(payment_line).where(
        payment_line.c.run_id == run_id, scope_clause(payment_line.c.region, actor)
    )
    run["lines"] = _rows(engine, lines.order_by(payment_line.c.id).limit(LIMIT))
    return run


def list_alerts(
    engine: Engine, actor: Actor, state: str | None = "open", limit: int = LIMIT
) -> list[dict[str, Any]]:
    """Supervision alerts in the jurisdiction, newest first, with the person's name."""
    q = _with_person(alert).where(scope_clause(alert.c.region, actor))
    if state:
        q = q.where(alert.c.state == state)
    return _rows(engine, q.order_by(alert.c.id.desc()).limit(limit))


def get_alert(engine: Engine, actor: Actor, alert_id: int) -> dict[str, Any]:
    """One alert with the person's name."""
    return _one(engine, actor, alert, alert_id, "预警", "alert")


# Built once: the person file reads these on every opening.
_ENROLMENTS = (
    select(enrollment)
    .where(enrollment.c.person_id == bindparam("person_id"))
    .order_by(enrollment.c.id)
)
_APPLICATIONS = (
    select(application)
    .where(application.c.person_id == bindparam("person_id"))
    .order_by(application.c.id.desc())
)


#: What :func:`person_benefits_of` names the rows of :func:`person_benefit_reads`.
PERSON_BENEFITS = ("enrollments", "applications", "lines")


def person_benefit_reads(actor: Actor, person_id: int) -> list[Read]:
    """The reads of one person's enrolments, applications and latest payment lines (the
    caller has checked that the person is in the actor's jurisdiction; lines paid
    elsewhere are not shown)."""
    who = {"person_id": person_id}
    return [Read(q, who) for q in (_ENROLMENTS, _APPLICATIONS, _person_lines(actor.prefix))]


def person_benefits_of(rows: list[Rows]) -> dict[str, Rows]:
    """The rows of :func:`person_benefit_reads` by :data:`PERSON_BENEFITS` name."""
    return dict(zip(PERSON_BENEFITS, rows, strict=True))


@functools.lru_cache(maxsize=256)
def _person_lines(prefix: str) -> Select[Any]:
    """A person's latest payment lines paid in a jurisdiction (built once per
    jurisdiction)."""
    return (
        select(payment_line)
        .where(
            payment_line.c.person_id == bindparam("person_id"),
            prefix_clause(payment_line.c.region, prefix),
        )
        .order_by(payment_line.c.month.desc(), payment_line.c.seq)
        .limit(36)
    )
