"""The one settings object (environment prefix ``ZHUCAN_``)."""

from __future__ import annotations

import base64
import functools
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from zhucan.core.errors import SetupError

# A development-only key: anyone can read it here, so it protects nothing.
DEV_SECRET_KEY = base64.b64encode(b"zhucan-development-key-not-secret").decode()


class Settings(BaseSettings):
    """Deployment settings, read from ``ZHUCAN_*`` environment variables or ``.env``."""

    model_config = SettingsConfigDict(env_prefix="ZHUCAN_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///./zhucan.db"
    secret_key: str = DEV_SECRET_KEY
    lang: Literal["zh", "en"] = "zh"
    #: Threads per web process for the pages' blocking work. Few: the pages are CPU work
    #: under one GIL; with more threads every page in hand shares the GIL and all finish
    #: late, with fewer the others wait in line and each finishes sooner (50 clients
    #: searching: p95 71-88 ms with 4, 88-126 ms with 8). A slow request (an import, a
    #: payment run) holds one thread while it lasts: raise this where several run at once.
    #: At most the database pool's 30 + 10 connections (``storage.engine``).
    web_threads: int = Field(default=4, ge=1, le=40)

    @field_validator("database_url")
    @classmethod
    def _psycopg_driver(cls, url: str) -> str:
        if url.startswith(("postgresql://", "postgres://")):
            return "postgresql+psycopg://" + url.split("://", 1)[1]
        return url

    @model_validator(mode="after")
    def _real_key_outside_development(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEV_SECRET_KEY:
            raise SetupError(
                "生产环境必须设置 ZHUCAN_SECRET_KEY（32 字节随机密钥的 base64），不能使用开发密钥",
                "ZHUCAN_SECRET_KEY must be set to a real key (base64 of 32 random bytes) "
                "outside development",
            )
        if len(self.key_bytes) < 32:
            raise SetupError(
                "ZHUCAN_SECRET_KEY 太短：至少需要 32 字节（base64 编码）",
                "ZHUCAN_SECRET_KEY is too short: at least 32 bytes, base64-encoded",
            )
        return self

    @property
    def key_bytes(self) -> bytes:
        """The master key; the development key is padded, real keys must be 32+ bytes."""
        raw = base64.b64decode(self.secret_key + "===")
        return raw.ljust(32, b"\0") if self.secret_key == DEV_SECRET_KEY else raw

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is the embedded SQLite."""
        return self.database_url.startswith("sqlite")


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests clear the cache to change them); a value
    out of range is a :class:`SetupError` naming its environment variable."""
    try:
        return Settings()
    except ValidationError as exc:
        # Named, not quoted: the values may be the key or a database password.
        wrong = "; ".join(
            f"ZHUCAN_{'_'.join(str(part) for part in e['loc']).upper() or '*'}: {e['msg']}"
            for e in exc.errors()
        )
        raise SetupError(f"环境变量取值无效：{wrong}", f"invalid settings: {wrong}") from None
