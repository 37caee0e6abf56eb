"""Web load benchmark (issue 6): the pages under 50 concurrent clients at 1,000,000 people.

Targets, over loopback with 1,000,000 people in PostgreSQL and 50 concurrent clients:
person search p95 <= 100 ms, person file p95 <= 200 ms, dashboard p95 <= 500 ms.

A throwaway PostgreSQL is started and loaded with the registry bench's generator and bulk
writer (seed 7), a county officer (the county with the most people) and a planner are
created, the app runs under uvicorn in a separate process (``--workers 2`` by default, as
a deployment runs it), and :mod:`zhucan.bench.web_client` drives the clients from another
process. Request lists are drawn from the county's people with a fixed seed, so two runs
send the same requests. Clients are closed-loop without think time (the worst case)
unless ``think`` is given.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import numpy as np
import polars as pl
from sqlalchemy import Engine, text

from zhucan.access.crypto import get_cipher
from zhucan.access.scope import SYSTEM, Role
from zhucan.access.users import add_user
from zhucan.bench.registry import AS_OF, PROVINCE
from zhucan.bench.timer import Timings, err
from zhucan.indicators.store import refresh
from zhucan.registry.regions import load_regions
from zhucan.registry.rows import Provenance
from zhucan.registry.service import villages_of
from zhucan.registry.write import write_people
from zhucan.storage.engine import make_engine
from zhucan.storage.migrate import upgrade
from zhucan.storage.pgserver import free_port
from zhucan.synth.population import generate

OFFICER = "bench_officer"
PLANNER = "bench_planner"
PASSWORD = "bench-password-123"
SEED = 6
SCENARIOS = ("search", "file", "dashboard")
TARGETS_MS = {"search": 100.0, "file": 200.0, "dashboard": 500.0}


@dataclass(frozen=True)
class Population:
    """The loaded county: its code and a sample of its people (ids and identifiers)."""

    county: str
    sample: pl.DataFrame  # id, name, citizen_id, masked, category, grade


def load(engine: Engine, persons: int, t: Timings) -> pl.DataFrame:
    """Create the schema and load ``persons`` synthetic people; the generated frame."""
    upgrade(engine)
    load_regions(engine, [PROVINCE])
    frame = generate(villages_of(engine, PROVINCE), persons, 7, AS_OF)
    with t.measure(f"load {persons:,} people into PostgreSQL"), engine.begin() as conn:
        write_people(conn, frame, get_cipher(), Provenance("bench", "bench", datetime.now()))
    with t.measure("VACUUM ANALYZE"), engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    return frame


def pick_county(engine: Engine, frame: pl.DataFrame, size: int) -> Population:
    """The county with the most people, and ``size`` of its living people drawn with SEED."""
    with engine.connect() as conn:
        county = conn.execute(
            text(
                "SELECT substr(region, 1, 6) FROM person GROUP BY 1 ORDER BY count(*) DESC, 1 "
                "LIMIT 1"
            )
        ).scalar_one()
    people = frame.filter(
        pl.col("hukou_region").str.starts_with(county) & pl.col("death_date").is_null()
    ).select("citizen_id", "name", "category", "grade")
    rng = np.random.default_rng(SEED)
    chosen = people[rng.choice(people.height, min(size, people.height), replace=False).tolist()]
    bidx = get_cipher().blind_index_many(chosen["citizen_id"].to_list())
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT citizen_id_bidx, id, citizen_id_masked FROM person "
                "WHERE citizen_id_bidx = ANY(:b)"
            ),
            {"b": bidx},
        ).all()
    ids = pl.DataFrame(
        rows, schema={"bidx": pl.String, "id": pl.Int64, "masked": pl.String}, orient="row"
    )
    sample = chosen.with_columns(pl.Series("bidx", bidx, pl.String)).join(ids, on="bidx")
    return Population(county, sample.drop("bidx"))


def make_users(engine: Engine, county: str) -> dict[str, str]:
    """A county officer and a planner of ``county``; their passwords by username."""
    jurisdiction = county + "000000"
    for name, role in ((OFFICER, Role.COUNTY_OFFICER), (PLANNER, Role.PLANNER)):
        add_user(engine, SYSTEM, name, PASSWORD, role, jurisdiction, replace=True)
    return {OFFICER: PASSWORD, PLANNER: PASSWORD}


def search_requests(sample: pl.DataFrame, n: int) -> list[tuple[str, str]]:
    """Name prefixes (surname and first given character), citizen IDs, certificate numbers."""
    rows = sample.head(n).to_dicts()
    out = []
    for i, row in enumerate(rows):
        kind = i % 3
        if kind == 0:
            out.append((f"/persons?q={row['name'][:2]}", "查询结果"))
        elif kind == 1:
            out.append((f"/persons?q={row['citizen_id']}", row["masked"]))
        else:
            cert = f"{row['citizen_id']}{row['category']}{row['grade']}"
            out.append((f"/persons?q={cert}", row["masked"]))
    return out


def file_requests(sample: pl.DataFrame, n: int) -> list[tuple[str, str]]:
    """Person files of the sample, in sample order."""
    return [(f"/persons/{r['id']}", r["masked"]) for r in sample.head(n).to_dicts()]


@contextmanager
def serving(db_url: str, workers: int) -> Iterator[str]:
    """The app as ``zhucan serve`` runs it, in a separate process; yield its base URL."""
    port = free_port()
    env = {**os.environ, "ZHUCAN_DATABASE_URL": db_url}
    cmd = [
        sys.executable,
        "-m",
        "zhucan",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
    ]
    # Its own process group, so that the workers stop with it even while busy.
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with {proc.returncode}")
            try:
                if httpx.get(f"{base}/login", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")
        yield base
    finally:
        _stop_group(proc)


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server and its workers: SIGTERM to the group, SIGKILL after 30 s."""
    for sig, grace in ((signal.SIGTERM, 30.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(grace)
            break
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):  # a worker that outlived its master
        os.killpg(proc.pid, signal.SIGKILL)


def dashboard_requests(
    engine: Engine, county: str, n: int, t: Timings
) -> tuple[str, list[tuple[str, str]]]:
    """The county's indicator dashboard (its values stored first)."""
    code = county + "000000"
    with t.measure(f"indicators refresh {code} for the dashboard"):
        refresh(engine, code, AS_OF)
    url = f"/indicators?region={code}&as_of={AS_OF.isoformat()}"
    return "dashboard /indicators", [(url, 'id="charts"')] * n


def drive(job: dict[str, Any]) -> dict[str, Any]:
    """Run the load driver in its own process and return its figures."""
    done = subprocess.run(
        [sys.executable, "-m", "zhucan.bench.web_client"],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the load driver failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _audited_views(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM audit_log WHERE action = 'person.view'")
            ).scalar_one()
        )


def run(
    persons: int = 1_000_000,
    clients: int = 50,
    requests: int = 3000,
    workers: int = 2,
    scenarios: str = ",".join(SCENARIOS),
    thinks: Sequence[float] = (1.0, 0.0),
) -> dict[str, Any]:
    """Run the web benchmark; figures per scenario and think time (ms, requests per second,
    errors). Each think time is one pass over every scenario: 1 s between a client's
    requests is a caseworker's pace; 0 is a closed loop (the worst case)."""
    from zhucan.storage.pgserver import create_database, running_postgres

    wanted = [s.strip() for s in scenarios.split(",") if s.strip()]
    unknown = set(wanted) - set(SCENARIOS)
    if unknown:
        raise ValueError(f"unknown scenarios {sorted(unknown)}; choose from {SCENARIOS}")
    t = Timings()
    warmup = min(200, requests // 10)
    with running_postgres() as base_url:
        db_url = create_database(base_url, "web")
        engine = make_engine(db_url)
        frame = load(engine, persons, t)
        population = pick_county(engine, frame, requests + warmup)
        del frame
        users = make_users(engine, population.county)
        n = population.sample.height
        err.print(
            f"  county {population.county}: sample of {n:,} people; {clients} clients, "
            f"{requests:,} requests per scenario after {warmup} warm-up; zhucan serve --workers "
            f"{workers}; "
            + "think times "
            + ", ".join(f"{x:g} s" if x else "0 (closed loop)" for x in thinks)
        )
        plan: list[dict[str, Any]] = []
        if "search" in wanted:
            plan.append(
                {
                    "name": "person search",
                    "user": OFFICER,
                    "requests": search_requests(population.sample, n),
                }
            )
        if "file" in wanted:
            plan.append(
                {
                    "name": "person file",
                    "user": OFFICER,
                    "requests": file_requests(population.sample, n),
                }
            )
        views_before = _audited_views(engine)
        with serving(db_url, workers) as base:
            if "dashboard" in wanted:
                name, reqs = dashboard_requests(engine, population.county, n, t)
                plan.append({"name": name, "user": PLANNER, "requests": reqs})
            job = {"base": base, "users": users, "scenarios": plan, "clients": clients}
            figures = {
                (f"think {think:g} s" if think else "closed loop", name): f
                for think in thinks
                for name, f in drive({**job, "warmup": warmup, "think": think}).items()
            }
        views = _audited_views(engine) - views_before
        engine.dispose()
    results: dict[str, Any] = dict(t.results)
    for (mode, scenario), f in figures.items():
        name = f"{scenario} ({mode})"
        err.print(
            f"  {name}: p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms, p99 "
            f"{f['p99_ms']} ms, max {f['max_ms']} ms, {f['throughput_rps']} req/s, "
            f"{f['errors']} errors of {f['requests']}, load average {f['load_avg_1m']}"
        )
        for sample in f["error_samples"]:
            err.print(f"    error: {sample}")
        for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms"):
            results[f"{name}: {key.removesuffix('_ms')} (ms)"] = f[key]
        results[f"{name}: throughput (req/s)"] = f["throughput_rps"]
        results[f"{name}: errors (count)"] = f["errors"]
        results[f"{name}: load average (1 min)"] = f["load_avg_1m"]
    if "file" in wanted:
        results["person file views audited (count)"] = views
    return results
