"""What the job pages show: scoped postings, seekers, referrals and ranked matches."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from zhucan.access.scope import Actor, scope_clause
from zhucan.core.errors import NotFound
from zhucan.employment.job_tables import job_posting, job_seeker, referral
from zhucan.employment.jobs import match_jobs
from zhucan.employment.tables import employer
from zhucan.registry.tables import person

MATCH_TOP = 10


def _posting_columns() -> list[Any]:
    return [*job_posting.c, employer.c.name.label("employer_name")]


def postings(engine: Engine, actor: Actor, posting_id: int | None = None) -> list[dict[str, Any]]:
    """Postings in the actor's jurisdiction, newest first (or the one asked for)."""
    stmt = (
        select(*_posting_columns())
        .join(employer, employer.c.id == job_posting.c.employer_id)
        .where(scope_clause(job_posting.c.region, actor))
    )
    if posting_id is not None:
        stmt = stmt.where(job_posting.c.id == posting_id)
    with engine.connect() as conn:
        rows = conn.execute(stmt.order_by(job_posting.c.id.desc()).limit(200)).mappings()
        return [dict(r) for r in rows]


def scoped_posting(engine: Engine, actor: Actor, posting_id: int) -> dict[str, Any]:
    """One posting in scope (NotFound otherwise)."""
    found = postings(engine, actor, posting_id)
    if not found:
        raise NotFound("没有这个岗位，或不在您的辖区内", "no such posting in your jurisdiction")
    return found[0]


def _seeker_select() -> Any:
    return select(
        *job_seeker.c, person.c.name, person.c.citizen_id_masked, person.c.birth_date
    ).join(person, person.c.id == job_seeker.c.person_id)


def seekers(engine: Engine, actor: Actor, seeker_id: int | None = None) -> list[dict[str, Any]]:
    """Job seekers in the actor's jurisdiction (or the one asked for)."""
    stmt = _seeker_select().where(scope_clause(job_seeker.c.region, actor))
    if seeker_id is not None:
        stmt = stmt.where(job_seeker.c.id == seeker_id)
    with engine.connect() as conn:
        rows = conn.execute(stmt.order_by(job_seeker.c.id.desc()).limit(200)).mappings()
        return [dict(r) for r in rows]


def scoped_seeker(engine: Engine, actor: Actor, seeker_id: int) -> dict[str, Any]:
    """One seeker in scope (NotFound otherwise)."""
    found = seekers(engine, actor, seeker_id)
    if not found:
        raise NotFound(
            "没有这位求职者，或不在您的辖区内", "no such job seeker in your jurisdiction"
        )
    return found[0]


def seeker_of_person(engine: Engine, person_id: int) -> int | None:
    """The seeker id of a person, if registered."""
    with engine.connect() as conn:
        found = conn.execute(select(job_seeker.c.id).where(job_seeker.c.person_id == person_id))
        return found.scalar()


def referrals(
    engine: Engine, actor: Actor, *, seeker_id: int | None = None, posting_id: int | None = None
) -> list[dict[str, Any]]:
    """Referrals of a seeker or of a posting, for seekers in the actor's jurisdiction."""
    stmt = (
        select(
            *referral.c,
            person.c.name,
            job_posting.c.title,
            employer.c.name.label("employer_name"),
        )
        .join(job_seeker, job_seeker.c.id == referral.c.seeker_id)
        .join(person, person.c.id == job_seeker.c.person_id)
        .join(job_posting, job_posting.c.id == referral.c.posting_id)
        .join(employer, employer.c.id == job_posting.c.employer_id)
        .where(scope_clause(job_seeker.c.region, actor))
    )
    if seeker_id is not None:
        stmt = stmt.where(referral.c.seeker_id == seeker_id)
    if posting_id is not None:
        stmt = stmt.where(referral.c.posting_id == posting_id)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt.order_by(referral.c.id.desc())).mappings()]


def ranked(
    engine: Engine,
    actor: Actor,
    on: date,
    *,
    seeker_id: int | None = None,
    posting_id: int | None = None,
) -> list[dict[str, Any]]:
    """Ranked matches (score, reasons) of one seeker or one posting, with names and titles."""
    found = match_jobs(engine, actor, on, MATCH_TOP)
    if seeker_id is not None:
        found = found.filter(found["seeker_id"] == seeker_id)
    if posting_id is not None:
        found = found.filter(found["posting_id"] == posting_id).sort("score", descending=True)
    rows = found.to_dicts()
    if not rows:
        return []
    with engine.connect() as conn:
        titles = {
            r.id: (r.title, r.employer_name)
            for r in conn.execute(
                select(
                    job_posting.c.id, job_posting.c.title, employer.c.name.label("employer_name")
                )
                .join(employer, employer.c.id == job_posting.c.employer_id)
                .where(job_posting.c.id.in_({r["posting_id"] for r in rows}))
            )
        }
        names = dict(
            conn.execute(
                select(job_seeker.c.id, person.c.name)
                .join(person, person.c.id == job_seeker.c.person_id)
                .where(job_seeker.c.id.in_({r["seeker_id"] for r in rows}))
            ).all()
        )
    for r in rows:
        r["title"], r["employer_name"] = titles[r["posting_id"]]
        r["name"] = names[r["seeker_id"]]
    return rows
