"""Use cases of the case file: open, accept, list, escalate overdue cases, close."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from zhucan.access import audit
from zhucan.access.scope import Actor, ensure_in_scope, scope_clause
from zhucan.cases.deadlines import CaseKind, current_due, escalation_level, needs_reminder
from zhucan.cases.tables import case_event, case_file
from zhucan.core.errors import Conflict, InvalidValue, NotFound
from zhucan.core.region_code import normalize_region_code, parent_code

CATEGORIES = {
    "benefits": "补贴待遇",
    "certificate": "残疾人证办理",
    "rehabilitation": "康复服务",
    "employment": "就业",
    "accessibility": "无障碍",
    "rights": "维权",
    "living": "生活困难",
    "other": "其他",
}
SATISFACTION = {
    "satisfied": "满意",
    "basically": "基本满意",
    "dissatisfied": "不满意",
    "none": "未评价",
}
OPEN = ("open", "accepted")


@dataclass(frozen=True)
class NewCase:
    """What intake records about a case."""

    kind: CaseKind
    category: str
    region: str
    summary: str
    received_on: date
    person_id: int | None = None
    contact_name: str | None = None
    source: str = ""


def office_of(region: str) -> str:
    """The county office answering for a region: its 6-digit county code, padded."""
    return normalize_region_code(region)[:6].ljust(12, "0")


def _event(
    conn: Connection, case_id: int, on: date, action: str, detail: str, actor: Actor, now: datetime
) -> None:
    conn.execute(
        case_event.insert().values(
            case_id=case_id, event_on=on, action=action, detail=detail, actor=actor.username, at=now
        )
    )


def open_case_in(conn: Connection, actor: Actor, new: NewCase, now: datetime) -> int:
    """Record a new case in the caller's transaction; returns its id."""
    if new.category not in CATEGORIES:
        raise InvalidValue(
            f"未知的案件类别：{new.category}", f"unknown case category: {new.category}"
        )
    if not new.summary.strip():
        raise InvalidValue("请填写诉求内容", "the summary is empty")
    region = normalize_region_code(new.region)
    ensure_in_scope(actor, region)
    due = current_due(new.kind, new.received_on, None)
    case_id = int(
        conn.execute(
            case_file.insert()
            .values(
                kind=new.kind.value,
                category=new.category,
                region=region,
                assigned_region=office_of(region),
                person_id=new.person_id,
                contact_name=new.contact_name,
                summary=new.summary.strip(),
                received_on=new.received_on,
                extension_days=0,
                due_on=due,
                escalation_level=0,
                status="open",
                source=(new.source or new.kind.value)[:200],
                created_by=actor.username,
                created_at=now,
            )
            .returning(case_file.c.id)
        ).scalar_one()
    )
    _event(conn, case_id, new.received_on, "open", f"受理期限 {due}", actor, now)
    audit.record(
        conn,
        actor.username,
        "case.open",
        "case_file",
        str(case_id),
        {"kind": new.kind.value, "category": new.category, "region": region},
    )
    return case_id


def open_case(engine: Engine, actor: Actor, new: NewCase, now: datetime | None = None) -> int:
    """Intake: record the case with its acceptance deadline, assigned to the county office."""
    with engine.begin() as conn:
        return open_case_in(conn, actor, new, now or datetime.now())


def _load(conn: Connection, actor: Actor, case_id: int) -> dict[str, Any]:
    row = conn.execute(select(case_file).where(case_file.c.id == case_id)).mappings().first()
    if row is None:
        raise NotFound(f"没有编号为 {case_id} 的案件", f"no case {case_id}")
    ensure_in_scope(actor, row["region"])
    return dict(row)


