"""What the case pages show: scoped reads, deadlines in words and the region's figures."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from zhucan.access.scope import Actor, scope_clause
from zhucan.cases.deadlines import CaseKind, needs_reminder
from zhucan.cases.indicators import closure_rate, on_time_rate
from zhucan.cases.service import CATEGORIES, OPEN, SATISFACTION
from zhucan.cases.tables import case_event, case_file
from zhucan.core.errors import NotFound
from zhucan.registry.tables import person

STATUS_ZH = {"open": "待受理", "accepted": "办理中", "closed": "已办结", "rejected": "不予受理"}
LEVEL_ZH = {1: "已升级至市级", 2: "已升级至省级"}
ACTION_ZH = {
    "open": "登记",
    "accept": "受理",
    "remind": "催办",
    "escalate": "超期升级",
    "close": "办结",
}


def deadline_words(case: dict[str, Any], today: date) -> list[str]:
    """The deadline state as message ids, so it is said in words and not by colour alone.

    >>> deadline_words({"status": "open", "due_on": date(2024, 4, 1), "escalation_level": 1},
    ...                date(2024, 4, 3))
    ['已超期', '已升级至市级']
    """
    words = []
    if case["status"] in OPEN:
        if case["due_on"] < today:
            words.append("已超期")
        elif needs_reminder(case["due_on"], today):
            words.append("即将到期")
    if case["escalation_level"]:
        words.append(LEVEL_ZH.get(case["escalation_level"], "已升级"))
    return words


def labelled(case: dict[str, Any], today: date) -> dict[str, Any]:
    """A case row with its kind, category, status and deadline state as message ids."""
    return {
        **case,
        "kind_label": CaseKind(case["kind"]).zh,
        "category_label": CATEGORIES.get(case["category"], case["category"]),
        "status_label": STATUS_ZH.get(case["status"], case["status"]),
        "satisfaction_label": SATISFACTION.get(case["satisfaction"] or "", ""),
        "deadline_words": deadline_words(case, today),
        "due_kind": "受理期限" if case["status"] == "open" else "办结期限",
    }


def scoped_case(engine: Engine, actor: Actor, case_id: int) -> dict[str, Any]:
    """One case in scope with its person's name and its events (NotFound otherwise)."""
    with engine.connect() as conn:
        row = (
            conn.execute(
                select(*case_file.c, person.c.name.label("person_name"))
                .select_from(case_file.outerjoin(person, person.c.id == case_file.c.person_id))
                .where(case_file.c.id == case_id, scope_clause(case_file.c.region, actor))
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound("没有这个案件，或不在您的辖区内", "no such case in your jurisdiction")
        events = conn.execute(
            select(case_event).where(case_event.c.case_id == case_id).order_by(case_event.c.id)
        ).mappings()
        return {**row, "events": [dict(e) for e in events]}


def figures(engine: Engine, actor: Actor, today: date) -> dict[str, Any]:
    """This year's closure and on-time figures for the actor's whole region."""
    start, digits = date(today.year, 1, 1), len(actor.prefix)
    closed, received = next(
        iter(closure_rate(engine, actor, start, today, digits).values()), (0, 0)
    )
    on_time, done = next(iter(on_time_rate(engine, actor, start, today, digits).values()), (0, 0))
    return {
        "start": start,
        "received": received,
        "closed": closed,
        "on_time": on_time,
        "closure_pct": round(100 * closed / received) if received else None,
        "on_time_pct": round(100 * on_time / done) if done else None,
    }
