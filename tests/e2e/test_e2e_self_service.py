"""Self-service, the audit page and the API reference in a real Chromium: axe, keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browser_support import check_page, served, tab_to
from sqlalchemy import select

from factories_web import (
    HOUSEMATE_NAME,
    INSIDE_NAME,
    PASSWORD,
    PERSON_USER,
    seed_people,
    seed_users,
)
from zhucan.access.scope import SYSTEM, Actor, Role
from zhucan.benefits.applications import review, submit
from zhucan.benefits.runs import run_payments
from zhucan.benefits.settings import set_auto_enrol
from zhucan.core.period import Month
from zhucan.policy.loader import load_policies
from zhucan.registry.tables import person
from zhucan.storage.engine import make_engine
from zhucan.storage.migrate import upgrade

TOWN = Actor("town", Role.TOWN_WORKER, "331102001000")
COUNTY = Actor("county", Role.COUNTY_OFFICER, "331102000000")
REJECTED_BECAUSE = "家庭人均收入高于低保边缘标准"


def _seed(url: str) -> None:
    """People, a person account, this month's nursing subsidy, a rejected application."""
    engine = make_engine(url)
    upgrade(engine)
    seed_people(engine)
    seed_users(engine, ["admin", "town", PERSON_USER])
    with engine.connect() as conn:
        pid = conn.execute(select(person.c.id).where(person.c.name == INSIDE_NAME)).scalar_one()
    set_auto_enrol(engine, SYSTEM, "nursing_subsidy", True)
    run_payments(
        engine, COUNTY, Month.of(date.today()), "331102", "nursing_subsidy", load_policies()
    )
    app_id = submit(engine, TOWN, pid, "living_subsidy", date.today())
    review(engine, TOWN, app_id, False, REJECTED_BECAUSE, date.today())
    engine.dispose()


@pytest.fixture(scope="module")
def self_service_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A separate live app with a person account and its benefits."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e-self') / 'zhucan.db'}"
    _seed(url)
    engine = make_engine(url)
    with served(engine) as base:
        yield base


@pytest.fixture
def tab(browser: Any, self_service_url: str) -> Iterator[Any]:
    """A fresh context; fails on a CSP violation, a script error or a missing resource."""
    context = browser.new_context(base_url=self_service_url, locale="zh-CN")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type != "document"
            else None
        ),
    )
    yield page
    context.close()
    assert not problems, problems


def sign_in(page: Any, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_selector("main h1")


def test_person_sees_own_benefits_and_applies_by_keyboard(tab: Any) -> None:
    sign_in(tab, PERSON_USER)
    assert tab.url.endswith("/me")
    main = tab.inner_text("main")
    assert INSIDE_NAME in main and HOUSEMATE_NAME not in main
    assert "重度残疾人护理补贴" in main and "持续享受" in main
    assert "可以享受" in main and "符合：" in main and "不符合：" in main
    assert str(Month.of(date.today())) in main
    assert "人员查询" not in tab.inner_text("header")
    check_page(tab, "s01-me-benefits")
    tab.goto("/me/applications")
    assert "未批准" in tab.inner_text("main")
    check_page(tab, "s02-me-applications")
    tab.click("main table a")
    assert REJECTED_BECAUSE in tab.inner_text("main")
    check_page(tab, "s03-me-application-rejected")
    tab.goto("/me/apply")
    check_page(tab, "s04-me-apply")
    # Submit without the declaration: the error is announced and linked.
    tab_to(tab, "#program-living_subsidy")
    tab.keyboard.press("Space")
    tab_to(tab, "button[type=submit].primary")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#form-errors")
    assert tab.get_attribute("#declare", "aria-invalid") == "true"
    check_page(tab, "s05-me-apply-errors")
    tab_to(tab, "#declare")
    tab.keyboard.press("Space")
    tab_to(tab, "button[type=submit].primary")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/me/applications/*")
    main = tab.inner_text("main")
    assert "已受理，待审核" in main and "审核期限" in main
    assert "申请已提交" in main
    check_page(tab, "s06-me-applied")


def test_person_pages_in_english_large_text(tab: Any) -> None:
    sign_in(tab, PERSON_USER)
    tab.click("button[name=text_size]")
    tab.click("button[name=lang]")
    tab.wait_for_selector("html.large-text[lang=en]")
    assert "My subsidies" in tab.inner_text("main")
    check_page(tab, "s07-me-english-large")
    tab.goto("/persons")
    check_page(tab, "s08-me-refused-staff-page")


def test_audit_check_and_api_docs(tab: Any) -> None:
    tab.goto("/api/v1/docs")
    assert "GET /api/v1/persons/{person_id}" in tab.inner_text("main")
    check_page(tab, "s09-api-docs")
    sign_in(tab, "admin")
    tab.goto("/audit")
    assert "尚未校验过审计链" in tab.inner_text("main") or "上次校验" in tab.inner_text("main")
    tab_to(tab, "form[action='/audit/verify'] button")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("text=上次校验通过")
    check_page(tab, "s10-audit-checked")
    tab.fill("#f-action", "application")
    tab.click("text=筛选")
    assert "application.receive" in tab.inner_text("main table")
    assert "user.sign_in" not in tab.inner_text("main table")
    check_page(tab, "s11-audit-filtered")
