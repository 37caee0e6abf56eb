"""A plan's progress page: every target with baseline, target, current and trajectory values."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from zhucan.indicators import store
from zhucan.indicators.progress import start_day
from zhucan.indicators.targets import get_plan
from zhucan.registry.regions import full_name
from zhucan.web.deps import CountsReader, EngineDep
from zhucan.web.i18n import gettext
from zhucan.web.indicators_common import may_refresh, number, parse_day, plan_region
from zhucan.web.indicators_view import plan_rows
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)
PlanId = Annotated[str, Path(max_length=64, pattern=r"^[a-z0-9\-]+$")]


@router.get("/indicators/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(
    request: Request,
    plan_id: PlanId,
    user: CountsReader,
    engine: EngineDep,
    region: str | None = Query(None, max_length=20),
    as_of: str | None = Query(None, max_length=20),
) -> HTMLResponse:
    """The plan's targets assessed on the stored values of a region within the jurisdiction."""
    _ = gettext(request_lang(request))
    plan = get_plan(plan_id)
    code = plan_region(engine, user, plan_id, region)
    dates = store.stored_dates(engine, code)
    day = parse_day(as_of) or (dates[0] if dates else None)
    rows = store.stored(engine, code, day) if day else []
    progress = plan_rows(engine, code, day, plan_id, rows, _) if rows and day else []
    with engine.connect() as conn:
        name = full_name(conn, code)
    context = {
        "plan": plan,
        "code": code,
        "region_name": name,
        "dates": dates,
        "as_of": day,
        "progress": progress,
        "start_day": start_day(plan),
        "number": number,
        "may_refresh": may_refresh(user),
    }
    return render(request, "indicators/plan.html", context)
