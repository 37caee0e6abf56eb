"""A live app (uvicorn on 127.0.0.1, a temporary SQLite database) and a headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from browser_support import served

from factories_web import seed_people, seed_users
from zhucan.access.scope import SYSTEM
from zhucan.registry.service import generate_population
from zhucan.storage.engine import make_engine
from zhucan.storage.migrate import upgrade

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, on a small synthetic 莲都区."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'zhucan.db'}")
    upgrade(engine)
    seed_people(engine)
    generate_population(engine, "331102", 300, 1, date(2024, 6, 1), SYSTEM)
    seed_users(engine, ["county", "admin", "village", "planner"])
    with served(engine) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium from the system package; skipped where absent, except under CI."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is required under CI: {message}")
        pytest.skip(f"browser tests skipped: {message}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_url: str) -> Iterator[Any]:
    """A fresh browser context (no cookies); fails the test on a CSP violation, a script
    error or a missing style, script or image (error pages themselves are expected)."""
    context = browser.new_context(base_url=live_url, locale="zh-CN")
    tab = context.new_page()
    problems: list[str] = []

    def console(msg: Any) -> None:
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            problems.append(msg.text)

    def response(resp: Any) -> None:
        if resp.status >= 400 and resp.request.resource_type != "document":
            problems.append(f"{resp.status} {resp.url}")

    tab.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    tab.on("console", console)
    tab.on("response", response)
    yield tab
    context.close()
    assert not problems, problems
