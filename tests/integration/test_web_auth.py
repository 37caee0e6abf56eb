"""Sign-in, sessions, throttling, CSRF and cookies (SQLite and PostgreSQL)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from factories_web import PASSWORD, csrf_of, seed_people, seed_users, sign_in
from zhucan.access.tables import audit_log
from zhucan.web import sessions
from zhucan.web.app import create_app


@pytest.fixture
def client(engine: Engine) -> TestClient:
    seed_people(engine)
    seed_users(engine, ["county", "village"])
    return TestClient(create_app(engine), base_url="https://testserver")


def test_pages_need_sign_in(client: TestClient) -> None:
    page = client.get("/persons?q=林", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/persons"
    assert client.get("/persons", headers={"HX-Request": "true"}).headers["HX-Redirect"]


def test_session_cookie_flags_and_sign_in(client: TestClient, engine: Engine) -> None:
    login = client.get("/login")
    cookie = login.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie
    sign_in(client, "county")
    assert client.get("/").status_code == 200
    with engine.connect() as conn:
        assert "user.sign_in" in conn.execute(select(audit_log.c.action)).scalars().all()


def test_cookie_not_secure_on_loopback_http(engine: Engine) -> None:
    local = TestClient(create_app(engine), base_url="http://127.0.0.1:8000")
    assert "Secure" not in local.get("/login").headers["set-cookie"]


def test_wrong_password_then_throttled(client: TestClient) -> None:
    for _ in range(5):
        token = csrf_of(client.get("/login").text)
        page = client.post(
            "/login", data={"username": "county", "password": "nope", "csrf_token": token}
        )
        assert page.status_code == 400 and "用户名或密码错误" in page.text
    token = csrf_of(client.get("/login").text)
    page = client.post(
        "/login", data={"username": "county", "password": PASSWORD, "csrf_token": token}
    )
    assert page.status_code == 429 and "登录失败次数过多" in page.text


def test_post_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    page = client.post("/login", data={"username": "county", "password": PASSWORD})
    assert page.status_code == 403 and "表单已过期" in page.text
    sign_in(client, "county")
    assert client.post("/logout", data={"csrf_token": "0" * 64}).status_code == 403


def test_sign_out_ends_the_session_everywhere(client: TestClient, engine: Engine) -> None:
    sign_in(client, "county")
    other = TestClient(create_app(engine), base_url="https://testserver")
    sign_in(other, "county")
    stolen = dict(client.cookies)
    token = csrf_of(client.get("/").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 200
    assert other.get("/", follow_redirects=False).status_code == 303
    replay = TestClient(create_app(engine), base_url="https://testserver", cookies=stolen)
    assert replay.get("/", follow_redirects=False).status_code == 303


def test_idle_session_times_out(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in(client, "county")
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + sessions.IDLE + 5)
    page = client.get("/", follow_redirects=True)
    assert "会话已超时" in page.text


def test_forged_cookie_is_ignored(client: TestClient) -> None:
    client.cookies.set(sessions.COOKIE, "eyJzIjoieCIsInUiOjF9.forged.sig")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_security_headers_and_no_store(client: TestClient) -> None:
    page = client.get("/login")
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
