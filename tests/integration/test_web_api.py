"""The JSON API: bearer tokens, scoping, OpenAPI, and a schemathesis run with no server error."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine, select

from factories import citizen_id
from factories_web import (
    INSIDE_ID,
    INSIDE_NAME,
    OUTSIDE_ID,
    OUTSIDE_NAME,
    PASSWORD,
    seed_people,
    seed_users,
)
from zhucan.registry.tables import person
from zhucan.web.app import create_app


@pytest.fixture
def api(engine: Engine) -> TestClient:
    seed_people(engine)
    seed_users(engine, ["county", "planner", "village"])
    return TestClient(create_app(engine), base_url="https://testserver")


def token_for(api: TestClient, username: str) -> dict[str, str]:
    answer = api.post("/api/v1/tokens", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_token_sign_in_and_scoped_search(api: TestClient) -> None:
    auth = token_for(api, "county")
    hits = api.get("/api/v1/persons", params={"q": "林"}, headers=auth).json()["results"]
    assert INSIDE_NAME in {h["name"] for h in hits} and OUTSIDE_NAME not in str(hits)
    assert all("*" in h["citizen_id_masked"] for h in hits)
    assert api.get("/api/v1/persons", params={"q": OUTSIDE_ID}, headers=auth).json() == {
        "results": [],
        "limit": 50,
    }
    one = api.get("/api/v1/persons", params={"q": INSIDE_ID}, headers=auth).json()["results"]
    file = api.get(f"/api/v1/persons/{one[0]['id']}", headers=auth).json()
    assert file["state"]["name"] == INSIDE_NAME and file["timeline"] and file["household"]


def test_person_outside_jurisdiction_is_refused(api: TestClient, engine: Engine) -> None:
    with engine.connect() as conn:
        outside = conn.execute(select(person.c.id).where(person.c.name == OUTSIDE_NAME)).scalar()
    answer = api.get(f"/api/v1/persons/{outside}", headers=token_for(api, "village"))
    assert answer.status_code in (403, 404)
    assert OUTSIDE_NAME not in answer.text


def test_no_token_wrong_token_and_planner(api: TestClient) -> None:
    assert api.get("/api/v1/counts").status_code == 401
    wrong = {"Authorization": "Bearer zc_not-a-token"}
    assert api.get("/api/v1/counts", headers=wrong).status_code == 401
    bad = api.post("/api/v1/tokens", json={"username": "county", "password": "nope"})
    assert bad.status_code == 400
    planner = token_for(api, "planner")
    assert api.get("/api/v1/counts", headers=planner).json()["total"] == 2
    assert api.get("/api/v1/persons", params={"q": "林"}, headers=planner).status_code == 403


def test_import_through_the_api(api: TestClient) -> None:
    auth = token_for(api, "county")
    cid = citizen_id("331102", seq=41)
    sheet = f"姓名,身份证号,残疾证号,户籍区划代码\n陈新,{cid},{cid}42,331102001001\n".encode()
    answer = api.post(
        "/api/v1/imports",
        params={"dry_run": "true"},
        files={"file": ("p.csv", sheet, "text/csv")},
        headers=auth,
    )
    assert answer.status_code == 200 and answer.json()["created"] == 1
    assert answer.json()["dry_run"] is True


def test_openapi_lists_only_the_api(api: TestClient) -> None:
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths) == {
        "/api/v1/tokens",
        "/api/v1/persons",
        "/api/v1/persons/{person_id}",
        "/api/v1/counts",
        "/api/v1/imports",
    }


def test_schemathesis_finds_no_server_error(api: TestClient) -> None:
    import schemathesis
    from schemathesis.checks import not_a_server_error

    auth = token_for(api, "county")
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", api.app)
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=40,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def call(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=auth, checks=[not_a_server_error])

        call()
        tested += 1
    assert tested == 5
