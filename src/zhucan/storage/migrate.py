"""Create or migrate the schema with Alembic, and check that the models match the migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from zhucan.core.errors import SetupError
from zhucan.storage.metadata import load_all_tables

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at our migrations folder and ``engine``'s database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it on an empty database)."""
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None if it has no schema."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    """The newest revision among the shipped migrations."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def require_schema(engine: Engine) -> None:
    """Raise SetupError unless the database is at the newest migration."""
    if not inspect(engine).has_table("alembic_version") or (
        current_revision(engine) != head_revision(engine)
    ):
        raise SetupError(
            "数据库结构不存在或不是最新版本：请先运行 zhucan db upgrade",
            "the database schema is missing or out of date: run `zhucan db upgrade` first",
        )


def model_drift(engine: Engine) -> list[object]:
    """Differences between the table models and a database migrated to head (empty = none)."""
    upgrade(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(ctx, load_all_tables()))
