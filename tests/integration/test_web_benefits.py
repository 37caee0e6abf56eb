"""Benefits pages: applications with deadlines and reasons, discovery, runs, alerts."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from benefits_support import policies
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from factories_web import INSIDE_NAME, OUTSIDE_NAME, csrf_of, seed_people, seed_users, sign_in
from zhucan.access.scope import SYSTEM
from zhucan.access.tables import audit_log
from zhucan.benefits.bank import register_account
from zhucan.benefits.settings import set_auto_enrol
from zhucan.benefits.tables import alert, application, payment_line
from zhucan.registry.tables import person
from zhucan.web.app import create_app

ACCOUNT = "6228480402564890018"


@pytest.fixture
def app_engine(engine: Engine) -> Engine:
    seed_people(engine)
    seed_users(engine)
    return engine


def client_for(engine: Engine, username: str) -> TestClient:
    """A signed-in client of an app on the two test policies."""
    app = create_app(engine)
    app.state.policies = policies()
    client = TestClient(app, base_url="https://testserver")
    sign_in(client, username)
    return client


def person_id(engine: Engine, name: str = INSIDE_NAME) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(person.c.id).where(person.c.name == name)).scalar_one())


def token(client: TestClient) -> str:
    return csrf_of(client.get("/benefits/runs").text)


def test_person_file_shows_benefits_and_why(app_engine: Engine) -> None:
    client = client_for(app_engine, "town")
    html = client.get(f"/persons/{person_id(app_engine)}").text
    for text in ("待遇与发放", "为什么能/不能享受", "可以享受", "符合：一级或二级", "受理申请"):
        assert text in html
    planner = client_for(app_engine, "planner_pa")
    assert "待遇与发放" not in planner.get(f"/persons/{person_id(app_engine)}").text


def test_application_is_received_reviewed_and_decided(app_engine: Engine) -> None:
    town = client_for(app_engine, "town")
    pid = person_id(app_engine)
    form = {"person_id": pid, "program": "nursing_subsidy", "csrf_token": token(town)}
    page = town.post("/benefits/applications", data=form)
    app_id = int(page.url.path.rsplit("/", 1)[1])
    assert "申请已受理" in page.text and "审核期限" in page.text
    empty = town.post(
        f"/benefits/applications/{app_id}/review",
        data={"outcome": "yes", "reason": " ", "csrf_token": token(town)},
    )
    assert empty.status_code == 400 and 'id="reason-error"' in empty.text
    town.post(
        f"/benefits/applications/{app_id}/review",
        data={"outcome": "yes", "reason": "材料齐全", "csrf_token": token(town)},
    )
    assert (
        town.post(  # a town worker may not decide
            f"/benefits/applications/{app_id}/decide",
            data={"outcome": "yes", "reason": "x", "csrf_token": token(town)},
        ).status_code
        == 403
    )
    approver = client_for(app_engine, "approver")
    done = approver.post(
        f"/benefits/applications/{app_id}/decide",
        data={"outcome": "yes", "reason": "符合条件", "csrf_token": token(approver)},
    )
    assert "审批结果已记录" in done.text and "已批准" in done.text and "材料齐全" in done.text
    assert "test.nursing_subsidy" in done.text and "100.00" in done.text
    queue = approver.get("/benefits/applications", params={"state": "approved"}).text
    assert INSIDE_NAME in queue and OUTSIDE_NAME not in queue
    with app_engine.connect() as conn:
        assert conn.execute(select(application.c.state)).scalar_one() == "approved"


def test_discovery_lists_work_items_with_reasons(app_engine: Engine) -> None:
    county = client_for(app_engine, "county")
    page = county.post("/benefits/work-items/discover", data={"csrf_token": token(county)})
    assert INSIDE_NAME in page.text and OUTSIDE_NAME not in page.text
    assert "符合：一级或二级" in page.text and "应享未享" in page.text
    village = client_for(app_engine, "village")
    assert INSIDE_NAME in village.get("/benefits/work-items").text
    assert (
        village.post(
            "/benefits/work-items/discover", data={"csrf_token": token(village)}
        ).status_code
        == 403
    )


def _run(client: TestClient) -> int:
    page = client.post(
        "/benefits/runs",
        data={"period": "2025-01", "program": "nursing_subsidy", "csrf_token": token(client)},
    )
    assert page.status_code == 200, page.text
    return int(page.url.path.rsplit("/", 1)[1])


def test_run_is_checked_approved_by_another_exported_and_reconciled(app_engine: Engine) -> None:
    set_auto_enrol(app_engine, SYSTEM, "nursing_subsidy", True)
    register_account(app_engine, SYSTEM, person_id(app_engine), "农商银行", INSIDE_NAME, ACCOUNT)
    county = client_for(app_engine, "county")
    bad = county.post(
        "/benefits/runs", data={"period": "13月", "program": "x", "csrf_token": token(county)}
    )
    assert bad.status_code == 400 and 'id="period-error"' in bad.text
    run_id = _run(county)
    assert county.post(f"/benefits/runs/{run_id}/check", data={"csrf_token": token(county)})
    refused = county.post(f"/benefits/runs/{run_id}/approve", data={"csrf_token": token(county)})
    assert refused.status_code == 403 and "审批人不能是本批次的创建人" in refused.text
    approver = client_for(app_engine, "approver")
    ok = approver.post(f"/benefits/runs/{run_id}/approve", data={"csrf_token": token(approver)})
    assert "批次已审批" in ok.text and "approver" in ok.text
    assert (
        approver.post(f"/benefits/runs/{run_id}/export", data={"csrf_token": token(approver)})
    ).status_code == 403
    bank = county.post(f"/benefits/runs/{run_id}/export", data={"csrf_token": token(county)})
    assert bank.status_code == 200 and "attachment" in bank.headers["content-disposition"]
    assert ACCOUNT in bank.content.decode("utf-8-sig")
    with app_engine.connect() as conn:
        actions = conn.execute(select(audit_log.c.action)).scalars().all()
        line_id = conn.execute(
            select(payment_line.c.id).where(payment_line.c.status == "exported")
        ).scalar_one()
    assert "payment_run.bank_file" in actions
    back = f"流水号,结果,失败原因\n{line_id},失败,账户冻结\n".encode()
    done = county.post(
        f"/benefits/runs/{run_id}/reconcile",
        data={"csrf_token": token(county)},
        files={"file": ("回盘.csv", back, "text/csv")},
    )
    assert "已对账" in done.text
    why = county.get(f"/benefits/lines/{line_id}").text
    assert "test.nursing_subsidy" in why and "nursing_standard" in why and "结论" in why


def test_alert_is_worked_with_a_reason(app_engine: Engine) -> None:
    pid = person_id(app_engine)
    now = datetime(2025, 4, 1)
    with app_engine.begin() as conn:
        conn.execute(
            alert.insert().values(
                id=1, kind="lost_dibao", person_id=pid, region="331102001001",
                detail="民政数据显示已退出低保", dedup_key="t1", state="open",
                source="test", raised_at=now, updated_at=now,
            )
        )  # fmt: skip
    town = client_for(app_engine, "town")
    assert "已退出低保" in town.get("/benefits/alerts").text
    missing = town.post(
        "/benefits/alerts/1/work", data={"action": "dismiss", "csrf_token": token(town)}
    )
    assert missing.status_code == 400 and 'id="reason-error"' in missing.text
    done = town.post(
        "/benefits/alerts/1/work",
        data={"action": "dismiss", "reason": "入户核实仍为低保", "csrf_token": token(town)},
    )
    assert "预警已处理" in done.text and "入户核实仍为低保" in done.text
    assert "已核实排除" in done.text
    village = client_for(app_engine, "village")
    assert (
        village.post(
            "/benefits/alerts/1/work",
            data={"action": "stop", "reason": "x", "csrf_token": token(village)},
        ).status_code
        == 403
    )


def test_pages_in_english(app_engine: Engine) -> None:
    county = client_for(app_engine, "county")
    county.cookies.set("lang", "en")
    assert "Benefits work desk" in county.get("/benefits").text
    assert "Monthly payment runs" in county.get("/benefits/runs").text
    assert re.search(r"<h1>Dynamic supervision alerts", county.get("/benefits/alerts").text)
