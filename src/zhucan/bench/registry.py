"""Registry benchmark: generate and load N people, snapshot them, import a large sheet.

Targets (issue 2): 1,000,000 people generated and loaded in under 60 s into SQLite and into
PostgreSQL; an as-of snapshot of 1,000,000 people into Polars in under 5 s from either;
a 100,000-row xlsx imported in under 30 s.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from zhucan.access.crypto import get_cipher
from zhucan.access.scope import SYSTEM
from zhucan.bench.timer import Timings, err
from zhucan.registry.regions import load_regions
from zhucan.registry.rows import Provenance
from zhucan.registry.service import import_persons, villages_of
from zhucan.registry.snapshot import snapshot
from zhucan.registry.write import write_people
from zhucan.storage.engine import make_engine
from zhucan.storage.migrate import upgrade
from zhucan.synth.population import generate

AS_OF = date(2025, 6, 30)
PROVINCE = "33"


def _load(engine: Engine, persons: int, t: Timings, label: str) -> None:
    upgrade(engine)
    load_regions(engine, [PROVINCE])
    villages = villages_of(engine, PROVINCE)
    with t.measure(f"{label}: generate {persons:,}"):
        frame = generate(villages, persons, 7, AS_OF)
    with t.measure(f"{label}: load {persons:,}"), engine.begin() as conn:
        write_people(conn, frame, get_cipher(), Provenance("bench", "bench", datetime.now()))
    t.results[f"{label}: generate+load {persons:,}"] = round(
        t.results[f"{label}: generate {persons:,}"] + t.results[f"{label}: load {persons:,}"], 3
    )
    with t.measure(f"{label}: as-of snapshot {persons:,}"):
        snap = snapshot(engine, AS_OF, SYSTEM)
    assert snap.height == persons, (snap.height, persons)


def _import_sheet(engine: Engine, rows: int, workdir: Path, t: Timings, label: str) -> None:
    from zhucan.synth.messy import write_messy_sheet

    frame = generate(villages_of(engine, "3311"), rows, 99, AS_OF)
    path = workdir / "import.xlsx"
    write_messy_sheet(frame, path, seed=99, error_rate=0.0)
    with t.measure(f"{label}: import {rows:,}-row xlsx"):
        summary = import_persons(engine, path, SYSTEM)
    err.print(
        f"    created {summary.created}, updated {summary.updated}, "
        f"unchanged {summary.unchanged}, rejected {len(summary.rejected)}"
    )


def run(
    persons: int = 1_000_000, import_rows: int = 100_000, postgres: bool = True
) -> dict[str, Any]:
    """Run the registry benchmark and return its timings."""
    t = Timings()
    with tempfile.TemporaryDirectory(prefix="zhucan-bench-") as tmp:
        work = Path(tmp)
        sqlite = make_engine(f"sqlite:///{work / 'bench.db'}")
        _load(sqlite, persons, t, "sqlite")
        _import_sheet(sqlite, import_rows, work, t, "sqlite")
        sqlite.dispose()
        if postgres:
            from zhucan.storage.pgserver import create_database, running_postgres

            with running_postgres() as base:
                pg = make_engine(create_database(base, "bench"))
                _load(pg, persons, t, "postgres")
                _import_sheet(pg, import_rows, work, t, "postgres")
                pg.dispose()
    return t.results
