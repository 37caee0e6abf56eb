"""One person's file: lookup by ID or certificate, as-of state, timeline, facts, unmasking."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine, select

from factories import citizen_id, person_frame, person_row
from zhucan.access.audit import verify
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor
from zhucan.access.tables import audit_log
from zhucan.core.errors import Forbidden, InvalidValue, NotFound
from zhucan.registry.queries import (
    find_person_id,
    person_as_of,
    person_timeline,
    reveal_citizen_id,
)
from zhucan.registry.rows import Provenance
from zhucan.registry.service import add_fact
from zhucan.registry.write import write_people

ADMIN = Actor("admin", "admin", "")
LIANDU = Actor("liandu", "county_officer", "331102000000")
QINGTIAN_ID = citizen_id("331121", seq=3)


@pytest.fixture
def people(engine: Engine) -> Engine:
    frame = person_frame(
        person_row(1),
        person_row(3, citizen_id=QINGTIAN_ID, hukou_region="331121001001"),
    )
    with engine.begin() as conn:
        write_people(conn, frame, get_cipher(), Provenance("seed", "t", datetime(2024, 1, 1)))
    return engine


def test_lookup_by_id_or_certificate_within_scope(people: Engine) -> None:
    with people.connect() as conn:
        by_id = find_person_id(conn, LIANDU, citizen_id(seq=1))
        assert find_person_id(conn, LIANDU, citizen_id(seq=1) + "42") == by_id
        assert find_person_id(conn, LIANDU, " " + citizen_id(seq=1).lower() + " ") == by_id
        with pytest.raises(NotFound):
            find_person_id(conn, LIANDU, QINGTIAN_ID)  # exists, but outside 莲都区
        assert find_person_id(conn, ADMIN, QINGTIAN_ID) != by_id
        with pytest.raises(InvalidValue):
            find_person_id(conn, LIANDU, "12345")


def test_other_benefit_fact_and_timeline(people: Engine) -> None:
    add_fact(
        people,
        LIANDU,
        citizen_id(seq=1),
        "other_benefit",
        "工伤保险生活护理费",
        date(2024, 3, 1),
        source="人社数据比对",
    )
    with people.connect() as conn:
        pid = find_person_id(conn, LIANDU, citizen_id(seq=1))
    assert person_as_of(people, LIANDU, pid, date(2024, 2, 1))["other_benefits"] == []
    assert person_as_of(people, LIANDU, pid, date(2024, 4, 1))["other_benefits"] == [
        "工伤保险生活护理费"
    ]
    timeline = person_timeline(people, LIANDU, pid)
    assert any(r["what"] == "other_benefit" and r["source"] == "人社数据比对" for r in timeline)
    assert any(r["what"] == "certificate:valid" for r in timeline)
    with pytest.raises(Forbidden):
        person_timeline(people, Actor("q", "county_officer", "331121000000"), pid)
    with pytest.raises(NotFound):
        add_fact(
            people,
            Actor("q", "county_officer", "331121000000"),
            citizen_id(seq=1),
            "assistance",
            "none",
            date(2024, 5, 1),
        )


def test_unmasking_is_role_bound_and_audited(people: Engine) -> None:
    with people.connect() as conn:
        pid = find_person_id(conn, LIANDU, citizen_id(seq=1))
    with pytest.raises(Forbidden):
        reveal_citizen_id(people, Actor("v", "village_worker", "331102001001"), pid, "核对")
    assert reveal_citizen_id(people, LIANDU, pid, "核对身份") == citizen_id(seq=1)
    with people.connect() as conn:
        actions = conn.execute(select(audit_log.c.action)).scalars().all()
        assert actions[-1] == "person.unmask"
        assert verify(conn).ok
