"""Use case: the annual proportional-employment review (按比例就业年审) of a jurisdiction.

Declared employees are verified against the declarations of *every* employer of the year,
so a person also declared by an employer in another county is caught; results are stored
for the employers in the actor's jurisdiction only, replacing their earlier review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import polars as pl
from sqlalchemy import Engine, delete, select

from zhucan.access import audit
from zhucan.access.scope import SYSTEM, Actor, ensure_in_scope, jurisdiction_prefix
from zhucan.core.region_code import normalize_region_code
from zhucan.employment.assess import assess
from zhucan.employment.reward import EXAMPLE_RULE, RewardRule
from zhucan.employment.tables import employer, local_wage, review, review_employee
from zhucan.policy.loader import load_policies
from zhucan.policy.policy_set import PolicySet
from zhucan.registry.rows import next_id
from zhucan.registry.snapshot import snapshot
from zhucan.storage.bulk import bulk_insert, read_frame
from zhucan.storage.locks import take_write_lock

WHOLE_SNAPSHOT_FROM = 20_000  # more declared people than this: snapshot everyone once


@dataclass(frozen=True)
class ReviewSummary:
    """Totals of one review run."""

    year: int
    employers: int
    declared: int
    counted: int
    levy_fen: int
    reward_fen: int
    below_ratio: int

    def as_json(self) -> dict[str, Any]:
        """The summary as plain data."""
        return dict(self.__dict__)


def local_wages(engine: Engine, year: int, regions: pl.Series) -> pl.DataFrame:
    """The local average wage of each distinct region: the longest prefix with a value."""
    with engine.connect() as conn:
        table = conn.execute(
            select(local_wage.c.region_prefix, local_wage.c.average_wage).where(
                local_wage.c.year == year
            )
        ).all()
    out = pl.DataFrame({"region": regions.unique()}).with_columns(
        pl.lit(None, pl.Decimal(38, 4)).alias("local_average_wage")
    )
    for prefix, wage in sorted(table, key=lambda r: len(r[0])):
        out = out.with_columns(
            pl.when(pl.col("region").str.starts_with(prefix))
            .then(pl.lit(wage, pl.Decimal(38, 4)))
            .otherwise(pl.col("local_average_wage"))
            .alias("local_average_wage")
        )
    return out


def load_inputs(engine: Engine, actor: Actor, year: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(employers in scope that declared for ``year``, every declared employee of the year)."""
    like = f"AND e.region LIKE '{actor.prefix}%'" if actor.prefix else ""
    employers = read_frame(
        engine,
        "SELECT e.id AS employer_id, e.region, d.year, d.staff, d.average_wage "
        "FROM employment_declaration d JOIN employer e ON e.id = d.employer_id "
        f"WHERE d.year = {int(year)} {like}",
        {
            "employer_id": pl.Int64(),
            "region": pl.String(),
            "year": pl.Int32(),
            "staff": pl.Int64(),
            "average_wage": pl.Decimal(38, 4),
        },
    )
    declared = read_frame(
        engine,
        "SELECT de.id AS declared_employee_id, d.employer_id, p.id AS person_id "
        "FROM declared_employee de JOIN employment_declaration d ON d.id = de.declaration_id "
        "LEFT JOIN person p ON p.citizen_id_bidx = de.citizen_id_bidx "
        f"WHERE de.year = {int(year)}",
        {"declared_employee_id": pl.Int64(), "employer_id": pl.Int64(), "person_id": pl.Int64()},
    )
    wages = local_wages(engine, year, employers.get_column("region"))
    return employers.join(wages, on="region", how="left"), declared


def people_on(engine: Engine, day: date, person_ids: list[int]) -> pl.DataFrame:
    """Alive, certificate validity and grade of the given people on ``day``."""
    ids = None if len(person_ids) > WHOLE_SNAPSHOT_FROM else person_ids
    snap = snapshot(engine, day, SYSTEM, region="", person_ids=ids)
    return snap.select("person_id", "alive", "certificate_valid", "grade")


