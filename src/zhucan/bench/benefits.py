"""Benefits benchmark: a province month (evaluate, write every line, export the bank file)
and a feed of death records matched and alerted.

Targets (issue 4): a month for 1,000,000 people ≤ 60 s on PostgreSQL and on SQLite; a
feed of 100,000 death records matched and alerted ≤ 10 s.
"""

from __future__ import annotations

import csv
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Engine

from zhucan.access.crypto import get_cipher
from zhucan.access.scope import SYSTEM, Actor, Role
from zhucan.bench.timer import Timings, err
from zhucan.benefits.bank import set_accounts
from zhucan.benefits.export import export_bank_file
from zhucan.benefits.feeds.formats import FeedKind
from zhucan.benefits.feeds.service import import_feed
from zhucan.benefits.run_steps import approve_run, check_run
from zhucan.benefits.runs import run_payments
from zhucan.benefits.settings import set_auto_enrol
from zhucan.core.period import Month
from zhucan.registry.regions import load_regions
from zhucan.registry.rows import Provenance
from zhucan.registry.service import villages_of
from zhucan.registry.write import write_people
from zhucan.storage.engine import make_engine
from zhucan.storage.migrate import upgrade
from zhucan.synth.population import generate

AS_OF = date(2025, 6, 30)
PERIOD = Month(2025, 7)
PROVINCE = "33"
PROGRAM = "nursing_subsidy"
APPROVER = Actor("bench-approver", Role.COUNTY_OFFICER, "")


def _setup(engine: Engine, persons: int) -> pl.DataFrame:
    upgrade(engine)
    load_regions(engine, [PROVINCE])
    frame = generate(villages_of(engine, PROVINCE), persons, 7, AS_OF)
    now = datetime(2025, 6, 30, 12)
    with engine.begin() as conn:
        write_people(conn, frame, get_cipher(), Provenance("bench", "bench", now))
        ids = pl.int_range(1, frame.height + 1, dtype=pl.Int64, eager=True)
        accounts = pl.DataFrame(
            {
                "person_id": ids,
                "bank_name": "农业银行",
                "holder_name": frame["name"],
                "account": "62284800" + ids.cast(pl.String).str.zfill(10),
            }
        )
        set_accounts(conn, accounts, SYSTEM, now)
    set_auto_enrol(engine, SYSTEM, PROGRAM, True)
    return frame


def _month(engine: Engine, work: Path, t: Timings, label: str, persons: int) -> None:
    with t.measure(f"{label}: run {persons:,} (evaluate + write lines)"):
        s = run_payments(engine, SYSTEM, PERIOD, PROVINCE, PROGRAM, now=datetime(2025, 7, 5))
    err.print(f"    lines {s.new_lines:,}, {s.new_fen / 100:,.2f} 元, enrolled {s.enrolled:,}")
    with t.measure(f"{label}: check + approve"):
        check_run(engine, SYSTEM, PERIOD, PROVINCE, PROGRAM)
        approve_run(engine, APPROVER, PERIOD, PROVINCE, PROGRAM)
    with t.measure(f"{label}: export bank file (csv)"):
        export_bank_file(engine, SYSTEM, PERIOD, PROVINCE, PROGRAM, work / f"{label}.csv")
    run_key, export_key = (f"{label}: run {persons:,} (evaluate + write lines)",
                           f"{label}: export bank file (csv)")  # fmt: skip
    t.results[f"{label}: province month total"] = round(
        t.results[run_key] + t.results[f"{label}: check + approve"] + t.results[export_key], 3
    )


def _deaths(
    engine: Engine, frame: pl.DataFrame, rows: int, work: Path, t: Timings, label: str
) -> None:
    path = work / f"deaths-{label}.csv"
    sample = frame.sample(min(rows, frame.height), seed=3)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["身份证号", "姓名", "变动类型", "变动日期"])
        w.writerows(
            (c, n, "死亡", "2025-06-15") for c, n in sample.select("citizen_id", "name").iter_rows()
        )
    with t.measure(f"{label}: feed {sample.height:,} deaths (match, facts, alerts)"):
        s = import_feed(engine, SYSTEM, FeedKind.PUBLIC_SECURITY, path, as_of=date(2025, 7, 20))
    err.print(f"    matched {s.matched:,}, facts {s.opened:,}, alerts {s.alerts}")


def run(
    persons: int = 1_000_000, feed_rows: int = 100_000, postgres: bool = True
) -> dict[str, Any]:
    """Run the benefits benchmark and return its timings."""
    t = Timings()
    with tempfile.TemporaryDirectory(prefix="zhucan-bench-") as tmp:
        work = Path(tmp)
        sqlite = make_engine(f"sqlite:///{work / 'bench.db'}")
        frame = _setup(sqlite, persons)
        _month(sqlite, work, t, "sqlite", persons)
        _deaths(sqlite, frame, feed_rows, work, t, "sqlite")
        sqlite.dispose()
        if postgres:
            from zhucan.storage.pgserver import create_database, running_postgres

            with running_postgres() as base:
                pg = make_engine(create_database(base, "bench"))
                frame = _setup(pg, persons)
                _month(pg, work, t, "postgres", persons)
                _deaths(pg, frame, feed_rows, work, t, "postgres")
                pg.dispose()
    return t.results
