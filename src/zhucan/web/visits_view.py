"""What the home-visit pages show: the year's plans in scope and one person's visits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from zhucan.access.scope import Actor, scope_clause
from zhucan.cases.tables import visit, visit_plan
from zhucan.core.errors import NotFound
from zhucan.registry.tables import person


def plans(engine: Engine, actor: Actor, year: int) -> list[dict[str, Any]]:
    """The year's plans in scope with the person's name and the visits made so far."""
    done = (
        select(func.count())
        .where(
            visit.c.person_id == visit_plan.c.person_id,
            func.extract("year", visit.c.visited_on) == year,
        )
        .scalar_subquery()
    )
    last = (
        select(func.max(visit.c.visited_on))
        .where(visit.c.person_id == visit_plan.c.person_id)
        .scalar_subquery()
    )
    stmt = (
        select(
            *visit_plan.c,
            person.c.name,
            person.c.citizen_id_masked,
            done.label("visits_done"),
            last.label("last_visit"),
        )
        .join(person, person.c.id == visit_plan.c.person_id)
        .where(visit_plan.c.year == year, scope_clause(visit_plan.c.region, actor))
        .order_by(visit_plan.c.region, person.c.name)
    )
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def visit_target(engine: Engine, actor: Actor, person_id: int) -> dict[str, Any]:
    """The person to visit (in scope) and their recent visits (NotFound otherwise)."""
    with engine.connect() as conn:
        row = (
            conn.execute(
                select(
                    person.c.id, person.c.name, person.c.citizen_id_masked, person.c.region
                ).where(person.c.id == person_id, scope_clause(person.c.region, actor))
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound("没有此人，或不在您的辖区内", "no such person in your jurisdiction")
        recent = conn.execute(
            select(visit)
            .where(visit.c.person_id == person_id)
            .order_by(visit.c.visited_on.desc(), visit.c.id.desc())
            .limit(5)
        ).mappings()
        return {**row, "recent": [dict(v) for v in recent]}
