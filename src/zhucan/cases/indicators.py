"""Case indicators per region for a period: closure rate and on-time rate (numerator/denominator).

Closure rate (办结率): cases received in the period and closed by its end ÷ cases received.
On-time rate (按期办结率): of those closed, the ones closed on or before their deadline.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, case, func, select

from zhucan.access.scope import Actor, scope_clause
from zhucan.cases.tables import case_file

Ratio = dict[str, tuple[int, int]]


def _by_region(
    engine: Engine, actor: Actor, start: date, end: date, digits: int, numerator: object
) -> Ratio:
    region = func.substr(case_file.c.region, 1, digits)
    stmt = (
        select(region, func.sum(numerator), func.count())
        .where(
            scope_clause(case_file.c.region, actor),
            case_file.c.received_on >= start,
            case_file.c.received_on <= end,
        )
        .group_by(region)
    )
    with engine.connect() as conn:
        return {r: (int(n or 0), int(d)) for r, n, d in conn.execute(stmt)}


def closure_rate(engine: Engine, actor: Actor, start: date, end: date, digits: int = 6) -> Ratio:
    """{region prefix: (closed by ``end``, received in [start, end])}."""
    closed = case((case_file.c.closed_on <= end, 1), else_=0)
    return _by_region(engine, actor, start, end, digits, closed)


def on_time_rate(engine: Engine, actor: Actor, start: date, end: date, digits: int = 6) -> Ratio:
    """{region prefix: (closed on time, closed by ``end``)} for cases received in the period."""
    closed = case_file.c.closed_on <= end
    on_time = case((closed & (case_file.c.closed_on <= case_file.c.due_on), 1), else_=0)
    out = _by_region(engine, actor, start, end, digits, on_time)
    totals = closure_rate(engine, actor, start, end, digits)
    return {r: (n, totals[r][0]) for r, (n, _) in out.items()}
