"""Indicators from other contexts' tables (两项补贴, 信访, 高校毕业生): hand-computed values."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import polars as pl
from sqlalchemy import Engine
from tests.factories import person_frame, person_row

from zhucan.access.crypto import get_cipher
from zhucan.benefits.tables import enrollment, payment_line, payment_run
from zhucan.cases.tables import case_file
from zhucan.employment.job_tables import graduate
from zhucan.indicators.progress import plan_progress
from zhucan.indicators.service import compute_indicators, indicator_series
from zhucan.registry.rows import Provenance
from zhucan.registry.tables import region
from zhucan.registry.write import write_people
from zhucan.storage.bulk import read_frame

AS_OF = date(2024, 6, 30)
NOW = datetime(2024, 1, 5)
REGIONS = [
    ("331100000000", "丽水市", 2, "330000000000"),
    ("331102000000", "莲都区", 3, "331100000000"),
    ("331102001000", "甲街道", 4, "331102000000"),
    ("331102002000", "乙镇", 4, "331102000000"),
    ("331102001001", "一村", 5, "331102001000"),
    ("331102001002", "二村", 5, "331102001000"),
    ("331102002001", "三村", 5, "331102002000"),
]
PROGRAM_IDS = (
    "living_subsidy_coverage",
    "nursing_subsidy_coverage",
    "petition_closure_rate",
    "petition_closed",
    "graduate_employment_rate",
)


def _enrol(pid: int, program: str, start: str, end: str | None = None, **kw: Any) -> dict[str, Any]:
    return {
        "person_id": pid, "program": program, "region": "331102000000", "start_month": start,
        "end_month": end, "suspended_from": kw.get("suspended"), "source": "test",
        "created_by": "t", "created_at": NOW, "updated_at": NOW,
    }  # fmt: skip


def _line(line_id: int, pid: int, program: str, status: str) -> dict[str, Any]:
    return {
        "id": line_id, "run_id": 1, "person_id": pid, "program": program, "month": "2024-06",
        "seq": 0, "kind": "regular", "amount_fen": 10000, "entitled_fen": 10000, "booked_fen": 0,
        "reason": "test", "region": "331102001001", "status": status, "created_at": NOW,
    }  # fmt: skip


def _case(
    case_id: int, kind: str, where: str, received: date, due: date, closed: date | None
) -> dict[str, Any]:
    return {
        "id": case_id, "kind": kind, "category": "benefits", "region": where,
        "assigned_region": "331102000000", "summary": "测试", "received_on": received,
        "extension_days": 0, "due_on": due, "escalation_level": 0,
        "status": "closed" if closed else "open", "closed_on": closed, "source": "hotline",
        "created_by": "t", "created_at": NOW,
    }  # fmt: skip


def _graduate(pid: int, year: int, where: str, status: str) -> dict[str, Any]:
    return {
        "person_id": pid, "year": year, "region": where, "school": "某大学", "plan": "一人一策",
        "status": status, "updated_on": date(year, 6, 1), "updated_by": "t",
    }  # fmt: skip


def _world(engine: Engine) -> dict[int, int]:
    """Four people (three eligible for both subsidies), enrolments, lines, cases, graduates."""
    with engine.begin() as conn:
        conn.execute(
            region.insert(),
            [dict(zip(("code", "name", "level", "parent_code"), r, strict=True)) for r in REGIONS],
        )
        rows = [
            person_row(1, hukou_region="331102001001"),
            person_row(2, hukou_region="331102001002"),
            person_row(3, hukou_region="331102002001", assistance="none", grade=4,
                       needs_long_term_care=False),
            person_row(4, hukou_region="331102002001"),
        ]  # fmt: skip
        write_people(
            conn, person_frame(*rows), get_cipher(), Provenance("test", "t", datetime(2020, 1, 1))
        )
    ids = read_frame(engine, "SELECT id FROM person ORDER BY id")["id"]
    pid = {seq: int(ids[seq - 1]) for seq in range(1, 5)}
    with engine.begin() as conn:
        conn.execute(
            enrollment.insert(),
            [
                _enrol(pid[1], "living_subsidy", "2023-01"),  # covered
                _enrol(pid[2], "living_subsidy", "2023-01", suspended="2024-05"),  # suspended
                _enrol(pid[2], "nursing_subsidy", "2023-01", "2024-03"),  # ended
                _enrol(pid[3], "living_subsidy", "2023-01"),  # not eligible: not counted
                _enrol(pid[4], "nursing_subsidy", "2024-01"),  # covered
            ],
        )
        conn.execute(
            payment_run.insert(),
            [{
                "id": 1, "period": "2024-06", "region": "3311", "program": "nursing_subsidy",
                "state": "paid", "revision": 1, "line_count": 2, "total_fen": 20000,
                "created_by": "t", "created_at": NOW, "updated_at": NOW,
            }],
        )  # fmt: skip
        conn.execute(
            payment_line.insert(),
            [
                _line(1, pid[1], "nursing_subsidy", "paid"),  # paid without an enrolment
                _line(2, pid[4], "living_subsidy", "failed"),  # a failed line covers nobody
            ],
        )
        conn.execute(
            case_file.insert(),
            [
                _case(1, "petition", "331102001001", date(2024, 2, 1), date(2024, 3, 1),
                      date(2024, 2, 20)),  # on time
                _case(2, "petition", "331102002001", date(2024, 3, 1), date(2024, 4, 1),
                      date(2024, 4, 10)),  # late
                _case(3, "petition", "331102002001", date(2024, 6, 1), date(2024, 7, 1), None),
                _case(4, "hotline", "331102001001", date(2024, 3, 1), date(2024, 3, 15),
                      date(2024, 3, 2)),  # not a petition
                _case(5, "petition", "331102001002", date(2023, 12, 1), date(2023, 12, 31),
                      date(2023, 12, 10)),  # last year
                _case(6, "petition", "331102001002", date(2024, 5, 1), date(2024, 6, 1),
                      date(2024, 7, 5)),  # closed after the date
            ],
        )  # fmt: skip
        conn.execute(
            graduate.insert(),
            [
                _graduate(pid[1], 2024, "331102001001", "employed"),
                _graduate(pid[2], 2024, "331102001002", "further_study"),  # no job wanted
                _graduate(pid[3], 2024, "331102002001", "seeking"),
                _graduate(pid[4], 2024, "331102002001", "flexible"),
                _graduate(pid[2], 2023, "331102001002", "not_seeking"),
            ],
        )
    return pid


def _by(rows: list[dict[str, Any]], indicator: str) -> dict[str, tuple[int, int, object]]:
    return {
        r["region"]: (r["numerator"], r["denominator"], r["value"])
        for r in rows
        if r["indicator"] == indicator
    }


def test_hand_computed_program_indicators(engine: Engine) -> None:
    _world(engine)
    rows = compute_indicators(engine, "331102", AS_OF)
    county, town1, town2 = "331102000000", "331102001000", "331102002000"
    living = _by(rows, "living_subsidy_coverage")
    assert living[county] == (1, 3, 33.33)
    assert living[town1] == (1, 2, 50.0) and living[town2] == (0, 1, 0.0)
    nursing = _by(rows, "nursing_subsidy_coverage")
    assert nursing[county] == (2, 3, 66.67)
    assert nursing[town1] == (1, 2, 50.0) and nursing[town2] == (1, 1, 100.0)
    petitions = _by(rows, "petition_closure_rate")  # #3 is open but not yet due: left out
    assert petitions[county] == (1, 3, 33.33)
    assert petitions[town1] == (1, 2, 50.0) and petitions[town2] == (0, 1, 0.0)
    assert _by(rows, "petition_closed")[county] == (2, 0, 2)
    graduates = _by(rows, "graduate_employment_rate")
    assert graduates[county] == (2, 3, 66.67)
    assert graduates[town1] == (1, 1, 100.0) and graduates[town2] == (1, 2, 50.0)


def test_program_indicators_add_up_at_every_level_and_date(engine: Engine) -> None:
    _world(engine)
    frame = indicator_series(
        engine, "3311", date(2023, 12, 1), AS_OF, "year", children=True
    ).filter(pl.col("indicator").is_in(PROGRAM_IDS))
    for day in (date(2023, 12, 31), AS_OF):
        at = frame.filter(frame["date"] == day)
        city = {r["indicator"]: r for r in at.filter(at["level"] == 2).iter_rows(named=True)}
        counties = (
            at.filter(at["level"] == 3)
            .group_by("indicator")
            .agg(pl.col("numerator").sum(), pl.col("denominator").sum())
        )
        for r in counties.iter_rows(named=True):
            top = city[r["indicator"]]
            assert (r["numerator"], r["denominator"]) == (top["numerator"], top["denominator"])
    last_year = frame.filter((frame["date"] == date(2023, 12, 31)) & (frame["level"] == 2))
    got = {
        r["indicator"]: (r["numerator"], r["denominator"]) for r in last_year.iter_rows(named=True)
    }
    assert got["petition_closure_rate"] == (1, 1)  # case 5, closed on time
    assert got["graduate_employment_rate"] == (0, 0)  # the 2023 graduate wants no job
    # every town sums to its county on the as-of date (villages likewise)
    towns = compute_indicators(engine, "331102001", AS_OF)
    for ind in PROGRAM_IDS:
        here = _by(towns, ind)
        village_sum = [sum(v[i] for k, v in here.items() if k != "331102001000") for i in (0, 1)]
        assert village_sum == list(here["331102001000"][:2]), ind


def test_plan_progress_shows_program_targets(engine: Engine) -> None:
    _world(engine)
    rows = {r["indicator"]: r for r in plan_progress(engine, "jiaxing-2021-2025", "331102", AS_OF)}
    assert rows["petition_closure_rate"]["actual"] == 33.33
    assert rows["petition_closure_rate"]["status"] is not None
    assert rows["living_subsidy_coverage"]["actual"] == 33.33
    assert rows["graduate_employment_rate"]["actual"] == 66.67
