"""Keyboard only: skip link, sign in, search and open a person file with Tab and Enter."""

from __future__ import annotations

from typing import Any

from browser_support import tab_to
from test_e2e_pages import sign_in

from factories_web import INSIDE_NAME, PASSWORD


def test_skip_link_is_first_and_moves_focus_to_main(page: Any) -> None:
    sign_in(page, "village")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.is_visible(".skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_sign_in_search_and_open_a_file_by_keyboard(page: Any) -> None:
    page.goto("/")
    tab_to(page, "#username")
    page.keyboard.type("county")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("nav")
    tab_to(page, "nav a[href='/persons']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/persons")
    tab_to(page, "#q")
    page.keyboard.type(INSIDE_NAME)
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#results a:text('{INSIDE_NAME}')")
    tab_to(page, "#results a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/persons/*")
    assert INSIDE_NAME in page.inner_text("h1")


def test_focus_is_visible(page: Any) -> None:
    page.goto("/login")
    tab_to(page, "#password")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
