"""Case pages: list with deadlines in words, intake, accept, close, escalate; home visits."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from test_web_employment_seed import OUTSIDE_SUMMARY, seed_work

from factories_web import (
    INSIDE_ID,
    INSIDE_NAME,
    OUTSIDE_NAME,
    csrf_of,
    seed_people,
    seed_users,
    sign_in,
)
from zhucan.cases.tables import case_file
from zhucan.support.tables import need
from zhucan.web.app import create_app


@pytest.fixture
def work(engine: Engine) -> dict[str, int]:
    seed_people(engine)
    seed_users(engine, ["village", "county", "approver"])
    return seed_work(engine)


def client_for(engine: Engine, username: str) -> TestClient:
    client = TestClient(create_app(engine), base_url="https://testserver")
    sign_in(client, username)
    return client


def test_list_says_overdue_in_words_and_escalates(engine: Engine, work: dict[str, int]) -> None:
    county = client_for(engine, "county")
    page = county.get("/cases").text
    assert "补贴未发放" in page and OUTSIDE_SUMMARY not in page
    assert "已超期" in page and "办结率" in page and "<caption" in page
    token = csrf_of(page)
    done = county.post("/cases/escalate", data={"csrf_token": token}).text
    assert "超期升级 1 件" in done and "已升级至省级" in done
    village = client_for(engine, "village")
    assert "催办并升级超期案件" not in village.get("/cases").text
    token = csrf_of(village.get("/cases").text)
    assert village.post("/cases/escalate", data={"csrf_token": token}).status_code == 403
    assert "只看已超期" in village.get("/cases", params={"overdue": "true"}).text


def test_intake_accept_and_close(engine: Engine, work: dict[str, int]) -> None:
    client = client_for(engine, "village")
    token = csrf_of(client.get("/cases/new").text)
    bad = client.post("/cases", data={"csrf_token": token, "region": "123"})
    assert bad.status_code == 400 and bad.text.count('aria-invalid="true"') >= 3
    outside = {
        "csrf_token": token,
        "kind": "hotline",
        "category": "rights",
        "region": "331121001001",
        "summary": "外县",
    }
    assert client.post("/cases", data=outside).status_code == 403
    form = {**outside, "region": "331102001001", "summary": "轮椅申请无人答复", "number": INSIDE_ID}
    opened = client.post("/cases", data=form)
    assert "案件已登记" in opened.text and INSIDE_NAME in opened.text and "受理期限" in opened.text
    case_id = re.search(r"/cases/(\d+)/accept", opened.text)
    assert case_id
    url = f"/cases/{case_id.group(1)}"
    accepted = client.post(f"{url}/accept", data={"csrf_token": token, "extension": "0"})
    assert "案件已受理" in accepted.text and "办结期限" in accepted.text
    empty = client.post(f"{url}/close", data={"csrf_token": token, "outcome": ""})
    assert empty.status_code == 400 and "请填写办理结果" in empty.text
    data = {"csrf_token": token, "outcome": "已配发轮椅", "satisfaction": "satisfied"}
    closed = client.post(f"{url}/close", data=data).text
    assert "案件已办结" in closed and "满意" in closed and "已配发轮椅" in closed
    figures = client.get("/cases").text
    assert "办结率" in figures and "%" in figures
    reader = client_for(engine, "approver")
    assert reader.get(url).status_code == 200
    assert reader.post(f"{url}/close", data=data).status_code == 403


def test_visit_plans_and_a_visit_record(engine: Engine, work: dict[str, int]) -> None:
    client = client_for(engine, "village")
    page = client.get("/visits")
    token = csrf_of(page.text)
    planned = client.post("/visits/plan", data={"csrf_token": token, "year": date.today().year})
    assert "新增访视计划" in planned.text and INSIDE_NAME in planned.text
    assert OUTSIDE_NAME not in planned.text
    pid = re.search(r'href="/visits/(\d+)"', planned.text)
    assert pid
    url = f"/visits/{pid.group(1)}"
    form = client.get(url).text
    assert "发现的需求" in form and 'name="needs"' in form
    empty = client.post(url, data={"csrf_token": token, "notes": ""})
    assert empty.status_code == 400 and 'aria-invalid="true"' in empty.text
    data = {
        "csrf_token": token,
        "notes": "轮椅损坏",
        "needs": ["rehabilitation", "assistive_device"],
        "problem": "需更换轮椅",
        "category": "rehabilitation",
    }
    done = client.post(url, data=data).text
    assert "访视已登记" in done and "已转案件" in done and "辅助器具" in done
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(need)).scalar_one() == 2
        kinds = conn.execute(select(case_file.c.kind).where(case_file.c.summary == "需更换轮椅"))
        assert list(kinds.scalars()) == ["visit"]
    assert "1 / " in client.get("/visits").text
    assert client_for(engine, "approver").get("/visits").status_code == 403
