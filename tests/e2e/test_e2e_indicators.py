"""The indicator dashboard in a real Chromium: charts drawn, tables beside them, axe clean,
the region tree by keyboard, plan progress, and an evaluation report downloaded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browser_support import SCREENSHOTS, check_page, served, tab_to
from test_e2e_pages import sign_in

from factories_web import seed_people, seed_users
from zhucan.access.scope import SYSTEM
from zhucan.indicators.store import refresh
from zhucan.registry.service import generate_population
from zhucan.storage.engine import make_engine
from zhucan.storage.migrate import upgrade
from zhucan.synth.facilities import generate_facilities
from zhucan.synth.support import generate_support

DAYS = (date(2020, 12, 31), date(2021, 12, 31), date(2022, 12, 31), date(2023, 12, 31))
DAY = date(2024, 6, 30)


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """莲都区 with support data and stored indicator values, served on a loopback port."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('e2e-ind') / 'zhucan.db'}")
    upgrade(engine)
    seed_people(engine)
    generate_population(engine, "331102", 400, 2, date(2021, 1, 1), SYSTEM)
    generate_facilities(engine, "331102", date(2024, 12, 31), seed=2)
    generate_support(engine, "331102", date(2024, 12, 31), seed=2)
    for day in (*DAYS, DAY):
        refresh(engine, "331102", day)
    seed_users(engine, ["county", "planner"])
    with served(engine) as base:
        yield base


def _charts_drawn(page: Any) -> None:
    page.wait_for_selector(".chart[data-chart='children'] canvas")
    page.wait_for_selector(".chart[data-chart='trend'] canvas")


def test_dashboard_charts_tables_and_axe(page: Any) -> None:
    sign_in(page, "county")
    page.goto(f"/indicators?as_of={DAY}&indicator=basic_rehab_coverage")
    _charts_drawn(page)
    assert page.locator(".chart canvas").count() == 2
    captions = page.locator("table caption").all_inner_texts()
    assert any("各下级区域的残疾人基本康复服务覆盖率" in c for c in captions)
    assert any("各统计日的值与规划轨迹" in c for c in captions)
    trend_rows = page.locator("#charts table").nth(1).locator("tbody tr").count()
    assert trend_rows == len(DAYS) + 1
    assert "数据截至 2024-06-30" in page.inner_text("main")
    check_page(page, "indicators-01-dashboard")
    page.locator("#charts").screenshot(path=str(SCREENSHOTS / "indicators-01b-charts.png"))
    page.click("button[name=text_size]")
    _charts_drawn(page)
    check_page(page, "indicators-02-dashboard-large-text")
    page.click("button[name=text_size]")
    page.click("button[name=lang]")
    _charts_drawn(page)
    assert "Indicators" in page.inner_text("h1")
    check_page(page, "indicators-02b-dashboard-english")


def test_region_tree_by_keyboard(page: Any) -> None:
    sign_in(page, "county")
    page.goto(f"/indicators?as_of={DAY}")
    tab_to(page, ".region-tree a[aria-current='page']", limit=60)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.region-tree') !== null")
    first_town = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_url("**region=331102*")
    assert first_town in page.inner_text("h1")
    _charts_drawn(page)
    # the county is now a breadcrumb above the town, reachable the same way
    tab_to(page, ".region-tree a[href*='region=331102000000']", limit=60)
    check_page(page, "indicators-03-town")
    page.keyboard.press("Enter")
    page.wait_for_url("**region=331102000000*")
    assert "莲都区" in page.inner_text("h1")


def test_plan_progress_and_not_computed(page: Any) -> None:
    sign_in(page, "planner")
    page.goto(f"/indicators/plans/lishui-2021-2025?as_of={DAY}")
    assert "基期值" in page.inner_text("table.plan-targets thead")
    check_page(page, "indicators-04-plan-progress")
    page.goto("/indicators?as_of=2019-06-30")
    assert "数据尚未计算" in page.inner_text("main")
    assert page.is_visible("form.refresh-form button.primary")
    check_page(page, "indicators-05-not-computed")


def test_report_download(page: Any) -> None:
    sign_in(page, "county")
    page.goto("/indicators/reports")
    check_page(page, "indicators-06-report-form")
    page.check("input[name=year][value='2023']")
    page.check("input[name=file_format][value='xlsx']")
    # the report is computed on request: no time limit on it
    with page.expect_download(timeout=0) as info:
        page.click("form.report-form button.primary", no_wait_after=True)
    download = info.value
    assert download.suggested_filename.startswith("丽水市残疾人事业发展")
    assert download.suggested_filename.endswith("_2023年评估_331102000000.xlsx")
    with open(download.path(), "rb") as f:
        assert f.read(2) == b"PK"
