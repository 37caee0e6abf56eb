"""Job pages: postings, seekers, ranked matches with reasons, referrals, placements, graduates."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from test_web_employment_seed import INSIDE_CODE, OUTSIDE_YOUNG, YOUNG_ID, YOUNG_NAME, seed_work

from factories_web import INSIDE_ID, csrf_of, seed_people, seed_users, sign_in
from zhucan.registry.tables import fact
from zhucan.web.app import create_app


@pytest.fixture
def work(engine: Engine) -> dict[str, int]:
    seed_people(engine)
    seed_users(engine, ["town", "planner"])
    return seed_work(engine)


def client_for(engine: Engine, username: str = "town") -> TestClient:
    client = TestClient(create_app(engine), base_url="https://testserver")
    sign_in(client, username)
    return client


def test_publish_a_posting_and_see_the_ranked_seekers(engine: Engine, work: dict[str, int]) -> None:
    client = client_for(engine)
    page = client.get("/jobs")
    assert "仓库管理员" in page.text and "外县岗位" not in page.text
    token = csrf_of(page.text)
    bad = client.post("/jobs/postings", data={"csrf_token": token, "title": ""})
    assert bad.status_code == 400 and bad.text.count('aria-invalid="true"') >= 3
    form = {
        "csrf_token": token,
        "credit_code": INSIDE_CODE,
        "title": "客服专员",
        "region": "331102001001",
        "categories": ["4"],
        "grades": ["3"],
        "skills": "电脑操作，客服",
        "accommodations": ["barrier_free"],
        "openings": "2",
    }
    done = client.post("/jobs/postings", data=form)
    assert "岗位已发布" in done.text and "客服专员" in done.text
    assert (
        YOUNG_NAME in done.text and "技能匹配 1/2" in done.text and OUTSIDE_YOUNG not in done.text
    )


def test_refer_and_record_a_placement(engine: Engine, work: dict[str, int]) -> None:
    client = client_for(engine)
    page = client.get(f"/jobs/seekers/{work['inside_seeker']}")
    assert "仓库管理员" in page.text and "同村（社区）" in page.text
    token = csrf_of(page.text)
    data = {"csrf_token": token, "seeker_id": work["inside_seeker"]}
    referred = client.post("/jobs/referrals", data={**data, "posting_id": work["inside_posting"]})
    assert "已推荐" in referred.text
    wrong = client.post("/jobs/referrals", data={**data, "posting_id": work["posting"]})
    assert wrong.status_code == 400
    referral = re.search(r'action="/jobs/referrals/(\d+)/outcome"', referred.text)
    assert referral
    url = f"/jobs/referrals/{referral.group(1)}/outcome"
    placed = client.post(url, data={**data, "outcome": "hired", "on": "2025-03-01"})
    assert "推荐结果已登记" in placed.text and "已录用" in placed.text
    with engine.connect() as conn:
        employed = conn.execute(select(fact.c.value).where(fact.c.kind == "employment")).scalars()
        assert list(employed) == [f"employed:{INSIDE_CODE}"]
    again = client.post(url, data={**data, "outcome": "rejected"})
    assert again.status_code == 409


def test_register_seekers_and_follow_graduates(engine: Engine, work: dict[str, int]) -> None:
    client = client_for(engine)
    page = client.get("/jobs/seekers")
    assert YOUNG_NAME in page.text and OUTSIDE_YOUNG not in page.text
    token = csrf_of(page.text)
    twice = client.post("/jobs/seekers", data={"csrf_token": token, "number": YOUNG_ID})
    assert twice.status_code == 400 and "此人已登记求职" in twice.text
    old = client.post("/jobs/seekers", data={"csrf_token": token, "number": INSIDE_ID})
    assert old.status_code == 400 and "年龄应在" in old.text
    year = date.today().year
    form = {"csrf_token": token, "year": year, "number": YOUNG_ID, "school": "丽水学院"}
    missing = client.post("/jobs/graduates", data=form)
    assert missing.status_code == 400
    saved = client.post("/jobs/graduates", data={**form, "plan": "推荐岗位", "status": "employed"})
    assert "毕业生帮扶情况已保存" in saved.text and "丽水学院" in saved.text
    assert "1 / 1" in saved.text and "100%" in saved.text and OUTSIDE_YOUNG not in saved.text
    assert client_for(engine, "planner").get("/jobs").status_code == 403
