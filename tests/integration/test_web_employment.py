"""Employer pages: search, one employer, declaring by form and sheet, review, list, report."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from test_web_employment_seed import (
    INSIDE_CODE,
    INSIDE_EMPLOYER,
    OUTSIDE_CODE,
    OUTSIDE_EMPLOYER,
    YEAR,
    YOUNG_ID,
    YOUNG_NAME,
    seed_work,
)

from factories import citizen_id
from factories_web import INSIDE_ID, INSIDE_NAME, csrf_of, seed_people, seed_users, sign_in
from zhucan.access.masking import mask_citizen_id
from zhucan.employment.tables import declared_employee
from zhucan.web.app import create_app

NEW_CODE = "91440300708461136T"


@pytest.fixture
def work(engine: Engine) -> dict[str, int]:
    seed_people(engine)
    seed_users(engine)
    return seed_work(engine)


def client_for(engine: Engine, username: str) -> TestClient:
    client = TestClient(create_app(engine), base_url="https://testserver")
    sign_in(client, username)
    return client


def test_employer_list_search_and_page(engine: Engine, work: dict[str, int]) -> None:
    client = client_for(engine, "county")
    listing = client.get("/employers", params={"year": YEAR}).text
    assert INSIDE_EMPLOYER in listing and OUTSIDE_EMPLOYER not in listing
    assert "<caption" in listing and "就业服务" in listing
    by_code = client.get("/employers", params={"q": INSIDE_CODE}).text
    assert INSIDE_EMPLOYER in by_code
    assert OUTSIDE_EMPLOYER not in client.get("/employers", params={"q": OUTSIDE_CODE}).text
    page = client.get(f"/employers/{work['inside_employer']}", params={"year": YEAR}).text
    assert YOUNG_NAME in page and mask_citizen_id(YOUNG_ID) in page and YOUNG_ID not in page
    assert "核验通过" in page and "不足1%，按90%缴纳" in page and "网上申报" in page
    english = client_for(engine, "approver")
    english.cookies.set("lang", "en")
    html = english.get(f"/employers/{work['inside_employer']}", params={"year": YEAR}).text
    assert "verified" in html and "Declare online" not in html  # approvers only read


def test_declaring_by_form_replaces_the_declaration(engine: Engine, work: dict[str, int]) -> None:
    client = client_for(engine, "county")
    url = f"/employers/{work['inside_employer']}"
    token = csrf_of(client.get(url).text)
    bad = citizen_id("331102", seq=99)[:17] + "0"
    # The next year: re-declaring a reviewed year fails in the domain (see the report).
    form = {
        "year": YEAR + 1,
        "staff": "200",
        "cid": [INSIDE_ID + "42", bad],
        "name": [INSIDE_NAME, "错号"],
    }
    page = client.post(f"{url}/declaration", data={**form, "csrf_token": token})
    assert page.status_code == 200 and "申报已保存" in page.text and "未通过的行" in page.text
    with engine.connect() as conn:
        names = conn.execute(
            select(declared_employee.c.name).where(declared_employee.c.year == YEAR + 1)
        ).scalars()
        assert list(names) == [INSIDE_NAME]
    empty = client.post(f"{url}/declaration", data={"year": YEAR + 1, "csrf_token": token})
    assert empty.status_code == 400 and "请至少填写一名残疾职工" in empty.text
    no_token = client.post(f"{url}/declaration", data=form)
    assert no_token.status_code == 403


def test_sheets_review_noncompliant_and_report(engine: Engine, work: dict[str, int]) -> None:
    client = client_for(engine, "county")
    token = csrf_of(client.get("/employers").text)
    register = (
        "统一社会信用代码,单位名称,所在区划代码,在职职工人数,职工年平均工资\n"
        f"{NEW_CODE},莲都新厂,331102001001,40,60000\n"
        f"{OUTSIDE_CODE},外县改名,331121001001,5,1\n"
    ).encode()
    files = {"file": ("单位.csv", register, "text/csv")}
    page = client.post("/employers/import", data={"csrf_token": token}, files=files).text
    assert "单位名册" in page and "不在您的辖区内" in page and "莲都新厂" in page
    sheet = (
        f"统一社会信用代码,残疾职工身份证号,残疾职工姓名\n{NEW_CODE},{INSIDE_ID},{INSIDE_NAME}\n"
    )
    files = {"file": ("申报.csv", sheet.encode(), "text/csv")}
    data = {"csrf_token": token, "year": YEAR}
    assert "年审申报" in client.post("/employers/declarations", data=data, files=files).text
    done = client.post("/employment/review", data={**data, "local_wage": "70000"})
    assert "年审完成" in done.text and OUTSIDE_EMPLOYER not in done.text
    assert "已达规定比例" in done.text  # 莲都新厂: 40 staff, one grade-2 employee counted twice
    listing = client.get("/employment/noncompliant", params={"year": YEAR}).text
    assert INSIDE_EMPLOYER in listing and "未达规定比例且应缴保障金" in listing
    assert "莲都新厂" not in listing and OUTSIDE_EMPLOYER not in listing
    report = client.get("/employment/report", params={"year": YEAR})
    assert report.status_code == 200 and report.content[:2] == b"PK"
    assert "spreadsheetml" in report.headers["content-type"]
    bad = client.post("/employment/review", data={**data, "local_wage": "abc"})
    assert bad.status_code == 400


def test_village_worker_reads_but_may_not_review(engine: Engine, work: dict[str, int]) -> None:
    client = client_for(engine, "village")
    assert client.get("/employment", params={"year": YEAR}).status_code == 200
    token = csrf_of(client.get("/employers").text)
    assert (
        client.post("/employment/review", data={"year": YEAR, "csrf_token": token}).status_code
        == 403
    )
    assert client_for(engine, "planner").get("/employers").status_code == 403
    assert re.search(r'href="/employers"', client.get("/").text)
