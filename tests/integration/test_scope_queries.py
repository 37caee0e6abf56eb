"""Jurisdiction scoping of person queries on a SQLite file database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select

from zhucan.access.crypto import FieldCipher
from zhucan.access.masking import mask_citizen_id
from zhucan.access.scope import SYSTEM, Actor, Role, ensure_in_scope, scope_clause
from zhucan.core.errors import Forbidden
from zhucan.registry.search import search_persons
from zhucan.registry.tables import person
from zhucan.storage.engine import make_engine
from zhucan.storage.metadata import load_all_tables

# citizen ID -> 户籍 region
PEOPLE = {
    "331102199001011234": "331102001001",  # 莲都区
    "331102198502024321": "331102101200",  # 莲都区
    "331121197003035678": "331121101201",  # 青田县
    "330102196004048765": "330102001001",  # 杭州市上城区
}


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A SQLite file database holding PEOPLE, with encrypted IDs and blind indexes."""
    engine = make_engine(f"sqlite:///{tmp_path / 'scope.db'}")
    load_all_tables().create_all(engine)
    cipher = FieldCipher(b"s" * 32)
    now = dt.datetime(2025, 1, 1)
    rows = [
        {
            "citizen_id_bidx": cipher.blind_index(cid),
            "citizen_id_enc": cipher.encrypt(cid),
            "citizen_id_masked": mask_citizen_id(cid),
            "name": "测试",
            "sex": "1",
            "birth_date": dt.date(int(cid[6:10]), 1, 1),
            "region": region,
            "created_at": now,
            "updated_at": now,
        }
        for cid, region in PEOPLE.items()
    ]
    with engine.begin() as conn:
        conn.execute(insert(person), rows)
    yield engine
    engine.dispose()


def visible(engine: Engine, actor: Actor) -> set[str]:
    """The regions of the people ``actor`` can see."""
    with engine.connect() as conn:
        query = select(person.c.region).where(scope_clause(person.c.region, actor))
        return set(conn.scalars(query))


@pytest.mark.parametrize(
    ("jurisdiction", "regions"),
    [
        ("331102000000", {"331102001001", "331102101200"}),
        ("331121000000", {"331121101201"}),
        ("331100000000", {"331102001001", "331102101200", "331121101201"}),
        ("331102001000", {"331102001001"}),
        ("330000000000", set(PEOPLE.values())),
        ("000000000000", set(PEOPLE.values())),
        ("320000000000", set()),
    ],
)
def test_scope_clause_filters_people(engine: Engine, jurisdiction: str, regions: set[str]) -> None:
    assert visible(engine, Actor("u", Role.COUNTY_OFFICER, jurisdiction)) == regions


def test_system_sees_everyone(engine: Engine) -> None:
    assert visible(engine, SYSTEM) == set(PEOPLE.values())


def test_lookup_by_blind_index_then_scope_check(engine: Engine) -> None:
    cipher = FieldCipher(b"s" * 32)
    liandu = Actor("liandu", Role.COUNTY_OFFICER, "331102000000")
    with engine.connect() as conn:
        row = conn.execute(
            select(person.c.region, person.c.citizen_id_enc).where(
                person.c.citizen_id_bidx == cipher.blind_index("331121197003035678")
            )
        ).one()
    assert cipher.decrypt(row.citizen_id_enc) == "331121197003035678"
    with pytest.raises(Forbidden):
        ensure_in_scope(liandu, row.region)


def test_name_search_takes_wildcards_literally_and_stays_in_scope(engine: Engine) -> None:
    now = dt.datetime(2025, 1, 1)
    names = {"王%明": "331102001001", "王_明": "331102001001", "王小明": "331121101201"}
    with engine.begin() as conn:
        conn.execute(
            insert(person),
            [
                {
                    "citizen_id_bidx": f"bidx-{i}",
                    "citizen_id_enc": b"",
                    "citizen_id_masked": "3311**********0000",
                    "name": name,
                    "sex": "1",
                    "birth_date": dt.date(1990, 1, 1),
                    "region": region,
                    "created_at": now,
                    "updated_at": now,
                }
                for i, (name, region) in enumerate(names.items())
            ],
        )
    liandu = Actor("liandu", Role.COUNTY_OFFICER, "331102000000")

    def found(actor: Actor, text: str) -> list[str]:
        with engine.connect() as conn:
            return [r["name"] for r in search_persons(conn, actor, text)]

    assert found(SYSTEM, "王%") == ["王%明"]
    assert found(SYSTEM, "王_") == ["王_明"]
    assert sorted(found(SYSTEM, "王")) == sorted(names)
    assert sorted(found(liandu, "王")) == ["王%明", "王_明"]  # 青田县's 王小明 is outside
    assert found(liandu, "王小") == []
