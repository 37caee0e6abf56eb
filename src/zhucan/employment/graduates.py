"""高校残疾人毕业生一人一策: each graduate followed one by one until placed (target 100%).

A graduate counts as helped (帮扶到位) when employed, in further study, or placed in
flexible or supported employment; the share of a year's graduates helped is the
indicator the plans target at 100%.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, case, func, select, update

from zhucan.access import audit
from zhucan.access.scope import Actor, ensure_in_scope, scope_clause
from zhucan.core.errors import InvalidValue
from zhucan.employment.job_tables import graduate
from zhucan.registry.queries import person_as_of

STATUSES = {
    "seeking": "求职中",
    "employed": "已就业",
    "flexible": "灵活就业",
    "further_study": "升学",
    "not_seeking": "暂不就业",
}
HELPED = ("employed", "flexible", "further_study")


def track_graduate(
    engine: Engine,
    actor: Actor,
    person_id: int,
    year: int,
    school: str,
    plan: str,
    status: str = "seeking",
    on: date | None = None,
) -> None:
    """Add or update a graduate's plan and status for the graduation year."""
    if status not in STATUSES:
        raise InvalidValue(f"状态应为 {'/'.join(STATUSES)}", f"status must be one of {STATUSES}")
    day = on or date.today()
    region = person_as_of(engine, actor, person_id, day)["hukou_region"]
    ensure_in_scope(actor, region)
    values = {
        "school": school,
        "plan": plan,
        "status": status,
        "updated_on": day,
        "updated_by": actor.username,
    }
    with engine.begin() as conn:
        found = conn.execute(
            select(graduate.c.id).where(graduate.c.person_id == person_id, graduate.c.year == year)
        ).scalar()
        if found is None:
            conn.execute(
                graduate.insert().values(person_id=person_id, year=year, region=region, **values)
            )
        else:
            conn.execute(update(graduate).where(graduate.c.id == found).values(**values))
        audit.record(
            conn,
            actor.username,
            "graduate.track",
            "disabled_graduate",
            f"{person_id}:{year}",
            {"status": status},
        )


def graduates_helped(
    engine: Engine, actor: Actor, year: int, digits: int = 6
) -> dict[str, tuple[int, int]]:
    """{region prefix: (graduates helped, graduates of ``year``)} in the actor's jurisdiction."""
    region = func.substr(graduate.c.region, 1, digits)
    helped = func.sum(case((graduate.c.status.in_(HELPED), 1), else_=0))
    stmt = (
        select(region, helped, func.count())
        .where(graduate.c.year == year, scope_clause(graduate.c.region, actor))
        .group_by(region)
    )
    with engine.connect() as conn:
        return {r: (int(n or 0), int(d)) for r, n, d in conn.execute(stmt)}
