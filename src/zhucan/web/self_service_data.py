"""What the self-service pages read: one person's own programs, payments and applications.

Every query here is keyed by the signed-in account's own ``person_id`` and nothing else,
so a person account can never reach anyone else's rows, whatever id a URL carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from zhucan.access.scope import Actor, Role
from zhucan.access.users import User
from zhucan.benefits.states import OPEN_APPLICATION
from zhucan.benefits.tables import application, application_event, enrollment, payment_line
from zhucan.core.errors import Forbidden, NotFound
from zhucan.core.period import Month
from zhucan.registry.tables import person

PAYMENT_MONTHS = 12


@dataclass(frozen=True)
class Me:
    """A signed-in person account: the user, their person and an actor for that person."""

    user: User
    person_id: int
    name: str
    citizen_id_masked: str
    actor: Actor


def load_me(engine: Engine, user: User) -> Me:
    """The person a person account is for; its actor's jurisdiction is their 户籍 today."""
    if user.role != Role.PERSON or user.person_id is None:
        raise Forbidden("此页面仅供残疾人本人或家属使用", "these pages are for person accounts")
    query = select(person.c.name, person.c.citizen_id_masked, person.c.region).where(
        person.c.id == user.person_id
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        raise NotFound("名册中没有找到您的档案", "your file is not in the registry")
    actor = Actor(user.username, Role.PERSON, row.region)
    return Me(user, user.person_id, row.name, row.citizen_id_masked, actor)


def _rows(engine: Engine, query: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def my_enrolments(engine: Engine, me: Me, today: date) -> list[dict[str, Any]]:
    """The person's enrolments that are still running (or end after this month)."""
    this_month = str(Month.of(today))
    query = select(enrollment).where(enrollment.c.person_id == me.person_id)
    rows = _rows(engine, query.order_by(enrollment.c.id))
    return [r for r in rows if r["end_month"] is None or r["end_month"] > this_month]


def my_payments(engine: Engine, me: Me, today: date) -> list[dict[str, Any]]:
    """The person's payment lines of the last twelve months, newest first."""
    query = select(
        payment_line.c.month,
        payment_line.c.program,
        payment_line.c.kind,
        payment_line.c.amount_fen,
        payment_line.c.status,
    ).where(
        payment_line.c.person_id == me.person_id,
        payment_line.c.month >= str(Month.of(today).plus(1 - PAYMENT_MONTHS)),
    )
    return _rows(engine, query.order_by(payment_line.c.month.desc(), payment_line.c.seq))


def my_applications(engine: Engine, me: Me) -> list[dict[str, Any]]:
    """The person's applications, newest first."""
    query = select(application).where(application.c.person_id == me.person_id)
    return _rows(engine, query.order_by(application.c.id.desc()))


def my_application(engine: Engine, me: Me, app_id: int) -> dict[str, Any]:
    """One of the person's own applications with its steps; anyone else's is not found."""
    query = select(application).where(
        application.c.id == app_id, application.c.person_id == me.person_id
    )
    found = _rows(engine, query)
    if not found:
        raise NotFound(f"没有申请 #{app_id}", f"no application #{app_id}")
    events = select(application_event).where(application_event.c.application_id == app_id)
    return {**found[0], "events": _rows(engine, events.order_by(application_event.c.id))}


def can_apply_for(
    programs: tuple[str, ...],
    enrolments: list[dict[str, Any]],
    applications: list[dict[str, Any]],
) -> list[str]:
    """The programs the person is neither enrolled in nor has an open application for.

    >>> can_apply_for(("a", "b", "c"), [{"program": "a"}], [{"program": "b", "state": "received"}])
    ['c']
    """
    taken = {e["program"] for e in enrolments} | {
        a["program"] for a in applications if a["state"] in OPEN_APPLICATION
    }
    return [p for p in programs if p not in taken]
