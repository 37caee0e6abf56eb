"""Home visits (入户访视): yearly visit plans for households in difficulty, and visit records.

Who is planned (our documented choice): households on 低保 or 特困 on the plan date with a
member holding a valid grade 1–2 certificate. One plan per household, for its most
severely disabled member (lowest grade, then lowest id); people without a household
record are their own household. 特困 households are visited monthly (12 a year), 低保
households quarterly (4). A visit's needs become need rows; a problem becomes a case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl
from sqlalchemy import Engine, select, update

from zhucan.access import audit
from zhucan.access.scope import Actor
from zhucan.cases.deadlines import CaseKind
from zhucan.cases.service import NewCase, open_case_in
from zhucan.cases.tables import visit, visit_plan
from zhucan.registry.queries import person_region_in_scope
from zhucan.registry.snapshot import snapshot
from zhucan.storage.bulk import bulk_insert
from zhucan.support.needs import NeedKind
from zhucan.support.service import record_needs

VISITS_PER_YEAR = {"tekun": 12, "dibao": 4}
REASON = {"tekun": "特困供养家庭，有一二级重度残疾人", "dibao": "低保家庭，有一二级重度残疾人"}


def households_to_visit(snap: pl.DataFrame) -> pl.DataFrame:
    """One row per household to visit: person_id, household_id, region, reason, visits a year."""
    return (
        snap.filter(
            pl.col("alive")
            & pl.col("certificate_valid")
            & pl.col("grade").is_in([1, 2])
            & pl.col("assistance").is_in(list(VISITS_PER_YEAR))
        )
        .with_columns(pl.coalesce("household_id", -pl.col("person_id")).alias("_hh"))
        .sort("grade", "person_id")
        .unique("_hh", keep="first", maintain_order=True)
        .select(
            "person_id",
            "household_id",
            pl.col("hukou_region").alias("region"),
            pl.col("assistance").replace_strict(REASON).alias("reason"),
            pl.col("assistance")
            .replace_strict(VISITS_PER_YEAR)
            .cast(pl.Int16)
            .alias("visits_per_year"),
        )
        .sort("person_id")
    )


def plan_visits(
    engine: Engine,
    actor: Actor,
    year: int,
    region: str | None = None,
    as_of: date | None = None,
    now: datetime | None = None,
) -> pl.DataFrame:
    """Create the year's visit plans for the region (skipping people already planned)."""
    when = now or datetime.now()
    wanted = households_to_visit(snapshot(engine, as_of or date(year, 1, 1), actor, region))
    with engine.begin() as conn:
        have = set(
            conn.execute(select(visit_plan.c.person_id).where(visit_plan.c.year == year)).scalars()
        )
        new = wanted.filter(~pl.col("person_id").is_in(list(have)))
        bulk_insert(
            conn,
            visit_plan,
            new.with_columns(
                pl.lit(year).alias("year"),
                pl.lit(actor.username).alias("created_by"),
                pl.lit(when).alias("created_at"),
            ),
        )
        audit.record(
            conn,
            actor.username,
            "visit.plan",
            "visit_plan",
            str(year),
            {"region": region or actor.prefix, "planned": new.height},
        )
    return new


@dataclass(frozen=True)
class VisitRecord:
    """What the worker found on a visit."""

    person_id: int
    visited_on: date
    notes: str
    needs: list[NeedKind] = field(default_factory=list)
    problem: str | None = None  # becomes a case
    problem_category: str = "living"


def record_visit(
    engine: Engine, actor: Actor, record: VisitRecord, now: datetime | None = None
) -> dict[str, object]:
    """Store a visit; its needs become need rows, its problem a case; returns the ids."""
    when = now or datetime.now()
    with engine.begin() as conn:
        region = person_region_in_scope(conn, actor, record.person_id)
        plan_id = conn.execute(
            select(visit_plan.c.id).where(
                visit_plan.c.person_id == record.person_id,
                visit_plan.c.year == record.visited_on.year,
            )
        ).scalar()
        visit_id = int(
            conn.execute(
                visit.insert()
                .values(
                    plan_id=plan_id,
                    person_id=record.person_id,
                    region=region,
                    visited_on=record.visited_on,
                    visitor=actor.username,
                    notes=record.notes,
                    needs=",".join(k.value for k in record.needs),
                    recorded_at=when,
                )
                .returning(visit.c.id)
            ).scalar_one()
        )
        need_ids = record_needs(
            conn,
            record.person_id,
            record.visited_on.year,
            record.needs,
            f"visit:{visit_id}",
            actor.username,
            when,
        )
        case_id = None
        if record.problem:
            case_id = open_case_in(
                conn,
                actor,
                NewCase(
                    CaseKind.VISIT,
                    record.problem_category,
                    str(region),
                    record.problem,
                    record.visited_on,
                    person_id=record.person_id,
                    source=f"visit:{visit_id}",
                ),
                when,
            )
            conn.execute(update(visit).where(visit.c.id == visit_id).values(case_id=case_id))
        audit.record(
            conn,
            actor.username,
            "visit.record",
            "home_visit",
            str(visit_id),
            {"person_id": record.person_id, "needs": len(need_ids), "case": case_id},
        )
    return {"visit_id": visit_id, "plan_id": plan_id, "need_ids": need_ids, "case_id": case_id}
