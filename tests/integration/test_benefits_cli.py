"""The benefits commands with --format json and --user (creator ≠ approver)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from benefits_support import add_people, auto, people
from typer.testing import CliRunner

from zhucan.cli.benefits import alerts_app, benefits_app, feeds_app, pay_app
from zhucan.core.errors import Forbidden
from zhucan.settings import get_settings
from zhucan.storage.engine import get_engine, make_engine
from zhucan.storage.migrate import upgrade

app = typer.Typer()
for name, sub in (("benefits", benefits_app), ("pay", pay_app), ("feeds", feeds_app),
                  ("alerts", alerts_app)):  # fmt: skip
    app.add_typer(sub, name=name)


def test_pay_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    upgrade(engine)
    add_people(engine, *people(2))
    auto(engine, "nursing_subsidy")
    engine.dispose()  # one engine per process, as in production (see benefits/fresh.py)
    monkeypatch.setenv("ZHUCAN_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    runner = CliRunner()
    where = ["--period", "2025-01", "--region", "331102", "--format", "json"]
    ran = runner.invoke(app, ["pay", "run", *where, "--user", "li"])
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.output)["new_lines"] == 2
    assert runner.invoke(app, ["pay", "check", *where, "--user", "li"]).exit_code == 0
    refused = runner.invoke(app, ["pay", "approve", *where, "--user", "li"])
    assert isinstance(refused.exception, Forbidden)
    approved = runner.invoke(app, ["pay", "approve", *where, "--user", "wang"])
    assert json.loads(approved.output)["approved_by"] == "cli:wang"
    found = runner.invoke(
        app, ["benefits", "discover", "--region", "331102", "--as-of", "2025-01-01",
              "--format", "json"],
    )  # fmt: skip
    assert json.loads(found.output)["found"] >= 0
    listed = runner.invoke(app, ["alerts", "list", "--format", "json"])
    assert json.loads(listed.output) == []
    get_engine.cache_clear()
