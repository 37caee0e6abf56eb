"""A run killed with SIGKILL while writing, then restarted; two runs started at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benefits_support import add_people, auto, people, run
from sqlalchemy import Engine, func, select

from zhucan.benefits.tables import payment_line, payment_run
from zhucan.core.errors import Conflict

TESTS = Path(__file__).resolve().parents[1]
N = 40
CHILD = """
import pathlib, sys, time
sys.path[:0] = [{tests!r}, {integration!r}]
import zhucan.benefits.runs as runs
from benefits_support import run
from zhucan.storage.engine import make_engine
original = runs.bulk_insert
def half_then_hang(conn, table, frame):
    original(conn, table, frame.slice(0, frame.height // 2))
    pathlib.Path({marker!r}).write_text("half written")
    time.sleep(120)
    original(conn, table, frame.slice(frame.height // 2))
runs.bulk_insert = half_then_hang
run(make_engine({url!r}), "2025-01")
"""


def _count(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_kill_9_midway_then_restart_leaves_no_duplicate_and_no_gap(
    engine: Engine, tmp_path: Path
) -> None:
    add_people(engine, *people(N))
    auto(engine, "nursing_subsidy")
    marker = tmp_path / "marker"
    code = CHILD.format(
        tests=str(TESTS),
        integration=str(TESTS / "integration"),
        marker=str(marker),
        url=engine.url.render_as_string(hide_password=False),
    )
    child = subprocess.Popen([sys.executable, "-c", code], env=os.environ.copy())
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, "the run ended before it was killed"
        assert time.monotonic() < deadline, "the run never reached its write"
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert _count(engine, payment_line) == 0 and _count(engine, payment_run) == 0
    for _ in range(50):  # PostgreSQL may take a moment to end the dead session
        try:
            summary = run(engine, "2025-01")
            break
        except Conflict:
            time.sleep(0.2)
    assert summary.new_lines == N and _count(engine, payment_line) == N
    assert run(engine, "2025-01").new_lines == 0 and _count(engine, payment_line) == N
    with engine.connect() as conn:
        people_paid = conn.execute(select(func.count(payment_line.c.person_id.distinct())))
        assert people_paid.scalar_one() == N


RACER = """
import pathlib, sys, time
sys.path[:0] = [{tests!r}, {integration!r}]
import zhucan.benefits.runs as runs
from benefits_support import run
from zhucan.core.errors import Conflict
from zhucan.storage.engine import make_engine
original = runs.compute_lines
def computed_then_wait(*args, **kwargs):
    result = original(*args, **kwargs)
    pathlib.Path({me!r}).write_text("ready")
    while not pathlib.Path({other!r}).exists():
        time.sleep(0.01)
    return result
runs.compute_lines = computed_then_wait
try:
    run(make_engine({url!r}), "2025-01")
    print("WON")
except Conflict as exc:
    print("REFUSED", exc.zh, exc.en)
"""


def test_two_runs_at_once_one_wins_the_other_is_refused(engine: Engine, tmp_path: Path) -> None:
    add_people(engine, *people(10))
    auto(engine, "nursing_subsidy")
    url = engine.url.render_as_string(hide_password=False)
    ready = [tmp_path / "a", tmp_path / "b"]
    racers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                RACER.format(
                    tests=str(TESTS),
                    integration=str(TESTS / "integration"),
                    me=str(me),
                    other=str(other),
                    url=url,
                ),
            ],
            env=os.environ.copy(),
            stdout=subprocess.PIPE,
            text=True,
        )
        for me, other in (ready, ready[::-1])
    ]
    said = sorted(r.communicate(timeout=120)[0].strip() for r in racers)
    assert said[0].startswith("REFUSED") and said[1] == "WON", said
    assert "另一" in said[0] and "nothing was written" in said[0]
    assert _count(engine, payment_line) == 10 and _count(engine, payment_run) == 1
