"""The employment, jobs, cases and visits commands with --format json (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import typer
from sqlalchemy import Engine
from typer.testing import CliRunner

from factories import citizen_id, person_frame, person_row
from zhucan.access.crypto import get_cipher
from zhucan.cli.cases import cases_app, visits_app
from zhucan.cli.employment import employers_app, jobs_app
from zhucan.registry.rows import Provenance
from zhucan.registry.write import write_people
from zhucan.storage.engine import get_engine

app = typer.Typer()
app.add_typer(employers_app, name="employers")
app.add_typer(jobs_app, name="jobs")
app.add_typer(cases_app, name="cases")
app.add_typer(visits_app, name="visits")
CODE = "91350100M000100Y43"


@pytest.fixture
def cli(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("ZHUCAN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_engine.cache_clear()
    yield CliRunner()
    get_engine.cache_clear()


def _json(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _csv(path: Path, rows: list[list[object]]) -> str:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return str(path)


def test_commands_end_to_end(cli: CliRunner, engine: Engine, tmp_path: Path) -> None:
    with engine.begin() as conn:
        frame = person_frame(person_row(1, grade=1, assistance="tekun"))
        write_people(conn, frame, get_cipher(), Provenance("t", "t", datetime(2024, 1, 1)))
    employers = _csv(
        tmp_path / "e.csv",
        [
            ["统一社会信用代码", "单位名称", "所在区划代码", "在职职工人数", "职工年平均工资"],
            [CODE, "甲公司", "331102", 200, 80000],
        ],
    )
    assert _json(cli, "employers", "import", employers)["created"] == 1  # type: ignore[index]
    declared = _csv(
        tmp_path / "d.csv",
        [
            ["统一社会信用代码", "残疾职工身份证号", "残疾职工姓名"],
            [CODE, citizen_id(seq=1), "张一"],
        ],
    )
    _json(cli, "employers", "declare", declared, "--year", "2024")
    review = _json(cli, "employers", "review", "--year", "2024", "--local-wage", "33=70000")
    assert review["levy_fen"] == 4_000_000  # type: ignore[index]
    listed = _json(cli, "employers", "noncompliant", "--year", "2024")
    assert listed[0]["reasons"] == ["below_ratio"]  # type: ignore[index]
    report = tmp_path / "r.xlsx"
    _json(cli, "employers", "report", "--year", "2024", "--out", str(report))
    assert report.exists()
    assert _json(cli, "jobs", "match", "--on", "2024-06-01") == []
    opened = _json(
        cli,
        "cases",
        "open",
        "--kind",
        "hotline",
        "--region",
        "331102001001",
        "--summary",
        "咨询补贴",
        "--category",
        "benefits",
        "--received",
        "2024-06-01",
    )
    case_id = str(opened["case_id"])  # type: ignore[index]
    assert _json(cli, "cases", "escalate", "--on", "2024-06-03")["escalated"] == [int(case_id)]  # type: ignore[index]
    _json(cli, "cases", "close", case_id, "--outcome", "已答复", "--on", "2024-06-04")
    assert _json(cli, "cases", "list", "--status", "closed")[0]["id"] == int(case_id)  # type: ignore[index]
    plans = _json(cli, "visits", "plan", "--year", "2024")
    assert len(plans) == 1  # type: ignore[arg-type]
    visit = _json(
        cli,
        "visits",
        "record",
        "--person-id",
        "1",
        "--notes",
        "轮椅损坏",
        "--need",
        "辅助器具",
        "--problem",
        "需要维修轮椅",
        "--on",
        "2024-06-05",
    )
    assert visit["case_id"] is not None and len(visit["need_ids"]) == 1  # type: ignore[index]
