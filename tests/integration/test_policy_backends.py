"""Polars, SQL and the explainer decide the same for every person (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from sqlalchemy import Engine

from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor
from zhucan.policy.evaluate import evaluate
from zhucan.policy.explain import explain_person
from zhucan.policy.loader import load_policies
from zhucan.policy.sql_eval import evaluate_sql
from zhucan.policy.sql_snapshot import snapshot_select
from zhucan.registry.snapshot import snapshot
from zhucan.registry.tables import fact
from zhucan.registry.write import Provenance, write_people
from zhucan.storage.bulk import bulk_insert
from zhucan.synth.population import generate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "policies"
ADMIN = Actor("admin", "admin", "")
REFORM = "zhejiang.living_subsidy.income_test"
VILLAGES = pl.DataFrame(
    {
        "code": ["331102001001", "331121001001", "330102001001", "110101001001", "500101001001"],
        "urban": [False, False, True, True, False],
    }
)
BENEFITS = ["工伤保险生活护理费", "老年护理补贴"]


def _load(engine: Engine, n: int, seed: int) -> None:
    frame = generate(VILLAGES, n, seed, date(2025, 6, 1))
    rng = np.random.default_rng(seed)
    assistance = rng.choice(["none", "dibao", "dibao_edge", "tekun"], n).tolist()
    frame = frame.with_columns(pl.Series("assistance", assistance))
    with engine.begin() as conn:
        write_people(conn, frame, get_cipher(), Provenance("test", "t", datetime(2025, 6, 1)))
    kinds = {
        "household_income_per_head": lambda: f"{rng.integers(0, 300000) / 100:.2f}",
        "personal_income": lambda: str(rng.integers(0, 2000)),
        "self_care": lambda: str(rng.choice(["none", "partial", "full"])),
        "similar_allowance": lambda: f"{rng.integers(0, 40000) / 100:.2f}",
        "institutional_care": lambda: str(rng.choice(["true", "false"])),
        "other_benefit": lambda: str(rng.choice(BENEFITS)),
    }
    rows = [
        (pid, kind, make(), date(2020 + int(rng.integers(0, 5)), 1, 1))
        for pid in range(1, n + 1)
        for kind, make in kinds.items()
        if rng.random() < 0.6
    ]
    facts = pl.DataFrame(
        rows, schema=["person_id", "kind", "value", "valid_from"], orient="row"
    ).with_columns(
        pl.int_range(10_000_000, 10_000_000 + len(rows)).alias("id"),
        pl.lit(None, pl.Date).alias("valid_to"),
        pl.lit("test").alias("source"),
        pl.lit("t").alias("recorded_by"),
        pl.lit(datetime(2025, 6, 1)).alias("recorded_at"),
        pl.lit(None, pl.Datetime("us")).alias("retracted_at"),
    )
    with engine.begin() as conn:
        bulk_insert(conn, fact, facts)


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort("person_id", "program")


@pytest.mark.parametrize("as_of", [date(2023, 6, 1), date(2024, 6, 1), date(2025, 3, 1)])
def test_polars_sql_and_explain_agree(engine: Engine, as_of: date) -> None:
    _load(engine, 150, seed=as_of.year)
    policies = load_policies(FIXTURES)
    reforms = [REFORM] if as_of.year == 2025 else []
    snap = snapshot(engine, as_of, ADMIN)
    by_polars = _sorted(evaluate(policies, snap, as_of, reforms=reforms))
    by_sql = _sorted(evaluate_sql(engine, policies, as_of, reforms=reforms))
    assert by_polars.height == snap.height * 2
    assert by_sql.equals(by_polars)
    decided = {(r["person_id"], r["program"]): r for r in by_polars.to_dicts()}
    for person in snap.to_dicts():
        for program in ("living_subsidy", "nursing_subsidy"):
            e = explain_person(policies, person, as_of, program, reforms)
            row = decided[person["person_id"], program]
            assert (e.eligible, e.amount_fen, e.failed, e.policy, e.version) == (
                row["eligible"],
                row["amount_fen"],
                row["failed"],
                row["policy"],
                row["version"],
            ), person
    assert by_polars["eligible"].any() and not by_polars["eligible"].all()


def test_sql_snapshot_matches_polars_snapshot(engine: Engine) -> None:
    _load(engine, 80, seed=3)
    as_of = date(2024, 6, 1)
    snap = snapshot(engine, as_of, ADMIN)
    query = snapshot_select(engine.dialect.name, as_of)
    with engine.connect() as conn:
        sql = pl.read_database(query.select(), conn, infer_schema_length=None)
    sql = sql.sort("person_id").with_columns(
        pl.col("other_benefits")
        .str.strip_chars("\x1f")
        .str.split("\x1f")
        .list.eval(pl.element().filter(pl.element() != ""))
        .list.unique()
        .list.sort()
    )
    for column in snap.columns:
        left = snap.get_column(column)
        right = sql.get_column(column).cast(left.dtype)
        assert left.equals(right), column


def test_region_filter(engine: Engine) -> None:
    _load(engine, 60, seed=5)
    policies = load_policies(FIXTURES)
    as_of = date(2024, 6, 1)
    part = evaluate_sql(engine, policies, as_of, region="331102")
    snap = snapshot(engine, as_of, ADMIN, region="331102")
    assert set(part["person_id"]) == set(snap["person_id"])
