"""Reading and writing case rows, and the registry state a case needs (person, certificate)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, or_, select, update

from zhucan.certificates.tables import certificate_case, certificate_case_step
from zhucan.certificates.workflow import CaseKind, CaseState, Step
from zhucan.core.errors import Conflict, NotFound
from zhucan.registry.facts import FactKind
from zhucan.registry.tables import certificate, fact, person


@dataclass(frozen=True)
class CurrentCertificate:
    """The certificate version in force on a date."""

    id: int
    category: int
    grade: int
    issued: date | None
    valid_until: date | None
    status: str
    valid_from: date

    def usable_on(self, day: date) -> bool:
        """Valid status and not expired on ``day``."""
        return self.status == "valid" and (self.valid_until is None or self.valid_until >= day)


def current_certificate(conn: Connection, person_id: int, day: date) -> CurrentCertificate | None:
    """The person's certificate version in force on ``day``, if any."""
    c = certificate.c
    row = conn.execute(
        select(c.id, c.category, c.grade, c.issued, c.valid_until, c.status, c.valid_from)
        .where(
            c.person_id == person_id,
            c.retracted_at.is_(None),
            c.valid_from <= day,
            or_(c.valid_to.is_(None), c.valid_to > day),
        )
        .order_by(c.valid_from.desc(), c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else CurrentCertificate(*row)


def last_cancellation(conn: Connection, person_id: int) -> date | None:
    """The start of the person's latest cancelled certificate version, if any."""
    c = certificate.c
    return conn.execute(
        select(c.valid_from)
        .where(c.person_id == person_id, c.status == "cancelled", c.retracted_at.is_(None))
        .order_by(c.valid_from.desc())
        .limit(1)
    ).scalar()


def death_date(conn: Connection, person_id: int) -> date | None:
    """The recorded date of death, if any."""
    f = fact.c
    value = conn.execute(
        select(f.value).where(
            f.person_id == person_id, f.kind == FactKind.DEATH.value, f.retracted_at.is_(None)
        )
    ).scalar()
    return None if value is None else date.fromisoformat(value)


def person_row(conn: Connection, person_id: int) -> dict[str, Any]:
    """Name, masked citizen ID and current 户籍 region of a person."""
    p = person.c
    row = conn.execute(
        select(p.id, p.name, p.citizen_id_masked, p.region).where(p.id == person_id)
    ).first()
    if row is None:
        raise NotFound(f"名册中没有找到：#{person_id}", f"not in the registry: #{person_id}")
    return dict(row._mapping)


def open_case_of(conn: Connection, person_id: int) -> tuple[int, str] | None:
    """The person's open case (id, kind), if any."""
    k = certificate_case.c
    row = conn.execute(
        select(k.id, k.kind).where(k.person_id == person_id, k.state == CaseState.OPEN.value)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))


def load_case(conn: Connection, case_id: int) -> dict[str, Any]:
    """The case row as a dict; NotFound if there is none."""
    row = conn.execute(select(certificate_case).where(certificate_case.c.id == case_id)).first()
    if row is None:
        raise NotFound(f"没有编号为 {case_id} 的残疾人证业务", f"no certificate case #{case_id}")
    return dict(row._mapping)


def load_steps(conn: Connection, case_id: int) -> list[dict[str, Any]]:
    """The case's step rows, in the order they fell due."""
    s = certificate_case_step.c
    rows = conn.execute(
        select(certificate_case_step).where(s.case_id == case_id).order_by(s.due_from, s.id)
    )
    return [dict(r._mapping) for r in rows]


def done_steps(steps: list[dict[str, Any]]) -> list[Step]:
    """The steps done (or skipped) so far."""
    return [Step(s["step"]) for s in steps if s["outcome"] in ("done", "skipped")]


def insert_case(conn: Connection, values: dict[str, Any]) -> int:
    """Insert a case row and return its id."""
    result = conn.execute(insert(certificate_case).values(**values))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def add_pending(
    conn: Connection, case_id: int, step: Step, due_from: date, deadline: date | None, office: str
) -> None:
    """Write the row of a step that has fallen due."""
    conn.execute(
        insert(certificate_case_step).values(
            case_id=case_id,
            step=step.value,
            due_from=due_from,
            deadline=deadline,
            office_region=office,
        )
    )


def complete_step(
    conn: Connection,
    case_id: int,
    step: Step,
    values: dict[str, Any],
    due_from: date,
    office: str,
) -> None:
    """Mark ``step`` done (its pending row, or a new one) and drop other pending rows."""
    s = certificate_case_step.c
    conn.execute(
        delete(certificate_case_step).where(
            s.case_id == case_id, s.done_on.is_(None), s.step != step.value
        )
    )
    pending = and_(s.case_id == case_id, s.step == step.value, s.done_on.is_(None))
    if conn.execute(select(s.id).where(pending)).first() is None:
        add_pending(conn, case_id, step, due_from, None, office)
    conn.execute(update(certificate_case_step).where(pending).values(**values))


def close_case(
    conn: Connection, case_id: int, state: CaseState, on: date, now: datetime, cert_id: int | None
) -> None:
    """Set the case's final state."""
    conn.execute(
        update(certificate_case)
        .where(certificate_case.c.id == case_id)
        .values(state=state.value, closed_on=on, updated_at=now, certificate_id=cert_id)
    )


def refuse_second_case(conn: Connection, person_id: int) -> None:
    """One open case per person at a time."""
    found = open_case_of(conn, person_id)
    if found is not None:
        kind = CaseKind(found[1])
        raise Conflict(
            f"此人已有进行中的残疾人证业务 #{found[0]}（{kind.zh}），请先办结或撤回",
            f"this person already has an open case #{found[0]} ({kind.value})",
        )
