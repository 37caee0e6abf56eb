"""Every page in a real Chromium: axe-core finds no WCAG 2.1 AA violation; screenshots saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from browser_support import check_page

from factories import citizen_id
from factories_web import INSIDE_NAME, PASSWORD


def sign_in(page: Any, username: str) -> None:
    """Sign in through the form."""
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_selector("nav")


def open_inside_person(page: Any) -> None:
    """Search for the known person and open their file."""
    page.goto(f"/persons?q={INSIDE_NAME}")
    page.click(f"#results a:text('{INSIDE_NAME}')")
    page.wait_for_selector("h1")


def test_sign_in_pages(page: Any) -> None:
    page.goto("/")
    assert "/login" in page.url
    check_page(page, "01-login")
    page.fill("#username", "county")
    page.fill("#password", "wrong-password")
    page.click("button[type=submit].primary")
    assert page.get_attribute("#password", "aria-describedby") == "login-error"
    check_page(page, "02-login-error")


def test_overview_in_chinese_english_and_large_text(page: Any) -> None:
    sign_in(page, "county")
    assert page.get_attribute("html", "lang") == "zh-CN"
    check_page(page, "03-overview")
    page.click("button[name=text_size]")
    assert "large-text" in (page.get_attribute("html", "class") or "")
    size = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert size == "20px"
    check_page(page, "04-overview-large-text")
    page.click("button[name=text_size]")
    page.click("button[name=lang]")
    assert page.get_attribute("html", "lang") == "en"
    assert "Registry overview" in page.inner_text("h1")
    check_page(page, "05-overview-english")


def test_search_and_person_file(page: Any) -> None:
    sign_in(page, "county")
    page.goto("/persons?q=林")
    assert page.evaluate("typeof window.htmx") == "object"  # served from our static route
    check_page(page, "06-search-results")
    page.goto("/persons?q=330102199001011235")
    assert page.get_attribute("#q", "aria-invalid") == "true"
    check_page(page, "07-search-invalid-id")
    open_inside_person(page)
    assert INSIDE_NAME in page.inner_text("h1")
    check_page(page, "08-person-file")
    page.fill("#value", "不知道")
    page.fill("#source", "")
    page.select_option("#kind", "assistance")
    page.click("text=保存变更")
    assert page.get_attribute("#value", "aria-describedby") == "value-hint value-error"
    check_page(page, "09-person-file-form-errors")
    page.fill("#value", "特困")
    page.fill("#source", "入户核查")
    page.click("text=保存变更")
    assert "变更已登记" in page.inner_text("main")
    page.fill("#reason", "核对身份")
    page.click("text=显示完整身份证号")
    assert page.inner_text("#full-id") == citizen_id("331102", seq=11)
    check_page(page, "10-person-file-revealed")


def test_import_with_rejected_rows(page: Any, tmp_path: Path) -> None:
    sheet = tmp_path / "名册.csv"
    good = citizen_id("331102", seq=21)
    sheet.write_text(
        "姓名,身份证号,残疾证号,户籍区划代码\n"
        f"周新,{good},{good}42,331102001001\n"
        f"吴错,330102199001011235,33010219900101123542,331102001001\n",
        encoding="utf-8",
    )
    sign_in(page, "county")
    page.goto("/import")
    check_page(page, "11-import")
    page.set_input_files("#file", str(sheet))
    page.click("text=上传并导入")
    assert "未通过的行" in page.inner_text("main")
    check_page(page, "12-import-result")
    with page.expect_download() as download:
        page.click("a[download]")
    assert download.value.suggested_filename.endswith(".xlsx")


def test_audit_log_and_error_pages(page: Any) -> None:
    sign_in(page, "admin")
    page.goto("/audit")
    page.click("text=校验审计链")
    assert "上次校验通过" in page.inner_text("main")
    check_page(page, "13-audit-log")
    page.goto("/no-such-page")
    check_page(page, "14-not-found")


def test_planner_sees_counts_but_no_person_pages(page: Any) -> None:
    sign_in(page, "planner")
    assert "人员查询" not in page.inner_text("nav")
    response = page.goto("/persons?q=林")
    assert response is not None and response.status == 403
    check_page(page, "15-forbidden")
