"""Reform simulation: a shipped reform over the registry of a region on a date, by town."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from zhucan.core.dates import parse_date
from zhucan.core.errors import InvalidValue, ZhucanError
from zhucan.policy.simulate import simulate
from zhucan.web.benefits_common import PoliciesDep, Simulator, error_text
from zhucan.web.deps import EngineDep
from zhucan.web.errors import status_of
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)


@router.get("/policies/simulate", response_class=HTMLResponse)
def simulation(
    request: Request,
    user: Simulator,
    engine: EngineDep,
    policies: PoliciesDep,
    reform: str = Query("", max_length=100),
    region: str = Query("", max_length=20),
    as_of: str = Query("", max_length=20),
) -> HTMLResponse:
    """Choose a reform, region and date; gainers, losers and cost by town, as a table."""
    reforms = [d for d in policies.documents if d.status == "reform"]
    form: dict[str, Any] = {
        "reform": reform,
        "region": region or user.actor.prefix,
        "as_of": as_of,
        "errors": {},
    }
    context: dict[str, Any] = {"reforms": reforms, "form": form, "sim": None}
    if not reform:
        form["as_of"] = as_of or date.today().isoformat()
        return render(request, "policies/simulate.html", context)
    errors = form["errors"]
    if reform not in {d.id for d in reforms}:
        errors["reform"] = "请选择改革方案"
    try:
        day = parse_date(as_of)
    except InvalidValue:
        errors["as_of"] = "请填写有效的日期，如 2025-06-01"
    if errors:
        return render(request, "policies/simulate.html", context, 400)
    try:
        context["sim"] = simulate(engine, user.actor, policies, reform, form["region"], day)
    except ZhucanError as exc:
        errors["region"] = error_text(exc, request_lang(request))
        return render(request, "policies/simulate.html", context, status_of(exc))
    return render(request, "policies/simulate.html", context)
