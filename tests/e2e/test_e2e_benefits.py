"""Benefits, policy and calculator pages in a real Chromium: axe-clean, keyboard, screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from browser_support import check_page, served, tab_to
from sqlalchemy import select

from factories_web import INSIDE_NAME, PASSWORD, seed_people, seed_users
from zhucan.access.scope import SYSTEM
from zhucan.benefits.tables import alert
from zhucan.registry.service import generate_population
from zhucan.registry.tables import person
from zhucan.storage.engine import make_engine
from zhucan.storage.migrate import upgrade


def _seed(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    seed_people(engine)
    generate_population(engine, "331102", 200, 2, date(2024, 6, 1), SYSTEM)
    seed_users(engine, ["county", "approver", "town", "planner"])
    now = datetime(2025, 3, 1)
    with engine.begin() as conn:
        pid = conn.execute(select(person.c.id).where(person.c.name == INSIDE_NAME)).scalar_one()
        conn.execute(
            alert.insert().values(
                id=1, kind="lost_dibao", person_id=pid, region="331102001001",
                detail="民政比对：2025-02 起不再是低保对象", dedup_key="e2e", state="open",
                source="e2e", raised_at=now, updated_at=now,
            )
        )  # fmt: skip
    engine.dispose()


@pytest.fixture(scope="module")
def benefits_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A separate live app with people, users of four roles and one open alert."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e-benefits') / 'zhucan.db'}"
    _seed(url)
    engine = make_engine(url)
    with served(engine) as base:
        yield base


@pytest.fixture
def tab(browser: Any, benefits_url: str) -> Iterator[Any]:
    """A fresh context; fails on a CSP violation, a script error or a missing resource."""
    context = browser.new_context(base_url=benefits_url, locale="zh-CN", accept_downloads=True)
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
    page.wait_for_selector("nav")


def test_calculator_public_by_keyboard(tab: Any) -> None:
    # The region lists update by HTMX before axe runs: axe leaves style="" attributes that
    # HTMX's attribute settling would copy, which the CSP rightly blocks.
    tab.goto("/calculator")
    tab.select_option("#province", "33")
    tab.wait_for_selector("#city option[value='331100000000']", state="attached")
    tab.select_option("#city", "331100000000")
    tab.wait_for_selector("#county option[value='331102000000']", state="attached")
    tab.select_option("#county", "331102000000")
    tab.click("text=开始测算")
    assert tab.get_attribute("#age", "aria-invalid") == "true"
    assert "请填写年龄" in tab.inner_text("#form-errors")
    check_page(tab, "b02-calculator-errors")
    tab_to(tab, "#age")
    tab.keyboard.type("52")
    tab.select_option("#category", "4")
    tab.select_option("#grade", "1")
    for radio in ("assistance-dibao", "long_term_care-yes", "self_care-partial"):
        tab.check(f"#{radio}")
    tab.check("#institutional_care-no")
    tab_to(tab, "#injury_care-yes")
    tab.keyboard.press("ArrowDown")  # radios move by arrow keys: 否
    tab_to(tab, "button.big")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#results")
    assert "可以享受" in tab.inner_text("#results-section")
    check_page(tab, "b03-calculator-results")
    tab.click("button[name=text_size]")
    check_page(tab, "b04-calculator-large-text")
    tab.goto("/calculator")
    check_page(tab, "b01-calculator")


def test_application_from_person_file_to_decision(tab: Any) -> None:
    sign_in(tab, "town")
    tab.goto(f"/persons?q={INSIDE_NAME}")
    tab.click(f"#results a:text('{INSIDE_NAME}')")
    tab.wait_for_selector("#benefits")
    check_page(tab, "b05-person-file-benefits")
    tab.click("form[action='/benefits/applications'] button")
    tab.wait_for_selector("text=申请已受理")
    tab.click("text=提交")
    assert tab.get_attribute("#reason", "aria-invalid") == "true"
    check_page(tab, "b06-application-errors")
    tab.check("#outcome-yes")
    tab.fill("#reason", "材料齐全，入户核实")
    tab.click("text=提交")
    tab.wait_for_selector("text=审核意见已记录")
    check_page(tab, "b07-application-reviewed")
    tab.goto("/benefits/applications")
    check_page(tab, "b08-applications")
    tab.goto("/benefits")
    check_page(tab, "b09-hub")


def test_discovery_runs_and_four_eyes(tab: Any) -> None:
    sign_in(tab, "county")
    tab.goto("/benefits/work-items")
    tab.click("text=按今日情况重新比对本辖区")
    tab.wait_for_selector("text=主动发现已完成")
    check_page(tab, "b10-work-items")
    tab.goto("/benefits/runs")
    tab.fill("#period", "2025-01")
    tab.click("text=生成发放批次")
    tab.wait_for_selector("text=发放批次已生成或补算")
    tab.click("text=复核本批次")
    tab.wait_for_selector("text=批次已复核")
    tab.click("text=审批本批次")
    assert "审批人不能是本批次的创建人" in tab.inner_text("#form-errors")
    check_page(tab, "b11-run-approve-refused")
    tab.goto("/benefits/runs")
    check_page(tab, "b12-runs")


def test_alert_worked_with_reason(tab: Any) -> None:
    sign_in(tab, "town")
    tab.goto("/benefits/alerts")
    check_page(tab, "b13-alerts")
    tab.click("a[href='/benefits/alerts/1']")
    tab.check("#action-suspend")
    tab.click("text=提交处理")
    assert tab.get_attribute("#reason", "aria-invalid") == "true"
    tab.check("#action-suspend")
    tab.fill("#reason", "入户核实中")
    tab.click("text=提交处理")
    tab.wait_for_selector("text=预警已处理")
    check_page(tab, "b14-alert-worked")


def test_policy_browser_and_simulation(tab: Any) -> None:
    sign_in(tab, "planner")
    tab.click("nav a[href='/policies']")
    check_page(tab, "b15-policies")
    tab.click("a[href='/policies/documents/zhejiang.nursing_subsidy']")
    assert "示例值，须本地设定" in tab.inner_text("main")
    check_page(tab, "b16-policy-document")
    tab.goto("/policies/simulate")
    tab.select_option("#reform", "chongqing.banan.nursing_subsidy_reform")
    tab.fill("#as_of", "2025-06-01")
    tab.click("button[type=submit].primary")
    tab.wait_for_selector("#sim-caption")
    check_page(tab, "b17-simulation")
    tab.click("button[name=lang]")
    assert "Reform simulation" in tab.inner_text("h1")
    check_page(tab, "b18-simulation-english")
