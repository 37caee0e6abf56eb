"""Settings refuse a development key outside development."""

from __future__ import annotations

import base64
import os

import pytest

from zhucan.core.errors import SetupError
from zhucan.settings import Settings, get_settings


def test_production_refuses_the_development_key() -> None:
    with pytest.raises(SetupError, match="ZHUCAN_SECRET_KEY"):
        Settings(environment="production")


def test_production_accepts_a_real_key() -> None:
    key = base64.b64encode(os.urandom(32)).decode()
    assert Settings(environment="production", secret_key=key).key_bytes != b""


def test_short_keys_are_refused() -> None:
    with pytest.raises(SetupError, match="32"):
        Settings(environment="production", secret_key=base64.b64encode(b"short").decode())


def test_postgres_urls_get_the_psycopg_driver() -> None:
    url = Settings(database_url="postgresql://u@h/db").database_url
    assert url == "postgresql+psycopg://u@h/db"


def test_a_value_out_of_range_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHUCAN_WEB_THREADS", "999")
    monkeypatch.setenv("ZHUCAN_DATABASE_URL", "postgresql://u:hunter2@h/db")
    get_settings.cache_clear()
    try:
        with pytest.raises(SetupError, match="ZHUCAN_WEB_THREADS: ") as raised:
            get_settings()
        assert raised.value.message("en").startswith("invalid settings: ZHUCAN_WEB_THREADS")
        assert "hunter2" not in str(raised.value)  # values (a password, the key) not quoted
    finally:
        get_settings.cache_clear()
