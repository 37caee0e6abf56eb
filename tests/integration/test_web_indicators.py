"""The indicator pages: stored values, refresh, plan progress, report download, scoping."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from factories_web import csrf_of, seed_people, seed_users, sign_in
from zhucan.access.scope import SYSTEM
from zhucan.access.tables import audit_log
from zhucan.indicators.store import refresh, stored
from zhucan.registry.service import generate_population
from zhucan.synth.facilities import generate_facilities
from zhucan.synth.support import generate_support
from zhucan.web.app import create_app
from zhucan.web.indicators_view import dashboard_view

DAY = "2024-06-30"


@pytest.fixture
def world(engine: Engine) -> Engine:
    """莲都区 with 300 synthetic people, their needs and services, and facilities."""
    seed_people(engine)
    generate_population(engine, "331102", 300, 3, date(2021, 1, 1), SYSTEM)
    generate_facilities(engine, "331102", date(2024, 12, 31), seed=3)
    generate_support(engine, "331102", date(2024, 12, 31), seed=3)
    seed_users(engine, ["county", "planner", "village", "approver"])
    return engine


def _client(engine: Engine, username: str) -> TestClient:
    client = TestClient(create_app(engine), base_url="https://testserver")
    sign_in(client, username)
    return client


def _refresh(client: TestClient, day: str = DAY, region: str = "") -> int:
    token = csrf_of(client.get("/indicators").text)
    answer = client.post(
        "/indicators/refresh",
        data={"csrf_token": token, "as_of": day, "region": region},
        follow_redirects=False,
    )
    return answer.status_code


def _audits(engine: Engine, action: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(select(func.count()).where(audit_log.c.action == action)).scalar_one()
        )


def test_dashboard_says_not_computed_then_shows_stored_values(world: Engine) -> None:
    client = _client(world, "county")
    page = client.get("/indicators", params={"as_of": DAY})
    assert page.status_code == 200
    assert "数据尚未计算" in page.text and 'action="/indicators/refresh"' in page.text
    assert _refresh(client) == 303
    page = client.get("/indicators", params={"as_of": DAY, "indicator": "basic_rehab_coverage"})
    assert f"数据截至 {DAY}" in page.text and "计算于" in page.text
    rows = stored(world, "331102", date.fromisoformat(DAY))
    rehab = next(r for r in rows if r["indicator"] == "basic_rehab_coverage")
    assert f"{rehab['value']:,.2f}" in page.text
    # two charts, each with its data table (caption) and its data block
    assert page.text.count('class="chart"') == 2
    assert page.text.count("<caption>") >= 3
    assert 'id="chart-data"' in page.text and "/static/vendor/echarts.min.js" in page.text
    assert "丽水市残疾人事业发展" in page.text  # the covering plan gives targets
    # the region tree: the county is current, its towns are links
    assert re.search(r'aria-current="page"><strong>莲都区', page.text)
    assert "region=331102001000" in page.text
    town = client.get("/indicators", params={"region": "331102001000", "as_of": DAY})
    assert town.status_code == 200 and "紫金街道" in town.text
    assert _audits(world, "indicators.refresh") >= 1


def test_plan_progress_page(world: Engine) -> None:
    client = _client(world, "county")
    assert _refresh(client) == 303
    page = client.get("/indicators/plans/lishui-2021-2025", params={"as_of": DAY})
    assert page.status_code == 200
    assert "基期值" in page.text and "轨迹值" in page.text and "出处" in page.text
    assert "残疾人基本康复服务覆盖率" in page.text
    assert any(s in page.text for s in ("已达标", "进度正常", "存在风险", "明显滞后"))
    # a plan of another place does not cover the county
    assert client.get("/indicators/plans/banan-2021-2025").status_code == 404
    assert client.get("/indicators/plans/no-such-plan").status_code == 404


def test_outside_the_jurisdiction_is_not_found(world: Engine) -> None:
    client = _client(world, "county")
    assert _refresh(client) == 303
    assert client.get("/indicators", params={"region": "331121"}).status_code == 404
    assert client.get("/indicators", params={"region": "331121001000"}).status_code == 404
    page = client.get("/indicators/plans/lishui-2021-2025", params={"region": "331100"})
    assert page.status_code == 404
    assert _refresh(client, region="331121000000") == 404
    token = csrf_of(client.get("/indicators/reports").text)
    report = client.post(
        "/indicators/reports",
        data={"csrf_token": token, "plan": "lishui-2021-2025", "year": "2023",
              "region": "331121", "file_format": "html"},
    )  # fmt: skip
    assert report.status_code == 404
    assert _audits(world, "export.evaluation_report") == 0


def test_roles_who_may_refresh(world: Engine) -> None:
    village = _client(world, "village")
    assert village.get("/indicators").status_code == 200
    assert 'action="/indicators/refresh"' not in village.get("/indicators").text
    assert _refresh(village) == 403
    approver = _client(world, "approver")
    assert _refresh(approver) == 403
    planner = _client(world, "planner")
    assert _refresh(planner) == 303
    page = planner.get("/indicators", params={"as_of": DAY})
    assert "全部指标" in page.text and "持证残疾人数" in page.text


def test_report_download_is_a_named_audited_file(world: Engine) -> None:
    client = _client(world, "planner")
    form = client.get("/indicators/reports")
    assert form.status_code == 200 and 'name="file_format"' in form.text
    token = csrf_of(form.text)
    for fmt, media in (
        ("html", "text/html"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        answer = client.post(
            "/indicators/reports",
            data={"csrf_token": token, "plan": "lishui-2021-2025", "year": "2023",
                  "region": "", "file_format": fmt},
        )  # fmt: skip
        assert answer.status_code == 200, answer.text[:300]
        assert answer.headers["content-type"].startswith(media)
        disposition = answer.headers["content-disposition"]
        name = unquote(disposition.split("filename*=UTF-8''")[1])
        assert name.startswith("丽水市残疾人事业发展") and name.endswith(f"_331102000000.{fmt}")
        if fmt == "html":
            assert "莲都区" in answer.content.decode("utf-8")
        else:
            assert answer.content[:2] == b"PK"  # a zip container
    assert _audits(world, "export.evaluation_report") == 2
    wrong_year = client.post(
        "/indicators/reports",
        data={"csrf_token": token, "plan": "zhejiang-2023", "year": "2025", "file_format": "html"},
    )
    assert wrong_year.status_code == 400


def test_english_dashboard(world: Engine) -> None:
    client = _client(world, "county")
    client.cookies.set("lang", "en")
    page = client.get("/indicators")
    assert "Not computed yet" in page.text and "Compute" in page.text


def test_dashboard_view_is_built_once_per_stored_state(world: Engine) -> None:
    """Kept while nothing is refreshed; a town refreshed on its own shows under its county."""
    day, county, town = date.fromisoformat(DAY), "331102000000", "331102001000"
    refresh(world, county, day)
    data, _charts = dashboard_view(world, county, day, None, "certificate_holders", "zh")
    again, _charts = dashboard_view(world, county, day, "no-such-plan", "certificate_holders", "zh")
    assert again is data

    def holders(view: dict[str, Any]) -> int:
        return int(next(r for r in view["children"] if r["region"] == town)["numerator"])

    before = holders(data)
    generate_population(world, town[:9], 40, 9, date(2021, 1, 1), SYSTEM)
    refresh(world, town, day)
    fresh, _charts = dashboard_view(world, county, day, None, "certificate_holders", "zh")
    assert fresh is not data
    assert holders(fresh) > before
