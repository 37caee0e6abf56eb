"""The pages: search, the person file, recording a change, unmasking, import, audit log."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from factories import citizen_id
from factories_web import (
    HOUSEMATE_NAME,
    INSIDE_ID,
    INSIDE_NAME,
    OUTSIDE_NAME,
    csrf_of,
    seed_people,
    seed_users,
    sign_in,
)
from zhucan.access.tables import audit_log
from zhucan.registry.tables import fact
from zhucan.web.app import create_app


@pytest.fixture
def app_engine(engine: Engine) -> Engine:
    seed_people(engine)
    seed_users(engine)
    return engine


def client_for(engine: Engine, username: str) -> TestClient:
    client = TestClient(create_app(engine), base_url="https://testserver")
    sign_in(client, username)
    return client


def person_id(client: TestClient, query: str = INSIDE_NAME) -> int:
    page = client.get("/persons", params={"q": query})
    return int(re.findall(r'href="/persons/(\d+)"', page.text)[0])


def test_search_by_name_id_and_certificate(app_engine: Engine) -> None:
    client = client_for(app_engine, "county")
    by_name = client.get("/persons", params={"q": "林"}).text
    assert INSIDE_NAME in by_name and HOUSEMATE_NAME in by_name and OUTSIDE_NAME not in by_name
    assert "331102********" in by_name and INSIDE_ID not in by_name
    assert INSIDE_NAME in client.get("/persons", params={"q": INSIDE_ID}).text
    assert INSIDE_NAME in client.get("/persons", params={"q": INSIDE_ID + "42"}).text
    bad = client.get("/persons", params={"q": "330102199001011235"})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text


def test_person_file_shows_state_household_and_history(app_engine: Engine) -> None:
    client = client_for(app_engine, "village")
    html = client.get(f"/persons/{person_id(client)}").text
    for text in ("基本信息", "残疾人证", "肢体", "二级", "低保", HOUSEMATE_NAME, "变更记录"):
        assert text in html
    assert "显示完整身份证号" not in html  # village workers may not unmask


def test_recording_a_change_keeps_history(app_engine: Engine) -> None:
    client = client_for(app_engine, "town")
    pid = person_id(client)
    page = client.get(f"/persons/{pid}")
    form = {"kind": "assistance", "value": "特困", "valid_from": "2024-06-01", "source": "入户核查"}
    done = client.post(f"/persons/{pid}/facts", data={**form, "csrf_token": csrf_of(page.text)})
    assert "变更已登记" in done.text and "特困" in done.text
    with app_engine.connect() as conn:
        values = conn.execute(
            select(fact.c.value).where(fact.c.person_id == pid, fact.c.kind == "assistance")
        ).scalars()
        assert sorted(values) == ["dibao", "tekun"]


def test_invalid_change_shows_errors_by_the_fields(app_engine: Engine) -> None:
    client = client_for(app_engine, "county")
    pid = person_id(client)
    token = csrf_of(client.get(f"/persons/{pid}").text)
    page = client.post(
        f"/persons/{pid}/facts",
        data={"kind": "hukou_region", "value": "331102999999", "valid_from": "x", "source": ""},
        headers={"X-CSRF-Token": token},
    )
    assert page.status_code == 400
    assert 'aria-describedby="value-hint value-error"' in page.text
    assert 'id="valid_from-error"' in page.text and 'id="source-error"' in page.text


def test_unmasking_is_audited(app_engine: Engine) -> None:
    client = client_for(app_engine, "county")
    pid = person_id(client)
    token = csrf_of(client.get(f"/persons/{pid}").text)
    page = client.post(f"/persons/{pid}/reveal", data={"reason": "核对", "csrf_token": token})
    assert INSIDE_ID in page.text
    with app_engine.connect() as conn:
        assert (
            conn.execute(select(audit_log.c.action).order_by(audit_log.c.id.desc())).first()[0]
            == "person.unmask"
        )


def test_import_page_summary_and_report(app_engine: Engine) -> None:
    client = client_for(app_engine, "county")
    good, outside = citizen_id("331102", seq=31), citizen_id("331121", seq=33)
    sheet = (
        "姓名,身份证号,残疾证号,户籍区划代码\n"
        f"周新,{good},{good}42,331102001001\n"
        f"郑外,{outside},{outside}42,331121001001\n"
    ).encode()
    token = csrf_of(client.get("/import").text)
    page = client.post(
        "/import",
        data={"csrf_token": token},
        files={"file": ("名册.csv", sheet, "text/csv")},
    )
    assert page.status_code == 200 and "导入结果" in page.text and "不在您的辖区" in page.text
    report = re.search(r'href="(/import/reports/[^"]+)"', page.text)
    assert report
    assert client.get(report.group(1)).content[:2] == b"PK"
    other = client_for(app_engine, "admin")
    assert other.get(report.group(1)).status_code == 404


def test_audit_page_for_admins_only(app_engine: Engine) -> None:
    admin = client_for(app_engine, "admin")
    checked = admin.post("/audit/verify", data={"csrf_token": csrf_of(admin.get("/").text)})
    assert "上次校验通过" in checked.text
    assert client_for(app_engine, "county").get("/audit").status_code == 403


def test_overview_english_and_large_text(app_engine: Engine) -> None:
    client = client_for(app_engine, "planner")
    token = csrf_of(client.get("/").text)
    client.post("/prefs", data={"lang": "en", "text_size": "large", "csrf_token": token})
    html = client.get("/").text
    assert '<html lang="en" class="large-text">' in html and "Registry overview" in html
    assert "Find a person" not in html  # planners have no person pages


def test_vendor_script_and_unknown_files(app_engine: Engine) -> None:
    client = TestClient(create_app(app_engine), base_url="https://testserver")
    assert "htmx" in client.get("/static/vendor/htmx.min.js").text[:2000].lower()
    assert client.get("/static/vendor/../../pyproject.toml").status_code == 404
    assert client.get("/static/vendor/axe.min.js").status_code == 404
