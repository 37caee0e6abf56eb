"""Shared fixtures: settings for tests, and databases on SQLite and a real PostgreSQL."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from zhucan.settings import get_settings
from zhucan.storage.engine import make_engine
from zhucan.storage.migrate import upgrade
from zhucan.storage.pgserver import create_database, running_postgres

_db_counter = itertools.count()


@pytest.fixture(autouse=True)
def _test_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ZHUCAN_ENVIRONMENT", "test")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def pg_base_url() -> Iterator[str]:
    """A PostgreSQL server for the session; skipped when absent, except under CI."""
    try:
        with running_postgres() as url:
            yield url
    except FileNotFoundError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI: {exc}")
        pytest.skip(f"PostgreSQL not installed here, PostgreSQL tests skipped: {exc}")


def fresh_postgres(base_url: str) -> str:
    """Create an empty database on the test server and return its URL."""
    return create_database(base_url, f"t{os.getpid()}_{next(_db_counter)}")


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'zhucan.db'}"
    return fresh_postgres(request.getfixturevalue("pg_base_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a migrated, empty database (SQLite and PostgreSQL)."""
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()
