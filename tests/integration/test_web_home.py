"""The overview page: registry counts by town, category and grade, scoped to the user."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from factories_web import seed_people, seed_users, sign_in
from zhucan.web.app import create_app


@pytest.fixture
def client(engine: Engine) -> TestClient:
    seed_people(engine)
    seed_users(engine, ["county", "village"])
    client = TestClient(create_app(engine), base_url="https://testserver")
    sign_in(client, "county")
    return client


def test_home_shows_counts_by_town_category_grade(client: TestClient) -> None:
    page = client.get("/", params={"region": "331102", "as_of": "2024-06-01"})
    assert page.status_code == 200
    html = page.text
    assert "浙江省丽水市莲都区" in html and "紫金街道" in html
    assert "肢体" in html and "视力" in html and "二级" in html and "三级" in html
    assert "<strong>2</strong>" in html
    assert '<html lang="zh-CN">' in html and 'href="#main"' in html
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"


def test_default_region_is_the_users_jurisdiction(client: TestClient) -> None:
    html = client.get("/", params={"as_of": "2024-06-01"}).text
    assert "残疾人名册概况：浙江省丽水市莲都区" in html


def test_region_outside_the_jurisdiction_is_refused(client: TestClient) -> None:
    assert client.get("/", params={"region": "331121"}).status_code == 403


def test_bad_input_is_a_clear_error_page(client: TestClient) -> None:
    page = client.get("/", params={"region": "123"})
    assert page.status_code == 400
    assert "区划" in page.text
