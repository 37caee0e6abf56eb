"""Synthetic subsidy enrolments, petitions and disabled graduates for a region.

So that the indicators read from other contexts (两项补贴覆盖率, 信访办结率, 高校毕业生
就业率) have something to count in a demonstration: at each year end from ``first_year``
the people the policy engine finds eligible and not yet enrolled are enrolled, by one
draw per person (those left out stay out until the share passes their draw), with a
share rising from about the plans' 2020 baselines to their targets (enrolled from a month
of that year, so covered at its end); each county receives petitions (most closed within
their 60-day deadline) and a few graduates a year. Rerunning adds to what is there.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import polars as pl
from sqlalchemy import ColumnElement, Connection, Engine, func, select

from zhucan.access.scope import SYSTEM
from zhucan.benefits.tables import enrollment
from zhucan.cases.tables import case_file
from zhucan.core.region_code import normalize_region_code, significant_prefix
from zhucan.employment.job_tables import graduate
from zhucan.indicators.holders import holders_on
from zhucan.policy.evaluate import ELIGIBLE, PERSON, column, decide
from zhucan.policy.loader import load_policies
from zhucan.registry.snapshot import snapshot
from zhucan.storage.bulk import bulk_insert

#: Share of the eligible enrolled at a year end: (first year, 2025).
ENROLLED = {"living_subsidy": (0.97, 0.995), "nursing_subsidy": (0.96, 0.995)}
STATUSES = ("employed", "flexible", "seeking", "further_study", "not_seeking")
STATUS_SHARES = (0.62, 0.2, 0.06, 0.07, 0.05)


def _share(pair: tuple[float, float], year: int, first: int) -> float:
    lo, hi = pair
    return lo + (hi - lo) * min(max((year - first) / max(2025 - first, 1), 0.0), 1.0)


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame()


def _next(conn: Connection, table_id: ColumnElement[int]) -> int:
    return int(conn.execute(select(func.coalesce(func.max(table_id), 0))).scalar_one()) + 1


def _uniform(key: pl.Expr, seed: int) -> pl.Expr:
    """A draw in [0, 1) fixed by ``key`` and ``seed`` (the same person draws the same)."""
    return (key.hash(seed) % 1_000_003).cast(pl.Float64) / 1_000_003


def _enrolments(engine: Engine, region: str, years: list[int], seed: int) -> pl.DataFrame:
    """Enrol a growing share of the eligible at each year end; one draw per person and
    program, so the late stay late; an enrolment starts in a month of the year it began."""
    now = datetime(years[-1], 12, 31)
    policies = load_policies()
    taken = pl.DataFrame(schema={"person_id": pl.Int64(), "program": pl.String()})
    for year in years:
        day = date(year, 12, 31)
        snap = snapshot(engine, day, SYSTEM, region=region)
        if snap.is_empty():
            continue
        frame = decide(policies, snap, day, PERSON, list(ENROLLED)).frame
        for n, (program, pair) in enumerate(ENROLLED.items()):
            pid = pl.col("person_id").cast(pl.Int64)
            new = (
                frame.filter(pl.col(column(program, ELIGIBLE)))
                .select(pid, pl.lit(program).alias("program"))
                .join(taken, on=["person_id", "program"], how="anti")
                .filter(_uniform(pl.col("person_id"), seed + n) <= _share(pair, year, years[0]))
                .with_columns(
                    start_month=pl.lit(f"{year}-")
                    + ((_uniform(pl.col("person_id"), seed + year) * 12).cast(pl.Int64) + 1)
                    .cast(pl.String)
                    .str.zfill(2)
                )
            )
            taken = pl.concat([taken, new], how="diagonal")
    return taken.with_columns(
        region=pl.lit(region),
        end_month=pl.lit(None, pl.String),
        suspended_from=pl.lit(None, pl.String),
        source=pl.lit("synth"),
        created_by=pl.lit("synth"),
        created_at=pl.lit(now),
        updated_at=pl.lit(now),
    )


def generate_programs(
    engine: Engine, region: str, end: date, seed: int = 1, first_year: int = 2020
) -> dict[str, int]:
    """Write synthetic enrolments, petitions and graduates for ``region`` to ``end``."""
    rng = np.random.default_rng(seed + 31337)
    years = list(range(first_year, end.year + 1))
    region = normalize_region_code(region)
    prefix = significant_prefix(region)
    enrol = _enrolments(engine, region, years, seed)
    holders = holders_on(engine, prefix, [date(y, 6, 30) for y in years], ["age"])
    cases, grads = [], []
    now = datetime(end.year, end.month, end.day)
    for year, people in zip(years, holders, strict=True):
        for county, group in people.group_by(pl.col("hukou_region").str.slice(0, 6)):
            places = group["hukou_region"].to_list()
            for _ in range(int(rng.poisson(12))):
                received = date(year, 1, 1) + timedelta(days=int(rng.integers(0, 365)))
                due = received + timedelta(days=60)
                late = rng.random() < 0.12 - 0.015 * (year - first_year)
                closed = due + timedelta(days=int(rng.integers(1, 30))) if late else (
                    received + timedelta(days=int(rng.integers(3, 58))))  # fmt: skip
                closed_on = closed if closed <= end else None
                cases.append({
                    "kind": "petition", "category": "benefits",
                    "region": places[int(rng.integers(0, len(places)))],
                    "assigned_region": f"{county[0]}000000", "summary": "（合成数据）信访诉求",
                    "received_on": received, "accepted_on": received, "extension_days": 0,
                    "due_on": due, "escalation_level": 0,
                    "status": "closed" if closed_on else "accepted", "closed_on": closed_on,
                    "source": "synth", "created_by": "synth", "created_at": now,
                })  # fmt: skip
            young = group.filter(pl.col("age").is_between(21, 25))
            for row in young.sample(min(young.height, int(rng.poisson(3))), seed=seed + year).rows(
                named=True
            ):
                grads.append({
                    "person_id": row["person_id"], "year": year, "region": row["hukou_region"],
                    "school": "（合成）高校", "plan": "一人一策", "updated_by": "synth",
                    "status": STATUSES[int(rng.choice(len(STATUSES), p=STATUS_SHARES))],
                    "updated_on": date(year, 9, 1),
                })  # fmt: skip
    grads = list({(g["person_id"], g["year"]): g for g in grads}.values())
    with engine.begin() as conn:
        out = {}
        for name, table, frame in (
            ("enrolments", enrollment, enrol),
            ("petitions", case_file, _frame(cases)),
            ("graduates", graduate, _frame(grads)),
        ):
            start = _next(conn, table.c.id)
            if not frame.is_empty():
                frame = frame.with_columns(
                    pl.int_range(start, start + frame.height, dtype=pl.Int64).alias("id"),
                    *(pl.col(c).cast(pl.String) for c, t in frame.schema.items() if t == pl.Null),
                )
            out[name] = bulk_insert(conn, table, frame)
    return out
