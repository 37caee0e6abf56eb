"""Cases (12385 hotline, petitions, complaints): intake, list by status, accept, close, escalate."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhucan.access.permissions import Permission
from zhucan.access.users import User
from zhucan.cases.deadlines import RULES, CaseKind
from zhucan.cases.service import (
    SATISFACTION,
    accept_case,
    close_case,
    escalate_overdue,
    list_cases,
)
from zhucan.core.dates import parse_date
from zhucan.core.errors import InvalidValue
from zhucan.web.cases_deps import CaseEscalator, CaseHandler, CaseReader
from zhucan.web.cases_view import ACTION_ZH, STATUS_ZH, figures, labelled, scoped_case
from zhucan.web.deps import EngineDep, SessionDep, allowed
from zhucan.web.render import render

router = APIRouter(include_in_schema=False)
CaseId = Annotated[int, Path(ge=1, le=2**31 - 1)]
DayForm = Annotated[str, Form(max_length=20)]


def _day(text: str) -> date:
    return parse_date(text) if text.strip() else date.today()


@router.get("/cases", response_class=HTMLResponse)
def cases_page(
    request: Request,
    user: CaseReader,
    engine: EngineDep,
    status: Annotated[str, Query(max_length=16)] = "",
    overdue: bool = False,
) -> HTMLResponse:
    """Cases of the jurisdiction by status, with deadlines and overdue/escalated in words."""
    return _list(request, user, engine, status, overdue)


def _list(
    request: Request, user: User, engine: EngineDep, status: str, overdue: bool, **extra: Any
) -> HTMLResponse:
    today = date.today()
    chosen = status if status in STATUS_ZH else ""
    rows = list_cases(engine, user.actor, chosen or None, today if overdue else None)
    context: dict[str, Any] = {
        "rows": [labelled(r, today) for r in rows],
        "status": chosen,
        "overdue": overdue,
        "statuses": STATUS_ZH,
        "figures": figures(engine, user.actor, today),
        "granted": allowed(user),
        "today": today,
        **extra,
    }
    return render(request, "cases/list.html", context)


@router.post("/cases/escalate", response_class=HTMLResponse)
def escalate(request: Request, user: CaseEscalator, engine: EngineDep) -> HTMLResponse:
    """Remind cases near their deadline and escalate overdue ones (idempotent per day)."""
    done = escalate_overdue(engine, user.actor, date.today())
    return _list(request, user, engine, "", overdue=False, done=done)


def _case_page(
    request: Request, user: User, engine: EngineDep, case_id: int, **extra: Any
) -> HTMLResponse:
    today = date.today()
    case = labelled(scoped_case(engine, user.actor, case_id), today)
    context = {
        "c": case,
        "rules": RULES[CaseKind(case["kind"])],
        "satisfaction": SATISFACTION,
        "actions": ACTION_ZH,
        "can_handle": Permission.HANDLE_CASES in allowed(user),
        "today": today,
        **extra,
    }
    return render(request, "cases/case.html", context, extra.pop("status", 200))


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    request: Request, case_id: CaseId, user: CaseReader, engine: EngineDep
) -> HTMLResponse:
    """One case: what was asked, deadlines, events; accept and close forms."""
    return _case_page(request, user, engine, case_id)


@router.post("/cases/{case_id}/accept", response_model=None)
def accept(
    case_id: CaseId,
    user: CaseHandler,
    engine: EngineDep,
    session: SessionDep,
    on: DayForm = "",
    extension: Annotated[int, Form(ge=0, le=60)] = 0,
) -> Response:
    """Accept an open case: the conclusion deadline starts."""
    scoped_case(engine, user.actor, case_id)
    accept_case(engine, user.actor, case_id, _day(on), extension)
    session.set_flash("案件已受理，办结期限已开始计算")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/close", response_model=None)
def close(
    request: Request,
    case_id: CaseId,
    user: CaseHandler,
    engine: EngineDep,
    session: SessionDep,
    outcome: Annotated[str, Form(max_length=2000)] = "",
    satisfaction: Annotated[str, Form(max_length=16)] = "none",
    on: DayForm = "",
) -> Response:
    """Close a case with its outcome and the person's satisfaction."""
    scoped_case(engine, user.actor, case_id)
    if not outcome.strip():
        error = "请填写办理结果"
        return _case_page(request, user, engine, case_id, error=error, status=400)
    if satisfaction not in SATISFACTION:
        raise InvalidValue("请选择满意度", "choose the satisfaction")
    close_case(engine, user.actor, case_id, _day(on), outcome.strip(), satisfaction)
    session.set_flash("案件已办结")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)
