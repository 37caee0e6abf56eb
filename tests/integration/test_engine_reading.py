"""``reading``: autocommit reads on a pooled connection that is transactional again after."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

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
