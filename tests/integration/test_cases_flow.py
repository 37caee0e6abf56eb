"""Cases on SQLite and PostgreSQL: deadlines, escalation, closure indicators, home visits."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine, select

from factories import citizen_id, person_frame, person_row
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor
from zhucan.cases.deadlines import CaseKind
from zhucan.cases.indicators import closure_rate, on_time_rate
from zhucan.cases.service import (
    NewCase,
    accept_case,
    close_case,
    escalate_overdue,
    list_cases,
    open_case,
)
from zhucan.cases.tables import case_event
from zhucan.cases.visits import VisitRecord, plan_visits, record_visit
from zhucan.core.errors import Conflict, Forbidden
from zhucan.registry.rows import Provenance
from zhucan.registry.write import write_people
from zhucan.support.needs import NeedKind
from zhucan.support.tables import need

ADMIN = Actor("admin", "admin", "")
LIANDU = Actor("lw", "county_officer", "331102000000")
NOW = datetime(2024, 1, 5, 9)


def _petition(engine: Engine, received: date, region: str = "331102001001") -> int:
    new = NewCase(CaseKind.PETITION, "benefits", region, "补贴未按时发放", received)
    return open_case(engine, LIANDU, new, NOW)


def test_petition_passing_its_deadline_is_escalated(engine: Engine) -> None:
    case_id = _petition(engine, date(2024, 1, 20))
    assert accept_case(engine, LIANDU, case_id, date(2024, 2, 1), now=NOW) == date(2024, 4, 1)
    assert escalate_overdue(engine, LIANDU, date(2024, 3, 29), NOW)["reminded"] == [case_id]
    assert escalate_overdue(engine, LIANDU, date(2024, 4, 1), NOW)["escalated"] == []
    assert escalate_overdue(engine, LIANDU, date(2024, 4, 2), NOW)["escalated"] == [case_id]
    (case,) = list_cases(engine, LIANDU, overdue_on=date(2024, 4, 2))
    assert (case["escalation_level"], case["assigned_region"]) == (1, "331100000000")
    assert escalate_overdue(engine, LIANDU, date(2024, 4, 5), NOW)["escalated"] == []
    escalate_overdue(engine, LIANDU, date(2024, 4, 12), NOW)
    (case,) = list_cases(engine, LIANDU)
    assert (case["escalation_level"], case["assigned_region"]) == (2, "330000000000")
    with engine.connect() as conn:
        actions = conn.execute(select(case_event.c.action).order_by(case_event.c.id)).scalars()
        assert list(actions) == ["open", "accept", "remind", "remind", "escalate", "escalate"]


def test_unaccepted_case_escalates_after_fifteen_days(engine: Engine) -> None:
    case_id = _petition(engine, date(2024, 1, 20))
    assert escalate_overdue(engine, LIANDU, date(2024, 2, 4), NOW)["escalated"] == []
    assert escalate_overdue(engine, LIANDU, date(2024, 2, 5), NOW)["escalated"] == [case_id]


def test_closure_and_on_time_indicators(engine: Engine) -> None:
    first = _petition(engine, date(2024, 1, 20))
    second = _petition(engine, date(2024, 1, 25), "331102002001")
    _petition(engine, date(2024, 2, 3))
    accept_case(engine, LIANDU, first, date(2024, 1, 22), now=NOW)
    close_case(engine, LIANDU, first, date(2024, 2, 10), "已补发", "satisfied", NOW)
    close_case(engine, LIANDU, second, date(2024, 3, 1), "已解释", "basically", NOW)  # late
    with pytest.raises(Conflict):
        close_case(engine, LIANDU, second, date(2024, 3, 2), "again", now=NOW)
    start, end = date(2024, 1, 1), date(2024, 3, 31)
    assert closure_rate(engine, ADMIN, start, end) == {"331102": (2, 3)}
    assert on_time_rate(engine, ADMIN, start, end) == {"331102": (1, 2)}
    assert closure_rate(engine, ADMIN, start, end, digits=9) == {
        "331102001": (1, 2),
        "331102002": (1, 1),
    }
    with pytest.raises(Forbidden):
        open_case(
            engine,
            LIANDU,
            NewCase(CaseKind.HOTLINE, "other", "331121001001", "咨询", date(2024, 1, 2)),
        )


def test_home_visit_produces_need_and_case(engine: Engine) -> None:
    head = citizen_id(seq=1)
    people = [
        person_row(1, grade=2, assistance="tekun", household_head_id=head),
        person_row(2, grade=1, assistance="tekun", household_head_id=head),
        person_row(3, grade=1, assistance="none"),  # not in difficulty
        person_row(4, grade=3, assistance="dibao"),  # not grade 1–2
        person_row(5, grade=2, assistance="dibao"),
    ]
    with engine.begin() as conn:
        write_people(conn, person_frame(*people), get_cipher(), Provenance("t", "t", NOW))
    plans = plan_visits(engine, LIANDU, 2024, now=NOW)
    assert plans["visits_per_year"].to_list() == [12, 4]
    assert plan_visits(engine, LIANDU, 2024, now=NOW).height == 0
    person_id = plans["person_id"][0]
    record = VisitRecord(
        person_id,
        date(2024, 3, 3),
        "轮椅损坏，家中卫生间无扶手",
        needs=[NeedKind.ASSISTIVE_DEVICE, NeedKind.HOME_ACCESSIBILITY],
        problem="护理补贴三个月未到账",
        problem_category="benefits",
    )
    result = record_visit(engine, LIANDU, record, NOW)
    assert result["plan_id"] is not None and len(result["need_ids"]) == 2  # type: ignore[arg-type]
    (case,) = list_cases(engine, LIANDU)
    assert (case["id"], case["kind"], case["person_id"]) == (result["case_id"], "visit", person_id)
    assert case["source"] == f"visit:{result['visit_id']}"
    with engine.connect() as conn:
        kinds = conn.execute(select(need.c.kind).order_by(need.c.kind)).scalars().all()
    assert kinds == ["assistive_device", "home_accessibility"]
    again = record_visit(
        engine,
        LIANDU,
        VisitRecord(person_id, date(2024, 4, 3), "复访", needs=[NeedKind.ASSISTIVE_DEVICE]),
        NOW,
    )
    assert again["need_ids"] == [] and again["case_id"] is None
