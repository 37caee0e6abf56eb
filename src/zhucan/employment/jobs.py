"""Use cases of job matching: postings, seekers, ranked matches, referrals and placements.

A job seeker is a registry person aged 16–59 with a valid certificate on the matching date
who registered an employment need. A placement (referral outcome ``hired``) becomes an
``employment`` fact of the person, valued ``employed:<credit code>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import polars as pl
from sqlalchemy import Engine, select, update

from zhucan.access import audit
from zhucan.access.scope import Actor, ensure_in_scope, scope_clause
from zhucan.core.errors import Conflict, InvalidValue, NotFound
from zhucan.core.region_code import normalize_region_code
from zhucan.employment.job_tables import job_posting, job_seeker, referral
from zhucan.employment.matching import ACCOMMODATIONS, match
from zhucan.employment.tables import employer
from zhucan.registry.facts import FactKind
from zhucan.registry.queries import person_as_of
from zhucan.registry.rows import Provenance
from zhucan.registry.snapshot import snapshot
from zhucan.registry.write import record_fact

MIN_AGE, MAX_AGE = 16, 59
OUTCOMES = ("hired", "rejected", "withdrawn")


def _join(values: Sequence[object]) -> str:
    return ",".join(str(v).strip() for v in values if str(v).strip())


def _split(column: str, dtype: pl.DataType | None = None) -> pl.Expr:
    return (
        pl.col(column)
        .str.split(",")
        .list.eval(pl.element().filter(pl.element() != ""))
        .cast(pl.List(dtype or pl.String()))
    )


def add_posting(
    engine: Engine,
    actor: Actor,
    credit_code: str,
    title: str,
    region: str,
    categories: Sequence[int],
    grades: Sequence[int],
    skills: Sequence[str] = (),
    accommodations: Sequence[str] = (),
    openings: int = 1,
    posted_on: date | None = None,
) -> int:
    """Publish a posting of a registered employer; returns its id."""
    unknown = [a for a in accommodations if a not in ACCOMMODATIONS]
    if unknown:
        raise InvalidValue(f"未知的便利设施：{'、'.join(unknown)}", f"unknown: {unknown}")
    code = normalize_region_code(region)
    ensure_in_scope(actor, code)
    with engine.begin() as conn:
        employer_id = conn.execute(
            select(employer.c.id).where(employer.c.credit_code == credit_code)
        ).scalar()
        if employer_id is None:
            raise NotFound(f"单位未登记：{credit_code}", f"employer not registered: {credit_code}")
        return int(
            conn.execute(
                job_posting.insert()
                .values(
                    employer_id=employer_id,
                    title=title,
                    region=code,
                    categories=_join(categories),
                    grades=_join(grades),
                    skills=_join(skills),
                    accommodations=_join(accommodations),
                    openings=openings,
                    filled=0,
                    status="open",
                    posted_on=posted_on or date.today(),
                    created_by=actor.username,
                )
                .returning(job_posting.c.id)
            ).scalar_one()
        )


def register_seeker(
    engine: Engine,
    actor: Actor,
    person_id: int,
    on: date,
    skills: Sequence[str] = (),
    needs: Sequence[str] = (),
    region: str | None = None,
) -> int:
    """Register a person's employment need, if aged 16–59 with a valid certificate on ``on``."""
    state = person_as_of(engine, actor, person_id, on)
    if not (state["certificate_valid"] and state["alive"]):
        raise InvalidValue("无有效残疾人证，不能登记求职", "no valid certificate")
    if not MIN_AGE <= state["age"] <= MAX_AGE:
        raise InvalidValue(f"年龄应在 {MIN_AGE}–{MAX_AGE} 岁之间", "outside working age 16–59")
    with engine.begin() as conn:
        return int(
            conn.execute(
                job_seeker.insert()
                .values(
                    person_id=person_id,
                    region=normalize_region_code(region or state["hukou_region"]),
                    skills=_join(skills),
                    needs=_join(needs),
                    status="active",
                    registered_on=on,
                    created_by=actor.username,
                )
                .returning(job_seeker.c.id)
            ).scalar_one()
        )


