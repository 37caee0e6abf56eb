"""Self-service for a disabled person or their family: own benefits, own applications, apply.

Only person accounts (``Permission.SELF_SERVICE``) reach these pages, and every page
reads the account's own person alone (see ``self_service_data``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhucan.access.permissions import Permission
from zhucan.access.users import User
from zhucan.benefits.applications import SELF_SERVICE, submit
from zhucan.core.errors import ZhucanError
from zhucan.registry.snapshot import snapshot
from zhucan.web.benefits_common import PAYMENT_PROGRAMS, PoliciesDep, RowId, error_text
from zhucan.web.benefits_person import explain_all
from zhucan.web.deps import EngineDep, SessionDep, need
from zhucan.web.errors import status_of
from zhucan.web.render import render, request_lang
from zhucan.web.self_service_data import (
    Me,
    can_apply_for,
    load_me,
    my_application,
    my_applications,
    my_enrolments,
    my_payments,
)

router = APIRouter(include_in_schema=False)
CHANNEL_ZH = {
    "self_service": "本人网上申请",
    "worker": "工作人员受理",
    "discovery": "主动发现后受理",
}
SelfServiceUser = Annotated[User, Depends(need(Permission.SELF_SERVICE))]


def current_me(user: SelfServiceUser, engine: EngineDep) -> Me:
    """The signed-in person account and the one person it is for."""
    return load_me(engine, user)


MeDep = Annotated[Me, Depends(current_me)]


@router.get("/me", response_class=HTMLResponse)
def my_benefits(
    request: Request, me: MeDep, engine: EngineDep, policies: PoliciesDep
) -> HTMLResponse:
    """我的补贴: each program with why or why not, enrolments and a year of payments."""
    today = date.today()
    snap = snapshot(engine, today, me.actor, person_ids=[me.person_id])
    facts = snap.row(0, named=True) if snap.height else None
    entitlements = explain_all(policies, facts, today, request_lang(request)) if facts else []
    enrolments = my_enrolments(engine, me, today)
    open_programs = can_apply_for(PAYMENT_PROGRAMS, enrolments, my_applications(engine, me))
    context = {
        "me": me,
        "today": today,
        "entitlements": entitlements,
        "enrolments": enrolments,
        "payments": my_payments(engine, me, today),
        # Programs the rules say one qualifies for today, not received and not applied for.
        "could_apply": [
            e["program"]
            for e in entitlements
            if e.get("eligible") and e["program"] in open_programs
        ],
    }
    return render(request, "me/benefits.html", context)


@router.get("/me/applications", response_class=HTMLResponse)
def my_applications_page(request: Request, me: MeDep, engine: EngineDep) -> HTMLResponse:
    """我的申请: own applications with their status and deadlines."""
    context = {"me": me, "rows": my_applications(engine, me), "today": date.today()}
    return render(request, "me/applications.html", context)


@router.get("/me/applications/{app_id}", response_class=HTMLResponse)
def my_application_page(
    request: Request, app_id: RowId, me: MeDep, engine: EngineDep
) -> HTMLResponse:
    """One own application: every step with its date, deadline, decision and reason."""
    a = my_application(engine, me, app_id)
    context = {"me": me, "a": a, "today": date.today(), "channels": CHANNEL_ZH}
    return render(request, "me/application.html", context)


def _apply_form(
    request: Request,
    engine: EngineDep,
    me: Me,
    errors: dict[str, str] | None = None,
    chosen: str = "",
    status: int = 200,
) -> HTMLResponse:
    today = date.today()
    programs = can_apply_for(
        PAYMENT_PROGRAMS, my_enrolments(engine, me, today), my_applications(engine, me)
    )
    context = {"me": me, "programs": programs, "errors": errors or {}, "chosen": chosen}
    return render(request, "me/apply.html", context, status)


@router.get("/me/apply", response_class=HTMLResponse)
def apply_page(request: Request, me: MeDep, engine: EngineDep) -> HTMLResponse:
    """申请: the programs one may still apply for, and a declaration."""
    return _apply_form(request, engine, me)


@router.post("/me/apply", response_model=None)
def apply(
    request: Request,
    me: MeDep,
    engine: EngineDep,
    session: SessionDep,
    program: Annotated[str, Form(max_length=64)] = "",
    declare: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """Submit an application for oneself; it joins the town's queue as 已受理."""
    today = date.today()
    open_programs = can_apply_for(
        PAYMENT_PROGRAMS, my_enrolments(engine, me, today), my_applications(engine, me)
    )
    errors = {}
    if program not in open_programs:
        errors["program"] = "请选择要申请的项目"
    if declare != "yes":
        errors["declare"] = "请确认本人承诺所填信息真实"
    if errors:
        return _apply_form(request, engine, me, errors, program, 400)
    try:
        app_id = submit(engine, me.actor, me.person_id, program, today, SELF_SERVICE)
    except ZhucanError as exc:
        errors["program"] = error_text(exc, request_lang(request))
        return _apply_form(request, engine, me, errors, program, status_of(exc))
    session.set_flash("申请已提交，乡镇（街道）将在期限内审核")
    return RedirectResponse(f"/me/applications/{app_id}", status_code=303)