def run_review(
    engine: Engine,
    actor: Actor,
    year: int,
    *,
    review_date: date | None = None,
    insurance: pl.DataFrame | None = None,
    rule: RewardRule = EXAMPLE_RULE,
    policies: PolicySet | None = None,
    now: datetime | None = None,
) -> tuple[ReviewSummary, pl.DataFrame]:
    """Review ``year``: verify, count, levy, reward; store and return the per-employer results.

    Certificates are checked on ``review_date`` (default 31 December of the year); the levy
    is decided by the policy engine as of 31 December of the year.
    """
    day = review_date or date(year, 12, 31)
    when = now or datetime.now()
    employers, declared = load_inputs(engine, actor, year)
    ids = declared.get_column("person_id").drop_nulls().unique().to_list()
    people = people_on(engine, day, ids)
    results, checked = assess(
        policies or load_policies(),
        employers,
        declared,
        people,
        date(year, 12, 31),
        insurance,
        rule,
    )
    _store(engine, actor, year, day, when, results, checked)
    summary = ReviewSummary(
        year=year,
        employers=results.height,
        declared=int(results["declared"].sum()),
        counted=int(results["counted"].sum()),
        levy_fen=int(results["levy_fen"].sum()),
        reward_fen=int(results["reward_fen"].sum()),
        below_ratio=int((~results["meets_ratio"]).sum()),
    )
    return summary, results


def _store(
    engine: Engine,
    actor: Actor,
    year: int,
    day: date,
    when: datetime,
    results: pl.DataFrame,
    checked: pl.DataFrame,
) -> None:
    ours = results.select("employer_id")
    mine = checked.join(ours, on="employer_id", how="semi")
    with engine.begin() as conn:
        take_write_lock(conn, "employment")
        scoped = select(employer.c.id).where(employer.c.region.like(f"{actor.prefix}%"))
        conn.execute(delete(review).where(review.c.year == year, review.c.employer_id.in_(scoped)))
        conn.execute(
            delete(review_employee).where(
                review_employee.c.year == year, review_employee.c.employer_id.in_(scoped)
            )
        )
        start = next_id(conn, review.c.id)
        bulk_insert(
            conn,
            review,
            results.select(
                pl.int_range(start, start + results.height).alias("id"),
                "employer_id",
                "year",
                "region",
                pl.lit(day).alias("review_date"),
                "staff",
                "declared",
                "counted",
                pl.col("ratio").cast(pl.Decimal(12, 6)).cast(pl.String),
                pl.col("required_ratio").cast(pl.Decimal(8, 6)).cast(pl.String),
                "tier",
                "wage_capped",
                "levy_fen",
                "reward_fen",
                "policy",
                "policy_version",
                "rejected",
                pl.lit(actor.username).alias("reviewed_by"),
                pl.lit(when).alias("reviewed_at"),
            ),
        )
        first = next_id(conn, review_employee.c.id)
        bulk_insert(
            conn,
            review_employee,
            mine.select(
                pl.int_range(first, first + mine.height).alias("id"),
                "declared_employee_id",
                pl.lit(year).alias("year"),
                "employer_id",
                "person_id",
                "status",
                "weight",
                "insurance",
                pl.col("other_employers")
                .cast(pl.List(pl.String))
                .list.join(",")
                .replace("", None)
                .alias("other_employers"),
            ),
        )
        audit.record(
            conn,
            actor.username,
            "employment.review",
            "employment_review",
            str(year),
            {
                "employers": results.height,
                "employees": mine.height,
                "review_date": day,
                "region": actor.prefix,
            },
        )


def set_local_wage(engine: Engine, actor: Actor, prefix: str, year: int, wage: Decimal) -> None:
    """Record 当地社会平均工资 for a region prefix and year (replacing an earlier value)."""
    code = jurisdiction_prefix(normalize_region_code(prefix))
    ensure_in_scope(actor, code.ljust(12, "0"))
    with engine.begin() as conn:
        conn.execute(
            delete(local_wage).where(local_wage.c.region_prefix == code, local_wage.c.year == year)
        )
        conn.execute(local_wage.insert().values(region_prefix=code, year=year, average_wage=wage))
        audit.record(
            conn,
            actor.username,
            "employment.local_wage",
            "local_wage",
            f"{code}:{year}",
            {"wage": wage},
        )
