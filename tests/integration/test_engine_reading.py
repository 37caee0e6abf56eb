"""``reading``: autocommit reads on a pooled connection that is transactional again after."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError

from zhucan.access.audit import record
from zhucan.access.tables import audit_log
from zhucan.storage.engine import reading


def _rows(engine: Engine) -> int:
    with reading(engine) as conn:
        raw = conn.connection.driver_connection
        assert (
            raw.autocommit if engine.dialect.name == "postgresql" else raw.isolation_level is None
        )
        return int(conn.scalar(select(func.count()).select_from(audit_log)) or 0)


def test_reads_see_commits_and_the_connection_rolls_back_again(engine: Engine) -> None:
    assert _rows(engine) == 0
    with engine.begin() as conn:
        record(conn, "a", "x", "person", "1", {})
    assert _rows(engine) == 1
    for _ in range(3):  # the same pooled connection, last in first out
        with pytest.raises(RuntimeError), engine.begin() as conn:
            record(conn, "a", "x", "person", "2", {})
            raise RuntimeError("the change failed")
        assert _rows(engine) == 1


def _killed_in_pool(engine: Engine) -> None:
    """Leave a connection whose server process has been terminated first in the pool."""
    killer, victim = engine.connect(), engine.connect()
    pid = victim.connection.driver_connection.info.backend_pid
    killer.execute(select(func.pg_terminate_backend(pid)))
    killer.close()
    victim.close()  # returned last: handed out next


def test_an_idle_connection_is_pinged_and_a_dead_one_replaced(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server connection to lose")
    assert _rows(engine) == 0
    _killed_in_pool(engine)
    monkeypatch.setattr("zhucan.storage.engine.PING_AFTER", -1.0)  # every connection "idle"
    assert _rows(engine) == 0  # the ping found it dead; the pool gave a new one


def test_a_busy_connection_is_not_pinged_and_the_pool_renews_after_a_failure(
    engine: Engine,
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server connection to lose")
    _killed_in_pool(engine)
    with pytest.raises(OperationalError):  # just returned to the pool: used without a ping
        _rows(engine)
    assert _rows(engine) == 0  # and the next page gets a live connection