def seekers_frame(engine: Engine, actor: Actor, on: date) -> pl.DataFrame:
    """Active seekers in scope still eligible on ``on``, with category and grade."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(job_seeker).where(
                job_seeker.c.status == "active", scope_clause(job_seeker.c.region, actor)
            )
        ).all()
    seekers = pl.DataFrame(
        [r._asdict() for r in rows],
        schema={
            c.name: pl.Int64() if c.name in ("id", "person_id") else pl.String()
            for c in job_seeker.c
            if c.name not in ("registered_on",)
        }
        | {"registered_on": pl.Date()},
    )
    snap = snapshot(engine, on, actor, region="", person_ids=seekers["person_id"].to_list())
    fit = snap.filter(
        pl.col("certificate_valid") & pl.col("alive") & pl.col("age").is_between(MIN_AGE, MAX_AGE)
    )
    return seekers.join(fit.select("person_id", "category", "grade"), on="person_id").select(
        pl.col("id").alias("seeker_id"),
        "person_id",
        "region",
        "category",
        "grade",
        _split("skills"),
        _split("needs"),
    )


def postings_frame(engine: Engine, actor: Actor) -> pl.DataFrame:
    """Open postings with openings left (any region: the matcher keeps the seeker's city)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(job_posting).where(
                job_posting.c.status == "open", job_posting.c.filled < job_posting.c.openings
            )
        ).all()
    frame = pl.DataFrame(
        [r._asdict() for r in rows],
        infer_schema_length=None,
        schema_overrides={
            "id": pl.Int64(),
            "categories": pl.String(),
            "grades": pl.String(),
            "skills": pl.String(),
            "accommodations": pl.String(),
            "region": pl.String(),
        },
    )
    if frame.is_empty():
        return pl.DataFrame(
            schema={
                "posting_id": pl.Int64(),
                "region": pl.String(),
                "categories": pl.List(pl.Int8()),
                "grades": pl.List(pl.Int8()),
                "skills": pl.List(pl.String()),
                "accommodations": pl.List(pl.String()),
            }
        )
    return frame.select(
        pl.col("id").alias("posting_id"),
        "title",
        "region",
        _split("categories", pl.Int8()),
        _split("grades", pl.Int8()),
        _split("skills"),
        _split("accommodations"),
    )


def match_jobs(engine: Engine, actor: Actor, on: date, top: int = 5) -> pl.DataFrame:
    """Ranked postings for every active seeker in the actor's jurisdiction."""
    return match(seekers_frame(engine, actor, on), postings_frame(engine, actor), top)


def refer(
    engine: Engine,
    actor: Actor,
    seeker_id: int,
    posting_id: int,
    score: int,
    reasons: str,
    on: date,
) -> int:
    """Refer a seeker to a posting (推荐就业); returns the referral id."""
    with engine.begin() as conn:
        region = conn.execute(select(job_seeker.c.region).where(job_seeker.c.id == seeker_id))
        ensure_in_scope(actor, region.scalar())
        return int(
            conn.execute(
                referral.insert()
                .values(
                    seeker_id=seeker_id,
                    posting_id=posting_id,
                    score=score,
                    reasons=reasons,
                    status="referred",
                    referred_on=on,
                    created_by=actor.username,
                )
                .returning(referral.c.id)
            ).scalar_one()
        )


def record_outcome(
    engine: Engine,
    actor: Actor,
    referral_id: int,
    outcome: str,
    on: date,
    note: str = "",
    now: datetime | None = None,
) -> None:
    """Record a referral's outcome; ``hired`` places the seeker and records employment."""
    if outcome not in OUTCOMES:
        raise InvalidValue(f"结果应为 {'/'.join(OUTCOMES)}", f"outcome must be one of {OUTCOMES}")
    when = now or datetime.now()
    with engine.begin() as conn:
        row = conn.execute(
            select(
                referral.c.status,
                job_seeker.c.id,
                job_seeker.c.person_id,
                job_seeker.c.region,
                job_posting.c.id.label("posting"),
                employer.c.credit_code,
            )
            .join(job_seeker, job_seeker.c.id == referral.c.seeker_id)
            .join(job_posting, job_posting.c.id == referral.c.posting_id)
            .join(employer, employer.c.id == job_posting.c.employer_id)
            .where(referral.c.id == referral_id)
        ).first()
        if row is None:
            raise NotFound(f"没有编号为 {referral_id} 的推荐", f"no referral {referral_id}")
        ensure_in_scope(actor, row.region)
        if row.status != "referred":
            raise Conflict("该推荐已有结果", "the referral already has an outcome")
        conn.execute(
            update(referral)
            .where(referral.c.id == referral_id)
            .values(status=outcome, outcome_on=on, note=note)
        )
        if outcome == "hired":
            conn.execute(
                update(job_seeker).where(job_seeker.c.id == row.id).values(status="placed")
            )
            conn.execute(
                update(job_posting)
                .where(job_posting.c.id == row.posting)
                .values(filled=job_posting.c.filled + 1)
            )
            prov = Provenance(f"placement:{referral_id}", actor.username, when)
            record_fact(
                conn, row.person_id, FactKind.EMPLOYMENT, f"employed:{row.credit_code}", on, prov
            )
        audit.record(
            conn,
            actor.username,
            "job.outcome",
            "job_referral",
            str(referral_id),
            {"outcome": outcome, "on": on},
        )
