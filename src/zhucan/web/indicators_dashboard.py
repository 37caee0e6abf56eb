"""The indicator dashboard (指标监测): stored values, targets, early warning, charts."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from zhucan.core.errors import Forbidden, InvalidValue
from zhucan.indicators.progress import start_day
from zhucan.indicators.store import refresh, stored_dates
from zhucan.indicators.stored_progress import covering_plans
from zhucan.indicators.targets import get_plan
from zhucan.web.deps import CountsReader, EngineDep, SessionDep
from zhucan.web.indicators_common import (
    STATUS,
    jurisdiction_root,
    may_refresh,
    number,
    parse_day,
    region_tree,
    scoped_region,
)
from zhucan.web.indicators_view import dashboard_view
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)


@router.get("/indicators", response_class=HTMLResponse)
def dashboard_page(
    request: Request,
    user: CountsReader,
    engine: EngineDep,
    region: str | None = Query(None, max_length=20),
    as_of: str | None = Query(None, max_length=20),
    plan: str | None = Query(None, max_length=64),
    indicator: str | None = Query(None, max_length=64),
) -> HTMLResponse:
    """A region's stored indicators on a date, its plan targets, warnings and two charts."""
    code = scoped_region(engine, user, region)
    tree = region_tree(engine, user, code)
    context = {
        "tree": tree,
        "code": code,
        "may_refresh": may_refresh(user),
        "status_info": STATUS,
        "number": number,
    }
    if code is not None:
        lang = request_lang(request)
        data, charts = dashboard_view(engine, code, parse_day(as_of), plan, indicator, lang)
        context |= {"data": data, "charts": charts}
    return render(request, "indicators/dashboard.html", context)


@router.post("/indicators/refresh", response_model=None)
def refresh_values(
    user: CountsReader,
    engine: EngineDep,
    session: SessionDep,
    region: Annotated[str, Form(max_length=20)] = "",
    as_of: Annotated[str, Form(max_length=20)] = "",
) -> RedirectResponse:
    """Compute and store the jurisdiction's values on a date (and the plans' start day)."""
    if not may_refresh(user):
        raise Forbidden("您的角色无权计算指标", "your role may not compute indicators")
    code = scoped_region(engine, user, region or None)
    day = parse_day(as_of) or date.today()
    # The whole jurisdiction, so every region below it has values of the same moment;
    # a national user refreshes the province of the region shown.
    root = jurisdiction_root(user) or (code[:2].ljust(12, "0") if code else None)
    if root is None:
        raise InvalidValue("请先选择区域", "choose a region first")
    refresh(engine, root, day, user.actor)
    starts = {start_day(get_plan(p)) for p in covering_plans(code or root)}
    have = set(stored_dates(engine, root))
    for start in sorted(starts - have):
        if start < day:
            refresh(engine, root, start, user.actor)
    session.set_flash("指标已计算并保存")
    query = urlencode({"region": code or root, "as_of": day.isoformat()})
    return RedirectResponse(f"/indicators?{query}", status_code=303)
