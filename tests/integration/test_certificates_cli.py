"""A whole certificate case from the command line, acting as users with roles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from factories import citizen_id
from zhucan.access.scope import SYSTEM, Role
from zhucan.access.users import add_user
from zhucan.cli.certificates import app
from zhucan.core.errors import Forbidden, InvalidValue, NotFound
from zhucan.settings import get_settings
from zhucan.storage.engine import get_engine

runner = CliRunner()


@pytest.fixture
def cli_db(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The test database as the configured one, with a town worker and a county officer."""
    monkeypatch.setenv("ZHUCAN_DATABASE_URL", db_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    add_user(engine, SYSTEM, "zijin", "town-password-1", Role.TOWN_WORKER, "331102001000")
    add_user(engine, SYSTEM, "liandu", "county-password-1", Role.COUNTY_OFFICER, "331102")
    add_user(engine, SYSTEM, "jinyun", "county-password-2", Role.COUNTY_OFFICER, "331121")
    yield engine
    get_engine().dispose()
    get_engine.cache_clear()


def run(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_full_case_from_the_command_line(cli_db: Engine) -> None:
    cid = citizen_id(seq=50, birth=date(1980, 4, 2))
    case = run(
        "case", "open", "new", cid, "--on", "2025-09-15", "--name", "李四",
        "--hukou-region", "331102001001", "--user", "zijin",
    )  # fmt: skip
    case_id = str(case["id"])
    assert case["next_steps"] == ["assess"]
    case = run(
        "case", "step", case_id, "assess", "--on", "2025-09-26", "--category", "多重",
        "--component", "视力:3", "--component", "肢体:2", "--physician", "王医生",
        "--institution", "丽水市中心医院", "--user", "liandu",
    )  # fmt: skip
    assert case["steps"][-1]["deadline"] == "2025-10-10"
    run("case", "step", case_id, "公示", "--on", "2025-10-10", "--user", "zijin")
    run("case", "step", case_id, "review", "--on", "2025-10-13", "--user", "liandu")
    with pytest.raises(Forbidden):
        runner.invoke(
            app,
            ["case", "step", case_id, "issue", "--on", "2025-10-14", "--user", "jinyun"],
            catch_exceptions=False,
        )
    done = run("case", "step", case_id, "发证", "--on", "2025-10-14", "--user", "liandu")
    assert done["state"] == "completed"
    assert done["certificate"]["number_masked"].endswith("72")
    assert run("case", "show", case_id)["certificate"]["valid_until"] == "2035-10-14"
    listed = json.loads(
        runner.invoke(
            app, ["expiring", "--region", "331102", "--as-of", "2035-09-01", "--format", "json"]
        ).output
    )
    assert [r["name"] for r in listed] == ["李四"]
    late = runner.invoke(app, ["overdue", "--as-of", "2025-12-01", "--format", "json"])
    assert json.loads(late.output) == []
    text = runner.invoke(app, ["case", "show", case_id])
    assert "发证" in text.output and "县级残联（331102000000）" in text.output
    assert run("workdays", "2025-09-26", "5")["date"] == "2025-10-10"


def test_bad_input_from_the_command_line(cli_db: Engine) -> None:
    with pytest.raises(InvalidValue, match="多重残疾按最重一类定级"):
        runner.invoke(
            app,
            ["case", "step", "1", "assess", "--category", "7", "--grade", "3",
             "--component", "1:2", "--component", "4:3", "--physician", "王",
             "--institution", "院"],
            catch_exceptions=False,
        )  # fmt: skip
    with pytest.raises(InvalidValue, match="无法识别的日期"):
        runner.invoke(
            app, ["case", "open", "renewal", citizen_id(seq=1), "--on", "明天"],
            catch_exceptions=False,
        )  # fmt: skip
    with pytest.raises(NotFound, match="没有编号为 7"):
        runner.invoke(app, ["case", "show", "7", "--user", "zijin"], catch_exceptions=False)
