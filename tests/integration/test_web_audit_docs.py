"""The audit page (chain check on request, filters, paging) and the API reference page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text

from factories_web import csrf_of, seed_people, seed_users, sign_in
from zhucan.access import audit
from zhucan.access.audit import drop_append_only_guards
from zhucan.access.tables import audit_log
from zhucan.web.app import create_app


@pytest.fixture
def app_engine(engine: Engine) -> Engine:
    seed_people(engine)
    seed_users(engine, ["admin", "county"])
    return engine


def client_for(engine: Engine, username: str) -> TestClient:
    client = TestClient(create_app(engine), base_url="https://testserver")
    sign_in(client, username)
    return client


def test_chain_is_checked_on_request_and_the_result_kept(app_engine: Engine) -> None:
    admin = client_for(app_engine, "admin")
    first = admin.get("/audit")
    assert "尚未校验过审计链" in first.text and 'action="/audit/verify"' in first.text
    done = admin.post("/audit/verify", data={"csrf_token": csrf_of(first.text)})
    assert done.status_code == 200 and "审计链校验完成" in done.text
    assert "上次校验通过" in done.text and "校验人" in done.text and "admin" in done.text
    with app_engine.connect() as conn:
        kept = conn.execute(
            select(audit_log.c.detail).where(audit_log.c.action == "audit.verify")
        ).scalar_one()
        assert audit.verify(conn).ok
    assert '"ok":true' in kept
    with app_engine.begin() as conn:
        drop_append_only_guards(conn)
        conn.execute(text("UPDATE audit_log SET actor = 'someone' WHERE id = 2"))
    assert "上次校验通过" in admin.get("/audit").text  # the page itself does not re-walk
    bad = admin.post("/audit/verify", data={"csrf_token": csrf_of(first.text)})
    assert "上次校验未通过" in bad.text and "第 2 条" in bad.text and 'role="alert"' in bad.text


def test_check_needs_admin_and_a_csrf_token(app_engine: Engine) -> None:
    county = client_for(app_engine, "county")
    token = csrf_of(county.get("/benefits").text)
    assert county.get("/audit").status_code == 403
    assert county.post("/audit/verify", data={"csrf_token": token}).status_code == 403
    admin = client_for(app_engine, "admin")
    assert admin.post("/audit/verify", data={}).status_code == 403
    with app_engine.connect() as conn:
        checks = conn.execute(select(audit_log.c.id).where(audit_log.c.action == "audit.verify"))
        assert checks.all() == []


def test_filters_and_paging(app_engine: Engine) -> None:
    with app_engine.begin() as conn:
        for n in range(60):
            audit.record(conn, "robot", "test.ping", "thing", str(n), {"n": n})
    admin = client_for(app_engine, "admin")
    page = admin.get("/audit", params={"actor": "robot"})
    ids = [int(i) for i in re.findall(r'<th scope="row">(\d+)</th>', page.text)]
    assert len(ids) == 50 and ids == sorted(ids, reverse=True)
    older = re.search(r'href="(/audit\?before=\d+[^"]*)"', page.text)
    assert older and "actor=robot" in older.group(1)
    rest = admin.get(older.group(1).replace("&amp;", "&"))
    assert len(re.findall(r'<th scope="row">(\d+)</th>', rest.text)) == 10
    by_action = admin.get("/audit", params={"action": "user."})
    assert "test.ping" not in by_action.text and "user.add" in by_action.text
    literal = admin.get("/audit", params={"action": "test_"})
    assert "没有符合条件的记录" in literal.text  # "_" is not a wildcard
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert "没有符合条件的记录" in admin.get("/audit", params={"from": tomorrow}).text
    today = admin.get("/audit", params={"from": date.today().isoformat(), "to": "x"})
    assert today.status_code == 200 and "test.ping" in today.text


def test_api_docs_page_lists_every_operation_without_scripts(app_engine: Engine) -> None:
    anonymous = TestClient(create_app(app_engine), base_url="https://testserver")
    page = anonymous.get("/api/v1/docs")
    assert page.status_code == 200 and "zhucan_session=" in page.headers.get("set-cookie", "")
    spec = anonymous.get("/api/v1/openapi.json").json()
    for path, item in spec["paths"].items():
        for method in item:
            assert f"{method.upper()} {path}" in page.text
    assert "Authorization: Bearer" in page.text and "zhucan users token" in page.text
    assert 'href="/api/v1/openapi.json"' in page.text and 'id="schema-CountsOut"' in page.text
    scripts = re.findall(r"<script[^>]*>", page.text)
    assert scripts == ['<script src="/static/vendor/htmx.min.js" defer></script>'[:-9]]
    token = csrf_of(page.text)  # the language button works for a first-time visitor
    english = anonymous.post("/prefs", data={"lang": "en", "csrf_token": token, "back": "/"})
    assert english.status_code < 400
    assert "API reference" in anonymous.get("/api/v1/docs").text