def accept_case(
    engine: Engine,
    actor: Actor,
    case_id: int,
    on: date,
    extension_days: int = 0,
    now: datetime | None = None,
) -> date:
    """Accept an open case: the conclusion deadline starts running; returns it."""
    with engine.begin() as conn:
        case = _load(conn, actor, case_id)
        if case["status"] != "open":
            raise Conflict("案件已受理或已办结", "the case is already accepted or closed")
        due = current_due(CaseKind(case["kind"]), case["received_on"], on, extension_days)
        conn.execute(
            update(case_file)
            .where(case_file.c.id == case_id)
            .values(status="accepted", accepted_on=on, extension_days=extension_days, due_on=due)
        )
        _event(conn, case_id, on, "accept", f"办结期限 {due}", actor, now or datetime.now())
        audit.record(conn, actor.username, "case.accept", "case_file", str(case_id), {"due": due})
    return due


def close_case(
    engine: Engine,
    actor: Actor,
    case_id: int,
    on: date,
    outcome: str,
    satisfaction: str = "none",
    now: datetime | None = None,
) -> None:
    """Conclude a case with its outcome and the person's satisfaction."""
    if satisfaction not in SATISFACTION:
        raise InvalidValue(f"满意度应为 {'/'.join(SATISFACTION)}", "unknown satisfaction value")
    with engine.begin() as conn:
        case = _load(conn, actor, case_id)
        if case["status"] not in OPEN:
            raise Conflict("案件已办结", "the case is already closed")
        conn.execute(
            update(case_file)
            .where(case_file.c.id == case_id)
            .values(
                status="closed",
                closed_on=on,
                outcome=outcome,
                satisfaction=satisfaction,
                accepted_on=case["accepted_on"] or on,
            )
        )
        late = "（超期）" if on > case["due_on"] else ""
        _event(
            conn,
            case_id,
            on,
            "close",
            f"办结{late}：{SATISFACTION[satisfaction]}",
            actor,
            now or datetime.now(),
        )
        audit.record(
            conn,
            actor.username,
            "case.close",
            "case_file",
            str(case_id),
            {"on": on, "satisfaction": satisfaction, "late": bool(late)},
        )


def list_cases(
    engine: Engine, actor: Actor, status: str | None = None, overdue_on: date | None = None
) -> list[dict[str, Any]]:
    """Cases in the actor's jurisdiction, optionally by status or overdue on a date."""
    stmt = select(case_file).where(scope_clause(case_file.c.region, actor))
    if status:
        stmt = stmt.where(case_file.c.status == status)
    if overdue_on:
        stmt = stmt.where(case_file.c.status.in_(OPEN), case_file.c.due_on < overdue_on)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt.order_by(case_file.c.due_on)).mappings()]


def escalate_overdue(
    engine: Engine, actor: Actor, today: date, now: datetime | None = None
) -> dict[str, list[int]]:
    """Remind cases near their deadline; move overdue ones up a level (county → city → province)."""
    when = now or datetime.now()
    done: dict[str, list[int]] = {"reminded": [], "escalated": []}
    with engine.begin() as conn:
        rows = conn.execute(
            select(case_file).where(
                scope_clause(case_file.c.region, actor), case_file.c.status.in_(OPEN)
            )
        ).mappings()
        for case in list(rows):
            level = escalation_level(case["due_on"], today)
            if level > case["escalation_level"]:
                office = case["assigned_region"]
                for _ in range(level - case["escalation_level"]):
                    office = parent_code(office) or office
                conn.execute(
                    update(case_file)
                    .where(case_file.c.id == case["id"])
                    .values(escalation_level=level, assigned_region=office)
                )
                _event(
                    conn,
                    case["id"],
                    today,
                    "escalate",
                    f"超过期限 {case['due_on']}，升级至 {office}",
                    actor,
                    when,
                )
                done["escalated"].append(case["id"])
            elif needs_reminder(case["due_on"], today):
                _event(
                    conn, case["id"], today, "remind", f"期限 {case['due_on']} 将至", actor, when
                )
                done["reminded"].append(case["id"])
        if done["escalated"]:
            audit.record(
                conn,
                actor.username,
                "case.escalate",
                "case_file",
                None,
                {"on": today, "cases": done["escalated"]},
            )
    return done
