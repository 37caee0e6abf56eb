"""The registry write path and as-of snapshots, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine, func, select

from factories import citizen_id, person_frame, person_row
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor
from zhucan.core.errors import Forbidden
from zhucan.registry.person_state import person_state
from zhucan.registry.rows import Provenance
from zhucan.registry.snapshot import snapshot
from zhucan.registry.tables import fact, person, person_history
from zhucan.registry.write import write_people

ADMIN = Actor("admin", "admin", "")


def _write(engine: Engine, frame, when: datetime = datetime(2024, 1, 10, 9)):  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        return write_people(conn, frame, get_cipher(), Provenance("test", "tester", when))


def test_create_then_unchanged(engine: Engine) -> None:
    frame = person_frame(person_row(1), person_row(2, household_head_id=citizen_id(seq=1)))
    first = _write(engine, frame)
    assert len(first.created) == 2 and not first.updated
    again = _write(engine, frame)
    assert again.unchanged == first.created and not again.created and not again.updated
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(person)).scalar_one() == 2
        hh = conn.execute(select(person.c.household_id)).scalars().all()
        assert len(set(hh) - {None}) == 1


def test_change_is_history_and_as_of(engine: Engine) -> None:
    _write(engine, person_frame(person_row(1)))
    changed = person_frame(
        person_row(
            1, assistance="none", name="测试一", since=date(2024, 6, 1), hukou_region="331121001001"
        )
    )
    result = _write(engine, changed, datetime(2024, 6, 2, 10))
    assert len(result.updated) == 1
    before = snapshot(engine, date(2024, 3, 1), ADMIN)
    after = snapshot(engine, date(2024, 7, 1), ADMIN)
    assert before["assistance"].to_list() == ["dibao"]
    assert after["assistance"].to_list() == ["none"]
    assert before["hukou_region"].to_list() == ["331102001001"]
    assert after["hukou_region"].to_list() == ["331121001001"]
    # Region membership follows the 户籍 on the date.
    assert snapshot(engine, date(2024, 3, 1), ADMIN, region="331102").height == 1
    assert snapshot(engine, date(2024, 7, 1), ADMIN, region="331102").height == 0
    with engine.connect() as conn:
        fields = conn.execute(select(person_history.c.field)).scalars().all()
        assert fields == ["name"]
        closed = conn.execute(select(func.count()).where(fact.c.valid_to.is_not(None)))
        assert closed.scalar_one() == 2


def test_death_and_certificate_validity(engine: Engine) -> None:
    _write(
        engine,
        person_frame(
            person_row(1, death_date=date(2024, 2, 15)),
            person_row(2, certificate_issued=date(2013, 1, 1)),
        ),
    )
    snap = snapshot(engine, date(2024, 3, 1), ADMIN)
    assert snap["alive"].to_list() == [False, True]
    assert snap["certificate_valid"].to_list() == [True, False]
    assert snapshot(engine, date(2024, 2, 1), ADMIN)["alive"].to_list() == [True, True]


def test_scoping(engine: Engine) -> None:
    _write(
        engine,
        person_frame(
            person_row(1),
            person_row(2, citizen_id=citizen_id("331121", seq=2), hukou_region="331121001001"),
        ),
    )
    lindu = Actor("w", "county_officer", "331102000000")
    snap = snapshot(engine, date(2024, 3, 1), lindu)
    assert snap["hukou_region"].str.starts_with("331102").all() and snap.height == 1
    with pytest.raises(Forbidden):
        snapshot(engine, date(2024, 3, 1), lindu, region="331121")


def test_one_person_state_is_the_snapshot_row(engine: Engine) -> None:
    _write(
        engine,
        person_frame(
            person_row(1),
            person_row(2, assistance="none", hukou_type="urban", certificate_status="revoked"),
            person_row(3, residence_region="331102002001", needs_long_term_care=False),
        ),
    )
    moved = person_row(1, hukou_region="331121001001", since=date(2024, 6, 1))
    _write(engine, person_frame(moved), datetime(2024, 6, 2, 10))
    for as_of in (date(2024, 3, 1), date(2024, 7, 1), date(2030, 1, 1)):
        rows = snapshot(engine, as_of, ADMIN).to_dicts()
        assert len(rows) == 3
        with engine.connect() as conn:
            for row in rows:
                assert person_state(conn, ADMIN, row["person_id"], as_of) == row
    # A county sees a person only while their 户籍 lies in it, as its snapshot does.
    lindu = Actor("w", "county_officer", "331102000000")
    for as_of, seen in ((date(2024, 3, 1), 3), (date(2024, 7, 1), 2)):
        rows = {r["person_id"]: r for r in snapshot(engine, as_of, lindu).to_dicts()}
        assert len(rows) == seen
        with engine.connect() as conn:
            for pid in {r["person_id"] for r in snapshot(engine, as_of, ADMIN).to_dicts()}:
                assert person_state(conn, lindu, pid, as_of) == rows.get(pid)
