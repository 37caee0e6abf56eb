"""The composition root of the web app: engine, middleware, routers, error handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from anyio import to_thread
from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from zhucan.settings import get_settings
from zhucan.storage.engine import get_engine
from zhucan.web.csrf import csrf_guard
from zhucan.web.errors import install_error_handlers
from zhucan.web.hygiene import RefuseNulInQuery, refuse_nul_in_body
from zhucan.web.security import SecurityHeaders
from zhucan.web.sessions import SessionMiddleware

HERE = Path(__file__).parent


def load_shipped_rules() -> None:
    """Read the shipped policies, plans and indicator definitions (each once a process)."""
    from zhucan.indicators.definitions import load_definitions
    from zhucan.indicators.targets import load_plans
    from zhucan.policy.loader import shipped_policies

    shipped_policies(), load_plans(), load_definitions()


@asynccontextmanager
async def _load_shipped_rules(app: FastAPI) -> AsyncIterator[None]:
    """Read the shipped rules before the first request (a cold process under load would
    otherwise parse them once per waiting thread); size the page threads."""
    load_shipped_rules()
    to_thread.current_default_thread_limiter().total_tokens = get_settings().web_threads
    yield


def _employment_and_cases_routers() -> list[APIRouter]:
    """The employment, case and home-visit pages (static paths before ``{id}`` paths)."""
    from zhucan.web import (
        cases,
        cases_intake,
        employment,
        employment_graduates,
        employment_jobs,
        employment_review,
        employment_seekers,
        visits,
    )

    modules = (
        employment_review,
        employment,
        employment_jobs,
        employment_seekers,
        employment_graduates,
        cases_intake,
        cases,
        visits,
    )
    return [m.router for m in modules]


def create_app(engine: Engine | None = None) -> FastAPI:
    """Build the app on ``engine`` (default: the configured database)."""
    from zhucan.web import assets, audit_view, auth, home, imports, persons, prefs
    from zhucan.web.api import auth as api_auth
    from zhucan.web.api import routes as api_routes

    app = FastAPI(
        title="智慧助残 Zhucan API",
        version="1",
        description="残疾人一人一档 API：按辖区授权，身份证号脱敏。Bearer token required.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        dependencies=[Depends(refuse_nul_in_body), Depends(csrf_guard)],
        lifespan=_load_shipped_rules,
    )
    app.state.engine = engine or get_engine()
    # outermost last: the headers go on every answer, the NUL refusal included
    app.add_middleware(SessionMiddleware)
    app.add_middleware(RefuseNulInQuery)
    app.add_middleware(SecurityHeaders)
    for module in (assets, auth, prefs, home, persons, imports, audit_view):
        app.include_router(module.router)
    for router in _employment_and_cases_routers():
        app.include_router(router)
    from zhucan.web import benefits_routers

    benefits_routers.include(app)
    from zhucan.web import indicators_dashboard, indicators_plans, indicators_reports

    for module in (indicators_dashboard, indicators_reports, indicators_plans):
        app.include_router(module.router)
    from zhucan.web import api_docs, person_accounts, self_service

    app.include_router(self_service.router)
    app.include_router(person_accounts.router)
    app.include_router(api_docs.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api_auth.router)
    app.include_router(api_routes.router)
    install_error_handlers(app)
    return app
