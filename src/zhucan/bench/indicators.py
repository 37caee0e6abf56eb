"""Indicators benchmark: a synthetic province, every indicator for every region, and series.

Targets (issue 5): all indicators for every region of a 1,000,000-person province on one
as-of date in at most 3 s; five years of monthly series in at most 30 s. Figures are
reported, not asserted. Set-up (people, needs, services, facilities, subsidy enrolments, petitions,
graduates) is timed too.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Engine

from zhucan.access.crypto import get_cipher
from zhucan.bench.timer import Timings, err
from zhucan.indicators.service import all_regions, indicator_series
from zhucan.registry.regions import load_regions
from zhucan.registry.rows import Provenance
from zhucan.registry.service import villages_of
from zhucan.registry.write import write_people
from zhucan.storage.engine import make_engine
from zhucan.storage.migrate import upgrade
from zhucan.synth.facilities import generate_facilities
from zhucan.synth.population import generate
from zhucan.synth.programs import generate_programs
from zhucan.synth.support import generate_support

PROVINCE = "33"
AS_OF = date(2025, 6, 30)


def run(persons: int = 1_000_000, first_year: int = 2021, db: Path | None = None) -> dict[str, Any]:
    """Run the indicators benchmark on SQLite and return its timings and sizes.

    With ``db`` the database is kept at that path and built only if the file is missing,
    so repeated measurements skip the set-up (the file is trusted to match ``persons``).
    """
    t = Timings()
    if db is not None:
        return _measure(_database(db.resolve(), persons, first_year, t), first_year, t)
    with tempfile.TemporaryDirectory(prefix="zhucan-bench-") as tmp:
        return _measure(_database(Path(tmp) / "bench.db", persons, first_year, t), first_year, t)


def _database(path: Path, persons: int, first_year: int, t: Timings) -> Engine:
    """The synthetic province at ``path``: built if the file is missing, migrated always."""
    fresh = not path.exists()
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    if not fresh:
        err.print(f"  reusing {path}")
        return engine
    load_regions(engine, [PROVINCE])
    with t.measure(f"set-up: {persons:,} people"), engine.begin() as conn:
        frame = generate(villages_of(engine, PROVINCE), persons, 7, date(2021, 1, 1))
        write_people(conn, frame, get_cipher(), Provenance("bench", "bench", datetime.now()))
    with t.measure("set-up: facilities"):
        generate_facilities(engine, PROVINCE, AS_OF, seed=7)
    with t.measure(f"set-up: needs and services {first_year}–{AS_OF.year}"):
        rows = generate_support(engine, PROVINCE, AS_OF, seed=7, first_year=first_year)
    err.print(f"    {rows}")
    with t.measure(f"set-up: subsidy enrolments, petitions, graduates {first_year}–{AS_OF.year}"):
        counts = generate_programs(engine, PROVINCE.ljust(12, "0"), AS_OF, 7, first_year)
    err.print(f"    {counts}")
    return engine


def _measure(engine: Engine, first_year: int, t: Timings) -> dict[str, Any]:
    try:
        # The first computation in a process also starts the two SQLite reader processes
        # (about 0.3 s); a server or scheduler computes in a process that has them.
        with t.measure("all indicators, every region, one date (first in the process)"):
            table = all_regions(engine, PROVINCE, AS_OF)
        for run in (1, 2, 3):
            with t.measure(f"all indicators, every region, one date (again, {run} of 3)"):
                all_regions(engine, PROVINCE, AS_OF)
        regions = table.select(pl.col("region").n_unique()).item()
        with t.measure(f"monthly series {first_year}-01 … {AS_OF:%Y-%m} (province)"):
            series = indicator_series(engine, PROVINCE, date(first_year, 1, 1), AS_OF)
        with t.measure(f"monthly series {first_year}-01 … {AS_OF:%Y-%m} (+ cities)"):
            indicator_series(engine, PROVINCE, date(first_year, 1, 1), AS_OF, children=True)
    finally:
        engine.dispose()
    results: dict[str, Any] = dict(t.results)
    results["regions computed (count)"] = regions
    results["series dates (count)"] = series.select(pl.col("date").n_unique()).item()
    return results
