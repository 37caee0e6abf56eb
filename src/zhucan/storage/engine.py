"""Build the engine for the configured database (SQLite in WAL mode, or PostgreSQL)."""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Dialect, Engine, create_engine, event
from sqlalchemy.exc import InvalidatePoolError

from zhucan.settings import get_settings


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # Enough pooled connections for the web's threads (``web_threads``): beyond ``pool_size``
    # a connection is opened for the request and closed after it (a PostgreSQL backend
    # started and ended per request), which under load cost more than the pages' own work.
    # Opened only when needed. Last in, first out: at a light load the same few warm
    # connections serve (each backend's caches and each connection's prepared statements).
    engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=10, pool_use_lifo=True)
    event.listen(engine, "checkin", _mark_idle)
    event.listen(engine, "checkout", functools.partial(_ping_if_idle, engine.dialect))
    return engine


#: A pooled connection idle for longer than this is pinged (one round trip) before use.
PING_AFTER = 5.0


def _mark_idle(_dbapi_conn: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dialect: Dialect, dbapi_conn: Any, record: Any, _proxy: Any) -> None:
    """Check a connection that sat idle in the pool (the server may have restarted, or a
    firewall dropped it, meanwhile); a dead one is replaced before the caller gets it, and
    the pool's older connections are renewed on their next checkout (as ``pool_pre_ping``).

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout: two round trips per page,
    though under load a connection has sat in the pool for a millisecond. A connection
    that dies while in use fails that one statement, and the pool then renews all its
    connections.
    """
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since <= PING_AFTER:
        return
    try:
        dialect.do_ping(dbapi_conn)
    except Exception as exc:  # any failure of the ping: the connection is not usable
        raise InvalidatePoolError() from exc  # nor, most likely, its older siblings


#: Connections kept open per process (PostgreSQL); each web worker process has its own.
POOL_SIZE = 30


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A pooled connection for reads only, in autocommit: no BEGIN and ROLLBACK round trips
    around them. Each statement sees what was committed when it started, as in a
    PostgreSQL transaction at its default level (READ COMMITTED)."""
    with engine.connect() as conn:
        yield conn.execution_options(isolation_level="AUTOCOMMIT")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA cache_size=-524288")  # 512 MiB page cache: bulk loads stay in memory
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


@functools.cache
def get_engine() -> Engine:
    """The process-wide engine for the settings' database."""
    return make_engine(get_settings().database_url)
