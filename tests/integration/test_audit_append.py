"""Appending to the audit chain on SQLite and PostgreSQL: in a caller's transaction
(``record``) and in one of its own (``record_alone``, pipelined on PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, select

from zhucan.access.audit import GENESIS_HASH, record, record_alone, row_hash, verify
from zhucan.access.tables import audit_log


def test_first_row_links_to_genesis_and_hashes_as_verify_does(engine: Engine) -> None:
    record_alone(engine, "张三", "person.view", "person", None, {"备注": "查看", "n": 1})
    with engine.connect() as conn:
        row = conn.execute(select(audit_log)).one()
    assert (row.id, row.prev_hash) == (1, GENESIS_HASH)
    expected = row_hash(GENESIS_HASH, 1, row.at, "张三", "person.view", "person", None, row.detail)
    assert row.hash == expected
    assert row.detail == '{"n":1,"备注":"查看"}'


def test_concurrent_writers_of_both_kinds_keep_one_chain(engine: Engine) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(30):
                if i % 3 == 0:
                    with engine.begin() as conn:
                        record(conn, f"w{n}", "person.update", "person", str(i), {"i": i})
                else:
                    record_alone(engine, f"w{n}", "person.view", "person", str(i), {})
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with engine.connect() as conn:
        result = verify(conn)
        ids = list(conn.execute(select(audit_log.c.id).order_by(audit_log.c.id)).scalars())
    assert result.ok, result.reason_en
    assert ids == list(range(1, 181))


def test_connection_is_transactional_again_after_a_lone_append(engine: Engine) -> None:
    """The pooled connection ``record_alone`` used still rolls a failed change back."""
    record_alone(engine, "a", "person.view", "person", "1", {})
    with pytest.raises(RuntimeError), engine.begin() as conn:
        record(conn, "a", "person.update", "person", "2", {})
        raise RuntimeError("the change failed")
    record_alone(engine, "a", "person.view", "person", "3", {})
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log.c.id, audit_log.c.entity_id)).all()
        assert verify(conn).ok
    assert [tuple(r) for r in rows] == [(1, "1"), (2, "3")]


def test_a_failed_lone_append_leaves_no_row_and_no_lock(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL refuses a NUL in text; SQLite stores it")
    with pytest.raises(Exception, match="NUL"):
        record_alone(engine, "a\x00b", "person.view", "person", "1", {})
    record_alone(engine, "a", "person.view", "person", "2", {})
    with engine.connect() as conn:
        locks = conn.exec_driver_sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
        assert locks.scalar_one() == 0
        rows = conn.execute(select(audit_log.c.id, audit_log.c.entity_id)).all()
        assert verify(conn).ok
    assert [tuple(r) for r in rows] == [(1, "2")]
