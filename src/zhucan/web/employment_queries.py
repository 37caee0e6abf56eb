"""What the employer pages show: scoped reads of employers, declarations and reviews."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, or_, select

from zhucan.access.scope import Actor, scope_clause
from zhucan.core.errors import NotFound
from zhucan.employment.tables import declaration, declared_employee, employer, review
from zhucan.employment.tables import review_employee as checked

LIST_LIMIT = 100


def find_employers(engine: Engine, actor: Actor, q: str, year: int) -> list[dict[str, Any]]:
    """Employers in scope whose name contains ``q`` or whose credit code is ``q``."""
    stmt = (
        select(
            employer.c.id,
            employer.c.credit_code,
            employer.c.name,
            employer.c.region,
            employer.c.staff,
            review.c.counted,
            review.c.ratio,
            review.c.tier,
            review.c.levy_fen,
        )
        .select_from(
            employer.outerjoin(
                review, (review.c.employer_id == employer.c.id) & (review.c.year == year)
            )
        )
        .where(scope_clause(employer.c.region, actor))
    )
    text = q.strip()
    if text:
        stmt = stmt.where(
            or_(
                employer.c.name.contains(text, autoescape=True),
                employer.c.credit_code == text.upper(),
            )
        )
    with engine.connect() as conn:
        rows = conn.execute(stmt.order_by(employer.c.name).limit(LIST_LIMIT)).mappings()
        return [dict(r) for r in rows]


def scoped_employer(engine: Engine, actor: Actor, employer_id: int) -> dict[str, Any]:
    """One employer in the actor's jurisdiction (NotFound otherwise, outside or absent alike)."""
    with engine.connect() as conn:
        row = (
            conn.execute(
                select(employer).where(
                    employer.c.id == employer_id, scope_clause(employer.c.region, actor)
                )
            )
            .mappings()
            .first()
        )
    if row is None:
        raise NotFound("没有这个单位，或不在您的辖区内", "no such employer in your jurisdiction")
    return dict(row)


def employers_in_scope(engine: Engine, actor: Actor) -> list[dict[str, Any]]:
    """(credit code, name) of the employers in scope, for choosing one in a form."""
    stmt = select(employer.c.credit_code, employer.c.name).where(
        scope_clause(employer.c.region, actor)
    )
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt.order_by(employer.c.name)).mappings()]


def employer_year(engine: Engine, employer_id: int, year: int) -> dict[str, Any]:
    """The declaration, the declared employees with their checks and the review of a year."""
    with engine.connect() as conn:
        head = (
            conn.execute(
                select(declaration).where(
                    declaration.c.employer_id == employer_id, declaration.c.year == year
                )
            )
            .mappings()
            .first()
        )
        people: list[dict[str, Any]] = []
        if head is not None:
            stmt = (
                select(
                    declared_employee.c.name,
                    declared_employee.c.citizen_id_masked,
                    declared_employee.c.insurance_claimed,
                    checked.c.status,
                    checked.c.weight,
                    checked.c.insurance,
                )
                .select_from(
                    declared_employee.outerjoin(
                        checked, checked.c.declared_employee_id == declared_employee.c.id
                    )
                )
                .where(declared_employee.c.declaration_id == head["id"])
                .order_by(declared_employee.c.id)
            )
            people = [dict(r) for r in conn.execute(stmt).mappings()]
        result = (
            conn.execute(
                select(review).where(review.c.employer_id == employer_id, review.c.year == year)
            )
            .mappings()
            .first()
        )
    return {
        "declaration": dict(head) if head else None,
        "employees": people,
        "review": dict(result) if result else None,
    }
