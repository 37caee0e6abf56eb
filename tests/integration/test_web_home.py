"""The first page: registry counts by town, category and grade, with security headers."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from factories import citizen_id, person_frame, person_row
from zhucan.access.crypto import get_cipher
from zhucan.registry.regions import load_regions
from zhucan.registry.rows import Provenance
from zhucan.registry.write import write_people
from zhucan.storage import engine as engine_module
from zhucan.web.app import create_app


@pytest.fixture
def client(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    load_regions(engine, ["33"])
    frame = person_frame(
        person_row(1, category=4, grade=1),
        person_row(2, category=5, grade=2, hukou_region="331102002001"),
        person_row(3, citizen_id=citizen_id("331121", seq=3), hukou_region="331121001001"),
    )
    with engine.begin() as conn:
        write_people(conn, frame, get_cipher(), Provenance("t", "t", datetime(2024, 1, 1)))
    monkeypatch.setattr(engine_module, "get_engine", lambda: engine)
    monkeypatch.setattr("zhucan.web.home.get_engine", lambda: engine)
    return TestClient(create_app())


def test_home_shows_counts_by_town_category_grade(client: TestClient) -> None:
    page = client.get("/", params={"region": "331102", "as_of": "2024-06-01"})
    assert page.status_code == 200
    html = page.text
    assert "浙江省丽水市莲都区" in html and "紫金街道" in html and "岩泉街道" in html
    assert "肢体" in html and "智力" in html and "一级" in html and "二级" in html
    assert "共 <strong>2</strong> 人" in html
    assert '<html lang="zh-CN">' in html and 'href="#main"' in html
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"


def test_default_region_is_the_busiest_county(client: TestClient) -> None:
    html = client.get("/", params={"as_of": "2024-06-01"}).text
    assert "莲都区" in html


def test_bad_input_is_a_clear_error_page(client: TestClient) -> None:
    page = client.get("/", params={"region": "123"})
    assert page.status_code == 400
    assert "区划" in page.text
