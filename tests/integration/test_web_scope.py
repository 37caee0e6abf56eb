"""Every route, every role: nothing about a person outside the jurisdiction is shown or changed.

The test enumerates ``app.routes``; a new route without a request below fails it, so
every page and API call gets checked for scoping when it is added.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, func, select
from test_web_benefits_scope import BENEFIT_REFUSED, BENEFIT_REQUESTS, benefits_state, seed_benefits
from test_web_benefits_scope import SECRETS as BENEFIT_SECRETS
from test_web_employment_seed import SECRETS, WORK_REFUSED, WORK_REQUESTS, seed_work, work_state

from factories import citizen_id
from factories_web import (
    INSIDE_NAME,
    OUTSIDE_ID,
    OUTSIDE_NAME,
    PERSON_USER,
    USERS,
    csrf_of,
    seed_people,
    seed_users,
    sign_in,
)
from zhucan.access.masking import mask_citizen_id
from zhucan.access.permissions import Permission, permissions
from zhucan.access.scope import Role
from zhucan.registry.tables import fact, person
from zhucan.web.app import create_app

OUTSIDE_SHEET = (
    "姓名,身份证号,残疾证号,户籍区划代码,低保状态\n"
    f"{OUTSIDE_NAME},{OUTSIDE_ID},{OUTSIDE_ID}42,331121001001,特困\n"
    f"冒名,{citizen_id('331121', seq=51)},{citizen_id('331121', seq=51)}42,331102001001,无\n"
).encode()
ECHOED = re.compile(r'value="[^"]*"')
FACT = {"kind": "assistance", "value": "特困", "valid_from": "2024-06-01", "source": "越权"}


class Ctx:
    """What a request needs: the signed-in client, its CSRF token and API token, the ids."""

    def __init__(self, client: TestClient, bearer: dict[str, str], outside: int) -> None:
        self.client, self.bearer, self.outside = client, bearer, outside
        self.work: dict[str, int] = {}  # outside employment, case and visit ids
        self.benefits: dict[str, int] = {}  # outside application, alert, run and line ids

    def token(self) -> str:
        return csrf_of(self.client.get("/login").text)


Call = Callable[[Ctx], list[Response]]

# (method, route path) -> the requests that try to reach the outside person through it.
REQUESTS: dict[tuple[str, str], Call] = {
    ("GET", "/static/vendor/{name}"): lambda c: [c.client.get("/static/vendor/htmx.min.js")],
    ("GET", "/login"): lambda c: [c.client.get("/login")],
    ("POST", "/login"): lambda c: [
        c.client.post("/login", data={"username": "x", "password": "y", "csrf_token": c.token()})
    ],
    ("POST", "/logout"): lambda c: [],  # checked last, below: it ends the session
    ("POST", "/prefs"): lambda c: [
        c.client.post("/prefs", data={"lang": "zh", "csrf_token": c.token()})
    ],
    ("GET", "/"): lambda c: [c.client.get("/"), c.client.get("/", params={"region": "331121"})],
    ("GET", "/persons"): lambda c: [
        c.client.get("/persons", params={"q": q}) for q in (OUTSIDE_NAME, OUTSIDE_ID, "钱")
    ],
    ("GET", "/persons/{person_id}"): lambda c: [c.client.get(f"/persons/{c.outside}")],
    ("POST", "/persons/{person_id}/facts"): lambda c: [
        c.client.post(f"/persons/{c.outside}/facts", data={**FACT, "csrf_token": c.token()})
    ],
    ("POST", "/persons/{person_id}/reveal"): lambda c: [
        c.client.post(f"/persons/{c.outside}/reveal", data={"reason": "x", "csrf_token": c.token()})
    ],
    ("GET", "/import"): lambda c: [c.client.get("/import")],
    ("POST", "/import"): lambda c: [
        c.client.post(
            "/import",
            data={"csrf_token": c.token()},
            files={"file": ("外县.csv", OUTSIDE_SHEET, "text/csv")},
        )
    ],
    ("GET", "/import/reports/{token}"): lambda c: [c.client.get("/import/reports/" + "a" * 32)],
    ("GET", "/audit"): lambda c: [c.client.get("/audit")],
    ("GET", "/api/v1/openapi.json"): lambda c: [c.client.get("/api/v1/openapi.json")],
    ("POST", "/api/v1/tokens"): lambda c: [
        c.client.post("/api/v1/tokens", json={"username": "x", "password": "y"})
    ],
    ("GET", "/api/v1/persons"): lambda c: [
        c.client.get("/api/v1/persons", params={"q": q}, headers=c.bearer)
        for q in (OUTSIDE_NAME, OUTSIDE_ID)
    ],
    ("GET", "/api/v1/persons/{person_id}"): lambda c: [
        c.client.get(f"/api/v1/persons/{c.outside}", headers=c.bearer)
    ],
    ("GET", "/api/v1/counts"): lambda c: [
        c.client.get("/api/v1/counts", params={"region": "331121"}, headers=c.bearer)
    ],
    ("POST", "/api/v1/imports"): lambda c: [
        c.client.post(
            "/api/v1/imports",
            files={"file": ("外县.csv", OUTSIDE_SHEET, "text/csv")},
            headers=c.bearer,
        )
    ],
}
# Routes whose whole point is the outside person: they must be refused outright.
REFUSED = {
    ("GET", "/persons/{person_id}"),
    ("POST", "/persons/{person_id}/facts"),
    ("POST", "/persons/{person_id}/reveal"),
    ("GET", "/api/v1/persons/{person_id}"),
    ("GET", "/api/v1/counts"),
}
# Self-service: a person account's own pages; another person's id is not found.
REQUESTS |= {
    ("GET", "/me"): lambda c: [c.client.get("/me")],
    ("GET", "/me/applications"): lambda c: [c.client.get("/me/applications")],
    ("GET", "/me/applications/{app_id}"): lambda c: [
        c.client.get(f"/me/applications/{c.benefits['application']}")
    ],
    ("GET", "/me/apply"): lambda c: [c.client.get("/me/apply")],
    ("POST", "/me/apply"): lambda c: [
        c.client.post(
            "/me/apply",
            data={
                "program": "nursing_subsidy",
                "declare": "yes",
                "person_id": str(c.outside),
                "csrf_token": c.token(),
            },
        )
    ],
    ("POST", "/audit/verify"): lambda c: [
        c.client.post("/audit/verify", data={"csrf_token": c.token()})
    ],
    ("GET", "/api/v1/docs"): lambda c: [c.client.get("/api/v1/docs")],
    ("POST", "/persons/{person_id}/account"): lambda c: [
        c.client.post(
            f"/persons/{c.outside}/account", data={"username": "outsider", "csrf_token": c.token()}
        )
    ],
}
REFUSED |= {("GET", "/me/applications/{app_id}"), ("POST", "/persons/{person_id}/account")}
# Indicators: a region outside the jurisdiction is not found (nor refreshed, nor reported).
REQUESTS |= {
    ("GET", "/indicators"): lambda c: [c.client.get("/indicators", params={"region": "331121"})],
    ("POST", "/indicators/refresh"): lambda c: [
        c.client.post(
            "/indicators/refresh",
            data={"region": "331121", "as_of": "2024-06-30", "csrf_token": c.token()},
        )
    ],
    ("GET", "/indicators/plans/{plan_id}"): lambda c: [
        c.client.get("/indicators/plans/lishui-2021-2025", params={"region": "331121"})
    ],
    ("GET", "/indicators/reports"): lambda c: [
        c.client.get("/indicators/reports", params={"region": "331121"})
    ],
    ("POST", "/indicators/reports"): lambda c: [
        c.client.post(
            "/indicators/reports",
            data={
                "plan": "lishui-2021-2025",
                "year": "2023",
                "region": "331121",
                "file_format": "html",
                "csrf_token": c.token(),
            },
        )
    ],
}
REFUSED |= {
    ("GET", "/indicators"),
    ("POST", "/indicators/refresh"),
    ("GET", "/indicators/plans/{plan_id}"),
    ("GET", "/indicators/reports"),
    ("POST", "/indicators/reports"),
}
REQUESTS |= WORK_REQUESTS
REFUSED |= WORK_REFUSED
REQUESTS |= BENEFIT_REQUESTS
REFUSED |= BENEFIT_REFUSED


def app_routes() -> set[tuple[str, str]]:
    """Every (method, path) the app answers, from ``app.routes`` (static files aside)."""
    app = create_app(engine=object())  # type: ignore[arg-type]
    found: set[tuple[str, str]] = set()
    # FastAPI keeps included routers as branches of app.routes; this walks them too.
    for route in iter_route_contexts(app.routes):
        methods, path = route.methods or set(), route.path or ""
        found |= {(method, path) for method in methods if method != "HEAD"}
    return found


def test_every_route_has_a_scoping_request() -> None:
    assert app_routes() == set(REQUESTS)


def _state(engine: Engine, outside: int) -> tuple[int, str]:
    with engine.connect() as conn:
        facts = conn.execute(select(func.count()).where(fact.c.person_id == outside)).scalar_one()
        region = conn.execute(select(person.c.region).where(person.c.id == outside)).scalar_one()
    return facts, region


# What a person account may reach: its own pages and what is open to everyone.
PERSON_REACHES = {
    ("GET", "/static/vendor/{name}"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("POST", "/prefs"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/docs"),
    ("POST", "/api/v1/tokens"),
}


def person_reaches(key: tuple[str, str]) -> bool:
    """Whether a person account may use the route (self-service and public pages only)."""
    return key in PERSON_REACHES or key[1] == "/me" or key[1].startswith(("/me/", "/calculator"))


@pytest.mark.parametrize("username", [*USERS, PERSON_USER])
def test_no_route_shows_or_changes_a_person_outside(engine: Engine, username: str) -> None:
    seed_people(engine)
    seed_users(engine, [username])
    with engine.connect() as conn:
        outside = conn.execute(select(person.c.id).where(person.c.name == OUTSIDE_NAME)).scalar()
    work = seed_work(engine)
    benefits = seed_benefits(engine)
    before = _state(engine, outside), work_state(engine), benefits_state(engine)
    client = TestClient(create_app(engine), base_url="https://testserver")
    sign_in(client, username)
    bearer = client.post(
        "/api/v1/tokens", json={"username": username, "password": "correct-horse-42"}
    )
    ctx = Ctx(client, {"Authorization": f"Bearer {bearer.json()['token']}"}, outside)
    ctx.work, ctx.benefits = work, benefits
    secrets = (OUTSIDE_NAME, OUTSIDE_ID, mask_citizen_id(OUTSIDE_ID), *SECRETS, *BENEFIT_SECRETS)
    for key, call in REQUESTS.items():
        for answer in call(ctx):
            assert answer.status_code < 500, (key, answer.text[:300])
            shown = ECHOED.sub("", answer.text)  # what the user typed may be echoed back
            for secret in secrets:
                assert secret not in shown, (username, key, secret)
            if key in REFUSED:
                assert answer.status_code in (403, 404), (username, key, answer.status_code)
            if username == PERSON_USER and not person_reaches(key):
                assert answer.status_code in (403, 404), (key, answer.status_code)
    assert (_state(engine, outside), work_state(engine), benefits_state(engine)) == before
    role, _code, person_access = USERS.get(username, (Role.PERSON, "", False))
    reads_files = Permission.VIEW_PERSONS in permissions(role, person_access)
    search = client.get("/persons", params={"q": INSIDE_NAME})
    assert (INSIDE_NAME in search.text) == reads_files
    assert search.status_code == (200 if reads_files else 403)
    assert client.post("/logout", data={"csrf_token": ctx.token()}).status_code == 200
    assert client.get("/", follow_redirects=False).status_code == 303
