"""Proactive discovery (主动发现): the work items of the user's towns, with their reasons."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from zhucan.benefits.discover import discover
from zhucan.benefits.listing import list_work_items
from zhucan.web.benefits_common import BenefitsReader, PoliciesDep, RunMaker
from zhucan.web.deps import EngineDep, SessionDep, allowed
from zhucan.web.render import render

router = APIRouter(include_in_schema=False)


def _reasons(item: dict[str, Any]) -> list[str]:
    try:
        data = json.loads(item["explanation"])
    except (TypeError, ValueError):
        return []
    reasons = data.get("reasons_zh", [])
    return [str(r) for r in reasons] if isinstance(reasons, list) else []


@router.get("/benefits/work-items", response_class=HTMLResponse)
def work_items(request: Request, user: BenefitsReader, engine: EngineDep) -> HTMLResponse:
    """Open work items by town: who to enrol, refer or review for stopping, and why."""
    rows = [{**r, "reasons": _reasons(r)} for r in list_work_items(engine, user.actor)]
    context = {"rows": rows, "granted": allowed(user), "today": date.today()}
    return render(request, "benefits/work_items.html", context)


@router.post("/benefits/work-items/discover")
def run_discovery(
    user: RunMaker, engine: EngineDep, session: SessionDep, policies: PoliciesDep
) -> RedirectResponse:
    """Evaluate the jurisdiction today and open work items for what is found."""
    discover(engine, user.actor, "", date.today(), policies)
    session.set_flash("主动发现已完成，新的待办已列出")
    return RedirectResponse("/benefits/work-items", status_code=303)
