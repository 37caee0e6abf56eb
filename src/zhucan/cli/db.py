"""``zhucan db``: create, migrate and check the schema."""

from __future__ import annotations

import typer

from zhucan.cli.common import err, out
from zhucan.storage.engine import get_engine, make_engine
from zhucan.storage.migrate import model_drift, upgrade

app = typer.Typer(help="数据库结构 Database schema", no_args_is_help=True)


@app.command("upgrade")
def upgrade_cmd() -> None:
    """创建或升级数据库结构 Create or migrate the schema to the newest version."""
    engine = get_engine()
    upgrade(engine)
    out.print(f"数据库结构已是最新 schema up to date: {engine.url.render_as_string()}")


@app.command("check")
def check_cmd() -> None:
    """检查表定义与迁移是否一致 Fail when a model changed without a migration."""
    engine = make_engine("sqlite://")
    drift = model_drift(engine)
    if drift:
        for d in drift:
            err.print(f"未迁移的变更 unmigrated change: {d}")
        raise typer.Exit(1)
    out.print("表定义与迁移一致 models match the migrations")
