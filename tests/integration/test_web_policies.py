"""Policy browser, reform simulation and the public calculator (which stores nothing)."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, inspect, select, table

from factories_web import csrf_of, seed_people, seed_users, sign_in
from zhucan.web.app import create_app

ANSWERS = {
    "code": "331102",
    "age": "40",
    "category": "4",
    "grade": "1",
    "assistance": "dibao",
    "long_term_care": "yes",
    "self_care": "none",
    "institutional_care": "no",
    "injury_care": "no",
}


@pytest.fixture
def app_engine(engine: Engine) -> Engine:
    seed_people(engine)
    seed_users(engine)
    return engine


def client_for(engine: Engine, username: str | None = None) -> TestClient:
    client = TestClient(create_app(engine), base_url="https://testserver")
    if username:
        sign_in(client, username)
    return client


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table."""
    names = inspect(engine).get_table_names()
    with engine.connect() as conn:
        return {
            n: conn.execute(select(func.count()).select_from(table(n))).scalar_one() for n in names
        }


def test_policy_list_and_document(app_engine: Engine) -> None:
    client = client_for(app_engine, "approver")
    page = client.get("/policies").text
    for text in ("重度残疾人护理补贴", "zhejiang.nursing_subsidy", "浙江省", "示例值，须本地设定"):
        assert text in page
    assert "改革方案测算" not in page  # approvers do not simulate
    doc = client.get("/policies/documents/zhejiang.nursing_subsidy").text
    for text in ("国发〔2015〕52号", "tier_none", "示例值，须本地设定", "需要长期照护", "全部"):
        assert text in doc
    assert "个测试通过" in doc and "一级完全不能自理居家" in doc
    assert client.get("/policies/documents/no.such").status_code == 404


def test_reform_simulation_by_town(app_engine: Engine) -> None:
    client = client_for(app_engine, "county")
    page = client.get("/policies/simulate")
    assert page.status_code == 200 and "chongqing.banan.nursing_subsidy_reform" in page.text
    bad = client.get("/policies/simulate", params={"reform": "x", "as_of": "nope"})
    assert bad.status_code == 400 and 'id="reform-error"' in bad.text
    reform = "chongqing.banan.nursing_subsidy_reform"
    outside = client.get(
        "/policies/simulate", params={"reform": reform, "region": "500113", "as_of": "2025-06-01"}
    )
    assert outside.status_code == 403 and 'id="region-error"' in outside.text
    ok = client.get(
        "/policies/simulate", params={"reform": reform, "region": "331102", "as_of": "2025-06-01"}
    )
    assert ok.status_code == 200 and "合计" in ok.text and "331102001" in ok.text
    assert client_for(app_engine, "village").get("/policies/simulate").status_code == 403


def test_calculator_is_public_and_stores_nothing(app_engine: Engine) -> None:
    client = client_for(app_engine)
    page = client.get("/calculator")
    assert page.status_code == 200 and "我能享受哪些残疾人待遇" in page.text
    before = row_counts(app_engine)
    result = client.post("/calculator", data={**ANSWERS, "csrf_token": csrf_of(page.text)})
    assert result.status_code == 200
    assert "重度残疾人护理补贴" in result.text and "可以享受" in result.text
    assert "300.00" in result.text and "符合：需要长期照护（6个月以上）" in result.text
    assert row_counts(app_engine) == before
    assert set(result.cookies.keys()) <= {"zhucan_session"}


def test_calculator_errors_are_tied_to_fields(app_engine: Engine) -> None:
    client = client_for(app_engine)
    token = csrf_of(client.get("/calculator").text)
    bad = client.post(
        "/calculator", data={**ANSWERS, "age": "abc", "code": "999999", "csrf_token": token}
    )
    assert bad.status_code == 400
    assert 'aria-describedby="age-hint age-error"' in bad.text and 'id="code-error"' in bad.text
    refresh = client.post(
        "/calculator", data={"province": "33", "refresh": "1", "csrf_token": token}
    )
    assert refresh.status_code == 200 and "丽水市" in refresh.text
    no_csrf = client.post("/calculator", data=ANSWERS)
    assert no_csrf.status_code == 403


def test_calculator_says_why_not(app_engine: Engine) -> None:
    client = client_for(app_engine)
    token = csrf_of(client.get("/calculator").text)
    answers = {**ANSWERS, "grade": "3", "assistance": "none", "injury_care": "yes"}
    page = client.post("/calculator", data={**answers, "csrf_token": token}).text
    assert "不能享受" in page and "不符合：一、二级残疾人或三、四级智力、精神残疾人" in page
    assert date.today().year > 2000
