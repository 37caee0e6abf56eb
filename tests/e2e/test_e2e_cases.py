"""Employment, case and home-visit pages in Chromium: axe-clean, keyboard, phone-sized visit."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from browser_support import check_page, tab_to
from test_e2e_pages import sign_in

from factories_web import INSIDE_ID, INSIDE_NAME

YEAR = date.today().year - 1
CODE = "91350100M000100Y43"


def _upload(page: Any, tmp_path: Path, name: str, text: str, selector: str, button: str) -> None:
    sheet = tmp_path / name
    sheet.write_text(text, encoding="utf-8")
    page.set_input_files(selector, str(sheet))
    page.click(f"text={button}")
    page.wait_for_selector("#sheet-result")


def test_employers_declaration_review_and_jobs(page: Any, tmp_path: Path) -> None:
    sign_in(page, "county")
    page.goto("/employers")
    check_page(page, "30-employers")
    register = (
        "统一社会信用代码,单位名称,所在区划代码,在职职工人数,职工年平均工资\n"
        f"{CODE},莲都福利厂,331102001001,200,80000\n"
        "91110000600037341L,外县工厂,331121001001,50,60000\n"
    )
    _upload(page, tmp_path, "单位.csv", register, "#register-file", "上传单位名册")
    assert "不在您的辖区内" in page.inner_text("main")
    check_page(page, "31-employers-imported")
    page.click("text=莲都福利厂")
    page.wait_for_selector("#declare")
    page.fill("input[name=cid] >> nth=0", INSIDE_ID + "42")
    page.fill("input[name=name] >> nth=0", INSIDE_NAME)
    page.click("text=保存申报")
    assert "申报已保存" in page.inner_text("main")
    check_page(page, "32-employer-declared")
    page.goto(f"/employment?year={YEAR}")
    page.fill("#local_wage", "70000")
    page.click("text=运行年审")
    assert "年审完成" in page.inner_text("main")
    check_page(page, "33-review")
    page.goto(f"/employment/noncompliant?year={YEAR}")
    check_page(page, "34-noncompliant")
    page.goto("/jobs")
    page.select_option("#credit_code", CODE)
    page.fill("#title", "仓库管理员")
    page.check("#cat-4")
    page.check("#grade-3")
    page.click("button:text('发布岗位')")
    page.wait_for_selector("#ranked")
    check_page(page, "35-posting")
    page.goto("/jobs/seekers")
    check_page(page, "36-seekers")
    page.goto("/jobs/graduates")
    check_page(page, "37-graduates")


def test_case_intake_by_keyboard_then_accept_and_close(page: Any) -> None:
    sign_in(page, "county")
    page.goto("/cases")
    tab_to(page, "a[href='/cases/new']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/new")
    check_page(page, "40-case-intake")
    tab_to(page, "#kind-hotline")
    page.keyboard.press("ArrowRight")  # radios: arrows move and choose
    assert page.is_checked("#kind-petition")
    page.select_option("#category", "benefits")
    tab_to(page, "#region")
    page.keyboard.press("Control+A")
    page.keyboard.type("331102001001")
    tab_to(page, "#summary")
    page.keyboard.type("残疾人两项补贴未按时发放")
    tab_to(page, "button[type=submit].primary")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/cases/\d+$"))
    assert "案件已登记" in page.inner_text("main")
    check_page(page, "41-case-open")
    page.click("#accept ~ form button[type=submit]")
    assert "案件已受理" in page.inner_text("main")
    page.fill("#outcome", "已补发")
    page.check("#sat-satisfied")
    page.click("#close ~ form button[type=submit]")
    assert "案件已办结" in page.inner_text("main")
    check_page(page, "42-case-closed")
    page.goto("/cases")
    assert "办结率" in page.inner_text("main")
    check_page(page, "43-cases")


def test_visit_plans_and_the_phone_sized_visit_record(page: Any) -> None:
    sign_in(page, "village")
    page.goto("/visits")
    page.click("button:text('访视计划')")
    page.wait_for_selector("#plans-caption")
    check_page(page, "50-visit-plans")
    link = page.locator("a.button[href^='/visits/']").first
    href = link.get_attribute("href")
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(href)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the visit page scrolls sideways on a phone: {width}px"
    check_page(page, "51-visit-record-phone")
    page.fill("#notes", "轮椅损坏，需要康复训练")
    page.check("#need-rehabilitation")
    page.check("#need-assistive_device")
    page.fill("#problem", "需更换轮椅")
    page.click("button.wide")
    assert "访视已登记" in page.inner_text("main")
    assert "已转案件" in page.inner_text("#main")
    check_page(page, "52-visit-recorded-phone")
