"""Opening a person file is audited; its one-connection reads equal the snapshot's."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from factories_web import INSIDE_NAME, OUTSIDE_NAME, seed_people, seed_users, sign_in
from zhucan.access.audit import verify
from zhucan.access.scope import SYSTEM, Actor
from zhucan.access.tables import audit_log
from zhucan.core.errors import NotFound
from zhucan.registry.queries import person_as_of
from zhucan.registry.snapshot import snapshot
from zhucan.registry.tables import person
from zhucan.web.app import create_app

LIANDU = Actor("county", "county_officer", "331102000000")


@pytest.fixture
def app_engine(engine: Engine) -> Engine:
    seed_people(engine)
    seed_users(engine)
    return engine


def _views(engine: Engine) -> list[tuple[str, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.actor, audit_log.c.entity_id)
            .where(audit_log.c.action == "person.view", audit_log.c.entity == "person")
            .order_by(audit_log.c.id)
        )
        return [(r.actor, r.entity_id) for r in rows]


def _id_of(engine: Engine, name: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(person.c.id).where(person.c.name == name)).scalar_one())


def test_opening_a_person_file_leaves_an_audit_row(app_engine: Engine) -> None:
    client = TestClient(create_app(app_engine), base_url="https://testserver")
    sign_in(client, "county")
    search = client.get("/persons", params={"q": INSIDE_NAME})
    assert search.status_code == 200 and INSIDE_NAME in search.text
    assert _views(app_engine) == []  # a search lists masked rows; it opens no file
    pid = int(re.findall(r'href="/persons/(\d+)"', search.text)[0])
    page = client.get(f"/persons/{pid}")
    assert page.status_code == 200 and INSIDE_NAME in page.text
    client.get(f"/persons/{pid}")
    assert _views(app_engine) == [("county", str(pid)), ("county", str(pid))]
    outside = client.get(f"/persons/{_id_of(app_engine, OUTSIDE_NAME)}")
    assert outside.status_code == 403
    assert len(_views(app_engine)) == 2  # a refused file was not shown, so not a view
    with app_engine.connect() as conn:
        assert verify(conn).ok


@pytest.mark.parametrize("day", [date(2020, 1, 1), date(2024, 6, 30), date.today()])
def test_person_as_of_equals_the_snapshot_row(app_engine: Engine, day: date) -> None:
    compared = 0
    for actor, names in ((LIANDU, [INSIDE_NAME]), (SYSTEM, [INSIDE_NAME, OUTSIDE_NAME])):
        for name in names:
            pid = _id_of(app_engine, name)
            # the columnar read of the whole jurisdiction against the one-person read
            rows = snapshot(app_engine, day, actor).filter(pl.col("person_id") == pid).to_dicts()
            if rows:
                assert person_as_of(app_engine, actor, pid, day) == rows[0]
                compared += 1
            else:
                with pytest.raises(NotFound):
                    person_as_of(app_engine, actor, pid, day)
    assert compared == 3
