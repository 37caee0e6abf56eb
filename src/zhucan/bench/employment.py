"""Employment benchmark: the annual review and job matching at the issue's scale.

Targets (issue 7): the annual review of 50,000 employers with 200,000 declared employees
in ≤ 10 s; matching 10,000 seekers against 5,000 postings in ≤ 5 s. Both are measured as
pure Polars work on ready frames and end to end against SQLite (read, verify against the
registry snapshot, levy through the policy engine, store), with the registry loaded first.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy import Engine

from zhucan.access.crypto import get_cipher
from zhucan.access.scope import SYSTEM
from zhucan.bench.timer import Timings
from zhucan.employment.assess import assess
from zhucan.employment.job_tables import job_posting, job_seeker
from zhucan.employment.jobs import match_jobs, postings_frame, seekers_frame
from zhucan.employment.matching import ACCOMMODATIONS, match
from zhucan.employment.service import load_inputs, people_on, run_review, set_local_wage
from zhucan.employment.tables import declaration, declared_employee, employer
from zhucan.policy.loader import load_policies
from zhucan.registry.regions import load_regions
from zhucan.registry.rows import Provenance
from zhucan.registry.service import villages_of
from zhucan.registry.snapshot import snapshot
from zhucan.registry.write import write_people
from zhucan.storage.bulk import bulk_insert, read_frame
from zhucan.storage.engine import make_engine
from zhucan.storage.migrate import upgrade
from zhucan.synth.population import generate

YEAR = 2024
AS_OF = date(2024, 12, 31)
SKILLS = ["电脑操作", "客服", "缝纫", "按摩", "手工", "仓储", "数据标注", "烘焙", "保洁", "编程"]


def _employers(rng: np.random.Generator, n: int, regions: list[str]) -> pl.DataFrame:
    staff = np.maximum(5, rng.lognormal(4.0, 1.1, n).astype(np.int64))
    return pl.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "credit_code": [f"BENCH{i:013d}" for i in range(1, n + 1)],
            "name": [f"单位{i}" for i in range(1, n + 1)],
            "region": rng.choice(regions, n),
            "staff": staff,
            "average_wage": rng.integers(50_000, 250_000, n).astype(str),
        }
    ).with_columns(
        pl.lit(datetime.now()).alias("created_at"), pl.lit(datetime.now()).alias("updated_at")
    )


def _declared(rng: np.random.Generator, people: pl.DataFrame, n_emp: int, n: int) -> pl.DataFrame:
    """``n`` declared employees; a few per cent are declared by a second employer."""
    picks = people.sample(n, with_replacement=True, seed=7)
    return picks.select(
        pl.int_range(1, n + 1).alias("id"),
        pl.Series("declaration_id", rng.integers(1, n_emp + 1, n)),
        pl.lit(YEAR).alias("year"),
        pl.col("bidx").alias("citizen_id_bidx"),
        pl.col("citizen_id_masked"),
        pl.col("name"),
        pl.lit(None, pl.Boolean).alias("insurance_claimed"),
    )


def _load(engine: Engine, persons: int, n_emp: int, n_decl: int, t: Timings) -> None:
    upgrade(engine)
    load_regions(engine, ["33"])
    villages = villages_of(engine, "3311")
    frame = generate(villages, persons, 11, AS_OF)
    with t.measure(f"setup: load {persons:,} people"), engine.begin() as conn:
        write_people(conn, frame, get_cipher(), Provenance("bench", "bench", datetime.now()))
    rng = np.random.default_rng(5)
    regions = villages.get_column("code").to_list()
    people = read_frame(
        engine, "SELECT citizen_id_bidx AS bidx, citizen_id_masked, name FROM person", None
    )
    employers = _employers(rng, n_emp, regions)
    with engine.begin() as conn:
        bulk_insert(conn, employer, employers)
        bulk_insert(
            conn,
            declaration,
            employers.select(
                "id",
                pl.col("id").alias("employer_id"),
                pl.lit(YEAR).alias("year"),
                "staff",
                "average_wage",
                pl.lit("bench").alias("source"),
                pl.lit("bench").alias("recorded_by"),
                pl.col("created_at").alias("recorded_at"),
            ),
        )
        bulk_insert(conn, declared_employee, _declared(rng, people, n_emp, n_decl))
    set_local_wage(engine, SYSTEM, "33", YEAR, Decimal(100_000))


def _bench_review(engine: Engine, t: Timings, label: str) -> None:
    policies = load_policies()
    with t.measure(f"{label}: review end to end (read, verify, levy, store)"):
        summary, _ = run_review(engine, SYSTEM, YEAR, policies=policies)
    employers, declared = load_inputs(engine, SYSTEM, YEAR)
    people = people_on(engine, AS_OF, declared["person_id"].drop_nulls().unique().to_list())
    with t.measure(
        f"{label}: review columnar only ({employers.height:,} employers, "
        f"{declared.height:,} declared)"
    ):
        assess(policies, employers, declared, people, AS_OF)
    t.results[f"{label}: employers reviewed"] = summary.employers
    t.results[f"{label}: declared employees"] = summary.declared


def _bench_matching(engine: Engine, seekers: int, postings: int, t: Timings) -> None:
    rng = np.random.default_rng(9)
    snap = (
        snapshot(engine, AS_OF, SYSTEM)
        .filter(pl.col("certificate_valid") & pl.col("age").is_between(16, 59))
        .head(seekers)
    )
    acc = list(ACCOMMODATIONS)
    s = snap.select(
        pl.int_range(1, pl.len() + 1).alias("id"),
        "person_id",
        pl.col("hukou_region").alias("region"),
        pl.Series(
            [",".join(rng.choice(SKILLS, 3, replace=False)) for _ in range(snap.height)]
        ).alias("skills"),
        pl.Series(
            [
                ",".join(rng.choice(acc, rng.integers(0, 2), replace=False))
                for _ in range(snap.height)
            ]
        ).alias("needs"),
        pl.lit("active").alias("status"),
        pl.lit(AS_OF).alias("registered_on"),
        pl.lit("bench").alias("created_by"),
    )
    regions = snap.get_column("hukou_region").unique().to_list()
    p = pl.DataFrame(
        {
            "id": np.arange(1, postings + 1),
            "employer_id": rng.integers(1, 1000, postings),
            "title": "岗位",
            "region": rng.choice(regions, postings),
            "categories": [
                ",".join(
                    map(str, sorted(rng.choice(range(1, 8), rng.integers(1, 5), replace=False)))
                )
                for _ in range(postings)
            ],
            "grades": [",".join(map(str, range(int(g), 5))) for g in rng.integers(1, 4, postings)],
            "skills": [
                ",".join(rng.choice(SKILLS, rng.integers(0, 3), replace=False))
                for _ in range(postings)
            ],
            "accommodations": [
                ",".join(rng.choice(acc, rng.integers(0, 3), replace=False))
                for _ in range(postings)
            ],
            "openings": 3,
            "filled": 0,
            "status": "open",
            "posted_on": AS_OF,
            "created_by": "bench",
        }
    )
    with engine.begin() as conn:
        bulk_insert(conn, job_seeker, s)
        bulk_insert(conn, job_posting, p)
    with t.measure(f"sqlite: match {s.height:,} seekers × {postings:,} postings end to end"):
        result = match_jobs(engine, SYSTEM, AS_OF)
    sf, pf = seekers_frame(engine, SYSTEM, AS_OF), postings_frame(engine, SYSTEM)
    with t.measure("sqlite: match columnar only"):
        match(sf, pf)
    t.results["matches ranked"] = result.height


def run(
    persons: int = 300_000,
    employers: int = 50_000,
    declared: int = 200_000,
    seekers: int = 10_000,
    postings: int = 5_000,
) -> dict[str, Any]:
    """Run the employment benchmark on SQLite and return its figures."""
    t = Timings()
    with tempfile.TemporaryDirectory(prefix="zhucan-bench-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        _load(engine, persons, employers, declared, t)
        _bench_review(engine, t, "sqlite")
        _bench_matching(engine, seekers, postings, t)
        engine.dispose()
    return dict(t.results)
