"""Dynamic supervision (动态监管): the alerts of the jurisdiction and working one with a reason."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhucan.access.users import User
from zhucan.benefits.alert_work import alert_history, work_alert
from zhucan.benefits.listing import get_alert, list_alerts
from zhucan.core.errors import InvalidValue, ZhucanError
from zhucan.core.period import Month
from zhucan.web.benefits_common import (
    ALERT_ACTION_ZH,
    AlertWorker,
    BenefitsReader,
    RowId,
    error_text,
)
from zhucan.web.deps import EngineDep, SessionDep, allowed
from zhucan.web.errors import status_of
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)
States = Literal["", "open", "suspended", "stopped", "recovered", "dismissed"]


@router.get("/benefits/alerts", response_class=HTMLResponse)
def alerts(
    request: Request,
    user: BenefitsReader,
    engine: EngineDep,
    state: Annotated[States, Query()] = "open",
) -> HTMLResponse:
    """Alerts of the jurisdiction, newest first (open ones by default)."""
    rows = list_alerts(engine, user.actor, state or None)
    return render(request, "benefits/alerts.html", {"rows": rows, "state": state})


def _alert_page(
    request: Request,
    engine: EngineDep,
    user: User,
    alert_id: int,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = {
        "a": get_alert(engine, user.actor, alert_id),
        "history": alert_history(engine, user.actor, alert_id),
        "granted": allowed(user),
        "actions": ALERT_ACTION_ZH,
        "form": form or {},
        "errors": errors or {},
    }
    return render(request, "benefits/alert.html", context, status)


@router.get("/benefits/alerts/{alert_id}", response_class=HTMLResponse)
def alert_detail(
    request: Request, alert_id: RowId, user: BenefitsReader, engine: EngineDep
) -> HTMLResponse:
    """One alert: what was found, what was done, and the form to work it."""
    return _alert_page(request, engine, user, alert_id)


@router.post("/benefits/alerts/{alert_id}/work", response_model=None)
def work(
    request: Request,
    alert_id: RowId,
    user: AlertWorker,
    engine: EngineDep,
    session: SessionDep,
    action: Annotated[str, Form(max_length=16)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
    month: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Suspend, stop, recover or dismiss, with a reason; stop and recover end the enrolment."""
    form = {"action": action, "month": month}
    errors: dict[str, str] = {}
    if action not in ALERT_ACTION_ZH:
        errors["action"] = "请选择处理方式"
    if not reason.strip():
        errors["reason"] = "请填写处理理由"
    start = None
    if month.strip():
        try:
            start = Month.parse(month.strip())
        except InvalidValue:
            errors["month"] = "请填写月份，如 2025-01，或留空"
    if errors:
        return _alert_page(request, engine, user, alert_id, form, errors, 400)
    try:
        work_alert(engine, user.actor, alert_id, action, reason.strip(), start)
    except ZhucanError as exc:
        errors["step"] = error_text(exc, request_lang(request))
        return _alert_page(request, engine, user, alert_id, form, errors, status_of(exc))
    session.set_flash("预警已处理，理由已记录")
    return RedirectResponse(f"/benefits/alerts/{alert_id}", status_code=303)
