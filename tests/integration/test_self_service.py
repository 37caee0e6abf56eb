"""Self-service: a person account sees and applies for its own person only."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest
import typer
from benefits_support import policies
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from factories_web import (
    HOUSEMATE_NAME,
    INSIDE_ID,
    INSIDE_NAME,
    OUTSIDE_ID,
    PASSWORD,
    PERSON_USER,
    csrf_of,
    seed_people,
    seed_person_user,
    seed_users,
    sign_in,
)
from zhucan.access.masking import mask_citizen_id
from zhucan.access.permissions import Permission, permissions
from zhucan.access.scope import SYSTEM, Actor, Role
from zhucan.access.users import User, add_user, get_user_by_name
from zhucan.benefits.applications import submit
from zhucan.benefits.runs import run_payments
from zhucan.benefits.settings import set_auto_enrol
from zhucan.benefits.tables import application
from zhucan.cli.users import app as users_app
from zhucan.core.errors import Forbidden, InvalidValue, NotFound
from zhucan.core.period import Month
from zhucan.registry.tables import person
from zhucan.settings import get_settings
from zhucan.storage.engine import get_engine, make_engine
from zhucan.storage.migrate import upgrade
from zhucan.web.app import create_app


@pytest.fixture
def app_engine(engine: Engine) -> Engine:
    seed_people(engine)
    seed_users(engine, ["town", "county", PERSON_USER])
    return engine


def client_for(engine: Engine, username: str) -> TestClient:
    app = create_app(engine)
    app.state.policies = policies()
    client = TestClient(app, base_url="https://testserver")
    sign_in(client, username)
    return client


def account(engine: Engine, username: str) -> User:
    with engine.connect() as conn:
        return get_user_by_name(conn, username)


def person_id(engine: Engine, name: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(person.c.id).where(person.c.name == name)).scalar_one())


def test_person_role_grants_self_service_only() -> None:
    assert permissions(Role.PERSON) == frozenset({Permission.SELF_SERVICE})
    assert Permission.SELF_SERVICE not in permissions(Role.ADMIN)


def test_a_person_account_is_linked_to_one_person_in_scope(app_engine: Engine) -> None:
    user = account(app_engine, PERSON_USER)
    assert user.person_id == person_id(app_engine, INSIDE_NAME)
    assert user.jurisdiction == "331102001001"  # the person's 户籍
    with pytest.raises(InvalidValue):
        add_user(app_engine, SYSTEM, "nobody", PASSWORD, Role.PERSON, "")
    with pytest.raises(InvalidValue):
        add_user(app_engine, SYSTEM, "w2", PASSWORD, Role.TOWN_WORKER, "331102", person_id=1)
    qingtian = Actor("qt", Role.COUNTY_OFFICER, "331121000000")
    seed_for = person_id(app_engine, INSIDE_NAME)
    with pytest.raises(Forbidden):
        add_user(app_engine, qingtian, "p2", PASSWORD, Role.PERSON, "", person_id=seed_for)


def test_sign_in_lands_on_own_benefits_with_reasons(app_engine: Engine) -> None:
    client = TestClient(create_app(app_engine), base_url="https://testserver")
    client.app.state.policies = policies()  # type: ignore[attr-defined]
    token = csrf_of(client.get("/login").text)
    landed = client.post(
        "/login", data={"username": PERSON_USER, "password": PASSWORD, "csrf_token": token}
    )
    assert landed.url.path == "/me"
    page = landed.text
    assert INSIDE_NAME in page and mask_citizen_id(INSIDE_ID) in page
    assert INSIDE_ID not in page and HOUSEMATE_NAME not in page
    assert "为什么能/不能享受" in page and "符合：" in page
    assert 'href="/persons' not in page  # no staff navigation


def test_own_payments_in_yuan_for_the_last_year(app_engine: Engine) -> None:
    set_auto_enrol(app_engine, SYSTEM, "nursing_subsidy", True)
    county = Actor("c", Role.COUNTY_OFFICER, "331102000000")
    month = Month.of(date.today())
    run_payments(app_engine, county, month, "331102", "nursing_subsidy", policies())
    page = client_for(app_engine, PERSON_USER).get("/me")
    assert page.status_code == 200
    assert str(month) in page.text and "100.00" in page.text  # 10000 fen
    assert "持续享受" in page.text  # the enrolment


def test_apply_shows_in_the_town_queue(app_engine: Engine) -> None:
    me = client_for(app_engine, PERSON_USER)
    form = me.get("/me/apply")
    assert 'value="nursing_subsidy"' in form.text and 'id="declare"' in form.text
    refused = me.post(
        "/me/apply", data={"program": "nursing_subsidy", "csrf_token": csrf_of(form.text)}
    )
    assert refused.status_code == 400 and "请确认本人承诺所填信息真实" in refused.text
    other = person_id(app_engine, HOUSEMATE_NAME)
    done = me.post(
        "/me/apply",
        data={
            "program": "nursing_subsidy",
            "declare": "yes",
            "person_id": str(other),  # ignored: one applies for oneself only
            "csrf_token": csrf_of(form.text),
        },
    )
    assert done.status_code == 200 and done.url.path.startswith("/me/applications/")
    assert "已受理，待审核" in done.text and "审核期限" in done.text
    with app_engine.connect() as conn:
        row = conn.execute(select(application)).mappings().one()
    assert row["person_id"] == person_id(app_engine, INSIDE_NAME)
    assert (row["channel"], row["applied_by"]) == ("self_service", PERSON_USER)
    assert 'value="nursing_subsidy"' not in me.get("/me/apply").text  # an open application
    again = me.post(
        "/me/apply",
        data={"program": "nursing_subsidy", "declare": "yes", "csrf_token": csrf_of(form.text)},
    )
    assert again.status_code == 400
    queue = client_for(app_engine, "town").get("/benefits/applications")
    assert INSIDE_NAME in queue.text and f"/benefits/applications/{row['id']}" in queue.text
    listed = me.get("/me/applications")
    assert f"/me/applications/{row['id']}" in listed.text


def test_another_persons_application_is_not_found(app_engine: Engine) -> None:
    town = Actor("t", Role.TOWN_WORKER, "331102001000")
    theirs = submit(
        app_engine, town, person_id(app_engine, HOUSEMATE_NAME), "living_subsidy", date.today()
    )
    me = client_for(app_engine, PERSON_USER)
    answer = me.get(f"/me/applications/{theirs}")
    assert answer.status_code == 404 and HOUSEMATE_NAME not in answer.text
    assert me.get("/me/applications/999999").status_code == 404
    assert f"/me/applications/{theirs}" not in me.get("/me/applications").text


def test_staff_cannot_use_self_service_and_persons_no_staff_pages(app_engine: Engine) -> None:
    county = client_for(app_engine, "county")
    assert county.get("/me").status_code == 403
    me = client_for(app_engine, PERSON_USER)
    for path in ("/", "/persons", "/benefits/applications", "/audit", "/cases", "/policies"):
        assert me.get(path).status_code == 403, path
    refused = me.get(f"/persons/{person_id(app_engine, INSIDE_NAME)}")
    assert refused.status_code == 403 and 'href="/me">返回首页' in refused.text


def test_a_person_cannot_apply_through_the_worker_channel(app_engine: Engine) -> None:
    actor = account(app_engine, PERSON_USER).actor
    with pytest.raises(Forbidden):
        submit(
            app_engine, actor, person_id(app_engine, INSIDE_NAME), "living_subsidy", date.today()
        )


def test_english_and_large_text(app_engine: Engine) -> None:
    me = client_for(app_engine, PERSON_USER)
    token = csrf_of(me.get("/me").text)
    me.post("/prefs", data={"lang": "en", "text_size": "large", "csrf_token": token})
    page = me.get("/me/apply").text
    assert 'class="large-text"' in page and 'lang="en"' in page
    assert "Apply for a subsidy" in page and "I declare that the information given is true" in page


def test_unlinked_person_missing_from_registry_is_not_found(app_engine: Engine) -> None:
    with pytest.raises(NotFound):
        add_user(app_engine, SYSTEM, "ghost", PASSWORD, Role.PERSON, "", person_id=987654)


def test_cli_adds_a_person_account_by_citizen_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    upgrade(engine)
    seed_people(engine)
    engine.dispose()
    monkeypatch.setenv("ZHUCAN_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    app = typer.Typer()
    app.add_typer(users_app, name="users")
    runner = CliRunner()
    added = runner.invoke(
        app,
        ["users", "add", "lxf", "--role", "person", "--person", INSIDE_ID, "--generate",
         "--format", "json"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    data = json.loads(added.output)
    assert data["role"] == "person" and data["jurisdiction"] == "331102001001"
    assert len(data["password"]) >= 10
    missing = runner.invoke(app, ["users", "add", "x1", "--role", "person", "--generate"])
    assert missing.exit_code == 2
    unknown = runner.invoke(
        app, ["users", "add", "x2", "--role", "person", "--person", OUTSIDE_ID[:-1] + "X"]
    )
    assert unknown.exit_code != 0
    get_engine.cache_clear()
    engine = make_engine(url)
    user = account(engine, "lxf")
    assert user.person_id is not None and user.role == Role.PERSON
    engine.dispose()


def test_seed_helper_links_the_named_person(app_engine: Engine) -> None:
    pid = seed_person_user(app_engine, "family", HOUSEMATE_NAME)
    assert account(app_engine, "family").person_id == pid


def test_county_officer_opens_an_account_on_the_person_file(app_engine: Engine) -> None:
    seed_users(app_engine, ["village"])
    pid = person_id(app_engine, HOUSEMATE_NAME)
    assert (
        'id="account-username"' not in client_for(app_engine, "village").get(f"/persons/{pid}").text
    )
    county = client_for(app_engine, "county")
    file_page = county.get(f"/persons/{pid}")
    assert 'id="account-username"' in file_page.text
    token = csrf_of(file_page.text)
    opened = county.post(f"/persons/{pid}/account", data={"username": "lds", "csrf_token": token})
    assert opened.status_code == 200 and "账号已开通" in opened.text
    password = re.search(r'<dt>初始密码</dt><dd class="mono">([^<]+)</dd>', opened.text)
    assert password
    again = county.post(f"/persons/{pid}/account", data={"username": "lds", "csrf_token": token})
    assert again.status_code == 400 and "已存在" in again.text
    family = TestClient(create_app(app_engine), base_url="https://testserver")
    sign_in(family, "lds", html.unescape(password.group(1)))
    mine = family.get("/me")
    assert mine.status_code == 200 and HOUSEMATE_NAME in mine.text and INSIDE_NAME not in mine.text
    assert account(app_engine, "lds").person_id == pid
