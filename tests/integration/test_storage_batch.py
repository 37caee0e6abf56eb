"""``storage.batch``: reads in one round trip give the rows ``conn.execute`` gives."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    TypeDecorator,
    bindparam,
    cast,
    func,
    insert,
    literal,
    select,
    type_coerce,
    union_all,
)

from factories_web import INSIDE_ID, seed_people
from zhucan.access.scope import Actor
from zhucan.benefits.listing import person_benefit_reads
from zhucan.registry.person_state import state_reads
from zhucan.registry.queries import find_person_id, timeline_read
from zhucan.registry.search import housemates_read
from zhucan.storage.batch import Read, read_groups, read_many
from zhucan.storage.engine import reading
from zhucan.web.person_support import support_reads

meta = MetaData()
sample = Table(
    "batch_sample",
    meta,
    Column("id", Integer, primary_key=True),
    Column("name", String(20)),
    Column("day", Date),
    Column("at", DateTime),
    Column("amount", Numeric(12, 2)),
    Column("flag", Boolean),
)
ROWS = [
    {"id": 1, "name": "甲", "day": date(2024, 2, 29), "at": datetime(2024, 3, 1, 8, 30),
     "amount": Decimal("1234.50"), "flag": True},
    {"id": 2, "name": "乙", "day": None, "at": None, "amount": None, "flag": False},
    {"id": 3, "name": None, "day": date(2025, 1, 1), "at": datetime(2025, 1, 1),
     "amount": Decimal("-0.01"), "flag": None},
]  # fmt: skip


class Tagged(TypeDecorator[str]):
    """Text stored bare and shown as ``name:…``: a bind and a result conversion."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else value.removeprefix("name:")

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else f"name:{value}"


SINCE = bindparam("since", type_=Date)
READS = [
    Read(select(sample).order_by(sample.c.id), {}),
    Read(
        select(sample).where(sample.c.day >= SINCE).order_by(sample.c.id),
        {"since": date(2025, 1, 1)},
    ),
    Read(  # converted both ways by the type, and a float read as a Decimal
        select(
            type_coerce(sample.c.name, Tagged).label("tagged"),
            type_coerce(cast(sample.c.amount, Float), Numeric(12, 2)).label("amount"),
        ).where(sample.c.name == bindparam("who", type_=Tagged)),
        {"who": "name:甲"},
    ),
    Read(
        select(sample.c.id.label("n"), (sample.c.amount * 2).label("twice"))
        .where(sample.c.name == bindparam("name", type_=String))
        .limit(5),
        {"name": "甲"},
    ),
    Read(
        union_all(
            select(sample.c.name.label("what"), sample.c.day),
            select(literal("固定").label("what"), sample.c.day),
        ),
        {},
    ),
    Read(select(sample).where(sample.c.id == -1), {}),  # no rows
]  # fmt: skip


def _typed(rows: list[dict[str, Any]]) -> list[dict[str, tuple[str, str]]]:
    """Values with their types, so that 1.50 is not 1.5 and True is not 1."""
    return [{k: (type(v).__name__, repr(v)) for k, v in r.items()} for r in rows]


def _executed(engine: Engine, reads: list[Read]) -> list[list[dict[str, Any]]]:
    with reading(engine) as conn:
        return [[dict(r) for r in conn.execute(*read).mappings()] for read in reads]


def test_batched_rows_are_the_rows_sqlalchemy_gives(engine: Engine) -> None:
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(sample), ROWS)
    expected = _executed(engine, READS)
    assert [len(rows) for rows in expected] == [3, 1, 1, 1, 6, 0]
    assert expected[2] == [{"tagged": "name:甲", "amount": Decimal("1234.5")}]
    with reading(engine) as conn:
        batched = read_many(conn, READS)
        for _ in range(6):  # past psycopg's threshold for preparing a statement
            assert read_many(conn, READS) == batched
        first, (second, third), none = read_groups(conn, READS[:1], READS[1:3], [])
    assert [_typed(rows) for rows in batched] == [_typed(rows) for rows in expected]
    assert (first, second, third, none) == ([batched[0]], batched[1], batched[2], [])


def test_the_person_file_reads_batched_are_the_reads_executed(engine: Engine) -> None:
    seed_people(engine)
    county = Actor("w", "county_officer", "331102000000")
    with reading(engine) as conn:
        pid = find_person_id(conn, county, INSIDE_ID)
    reads = [
        *state_reads(county, pid, date.today()),
        timeline_read(pid),
        housemates_read(county, pid),
        *support_reads(pid, date.today()),
        *person_benefit_reads(county, pid),
    ]
    expected = _executed(engine, reads)
    assert all(expected[i] for i in range(5))  # facts, person, certificate, timeline, household
    with reading(engine) as conn:
        assert [_typed(r) for r in read_many(conn, reads)] == [_typed(r) for r in expected]


def test_an_expanding_parameter_is_refused(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs each read through SQLAlchemy")
    expanding = select(func.count()).where(literal(1).in_(bindparam("codes", expanding=True)))
    with reading(engine) as conn, pytest.raises(ValueError, match="expanding"):
        read_many(conn, [Read(expanding, {"codes": [1]})])


def test_a_lost_connection_is_not_put_back_in_the_pool(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server connection to lose")
    killer, victim = engine.connect(), engine.connect()
    pid = victim.connection.driver_connection.info.backend_pid
    killer.execute(select(func.pg_terminate_backend(pid)))
    killer.close()
    with pytest.raises(psycopg.OperationalError):
        read_many(victim, [Read(select(literal(1).label("one")), {})])
    assert victim.invalidated
    victim.close()
    with reading(engine) as conn:  # the pool hands out a live connection
        assert read_many(conn, [Read(select(literal(1).label("one")), {})]) == [[{"one": 1}]]
