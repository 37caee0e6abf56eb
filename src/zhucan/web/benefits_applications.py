"""Benefit applications: the queue with deadlines, 受理, 审核 and 审批 with reasons."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhucan.access.users import User
from zhucan.benefits.applications import decide_application, review, submit
from zhucan.benefits.listing import (
    get_application,
    list_applications,
    waiting_counts,
)
from zhucan.core.errors import ZhucanError
from zhucan.web.benefits_common import (
    PAYMENT_PROGRAMS,
    ApplicationDecider,
    ApplicationHandler,
    BenefitsReader,
    PoliciesDep,
    RowId,
    error_text,
)
from zhucan.web.deps import EngineDep, SessionDep, allowed
from zhucan.web.errors import status_of
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)
States = Literal["", "received", "reviewed", "approved", "rejected"]
Reason = Annotated[str, Form(max_length=500)]


@router.get("/benefits", response_class=HTMLResponse)
def hub(request: Request, user: BenefitsReader, engine: EngineDep) -> HTMLResponse:
    """What waits for the user: open applications, overdue ones, work items, runs, alerts."""
    counts = waiting_counts(engine, user.actor, date.today())
    return render(request, "benefits/hub.html", {"counts": counts, "granted": allowed(user)})


@router.get("/benefits/applications", response_class=HTMLResponse)
def queue(
    request: Request,
    user: BenefitsReader,
    engine: EngineDep,
    state: Annotated[States, Query()] = "",
) -> HTMLResponse:
    """The applications of the jurisdiction with their deadlines; overdue ones marked."""
    rows = list_applications(engine, user.actor, state or None)
    context = {"rows": rows, "state": state, "today": date.today(), "granted": allowed(user)}
    return render(request, "benefits/applications.html", context)


@router.post("/benefits/applications", response_model=None)
def receive(
    user: ApplicationHandler,
    engine: EngineDep,
    session: SessionDep,
    person_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
    program: Annotated[Literal["nursing_subsidy", "living_subsidy"], Form()],
    received_on: Annotated[date | None, Form()] = None,
    channel: Annotated[Literal["worker", "discovery"], Form()] = "worker",
) -> Response:
    """受理: receive an application for a person in the jurisdiction."""
    app_id = submit(engine, user.actor, person_id, program, received_on or date.today(), channel)
    session.set_flash("申请已受理，请在期限内审核")
    return RedirectResponse(f"/benefits/applications/{app_id}", status_code=303)


def _detail(
    request: Request,
    engine: EngineDep,
    user: User,
    app_id: int,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    row = get_application(engine, user.actor, app_id)
    context = {
        "a": row,
        "errors": errors or {},
        "today": date.today(),
        "granted": allowed(user),
        "programs": PAYMENT_PROGRAMS,
    }
    return render(request, "benefits/application.html", context, status)


@router.get("/benefits/applications/{app_id}", response_class=HTMLResponse)
def detail(
    request: Request, app_id: RowId, user: BenefitsReader, engine: EngineDep
) -> HTMLResponse:
    """One application: person, deadlines, the steps so far and the next step's form."""
    return _detail(request, engine, user, app_id)


def _step(outcome: str, reason: str) -> dict[str, str]:
    errors = {}
    if outcome not in ("yes", "no"):
        errors["outcome"] = "请选择结论"
    if not reason.strip():
        errors["reason"] = "请填写意见或理由"
    return errors


@router.post("/benefits/applications/{app_id}/review", response_model=None)
def review_step(
    request: Request,
    app_id: RowId,
    user: ApplicationHandler,
    engine: EngineDep,
    session: SessionDep,
    outcome: Annotated[str, Form(max_length=8)] = "",
    reason: Reason = "",
) -> Response:
    """审核: the town passes the application to the county or rejects it, with a reason."""
    errors = _step(outcome, reason)
    if not errors:
        try:
            review(engine, user.actor, app_id, outcome == "yes", reason.strip(), date.today())
        except ZhucanError as exc:
            errors["step"] = error_text(exc, request_lang(request))
            return _detail(request, engine, user, app_id, errors, status_of(exc))
        session.set_flash("审核意见已记录")
        return RedirectResponse(f"/benefits/applications/{app_id}", status_code=303)
    return _detail(request, engine, user, app_id, errors, 400)


@router.post("/benefits/applications/{app_id}/decide", response_model=None)
def decide_step(
    request: Request,
    app_id: RowId,
    user: ApplicationDecider,
    engine: EngineDep,
    session: SessionDep,
    policies: PoliciesDep,
    outcome: Annotated[str, Form(max_length=8)] = "",
    reason: Reason = "",
) -> Response:
    """审批: the county approves (enrolling the person) or rejects, with a reason."""
    errors = _step(outcome, reason)
    if not errors:
        try:
            decide_application(
                engine, user.actor, app_id, outcome == "yes", reason.strip(), date.today(), policies
            )
        except ZhucanError as exc:
            errors["step"] = error_text(exc, request_lang(request))
            return _detail(request, engine, user, app_id, errors, status_of(exc))
        session.set_flash("审批结果已记录")
        return RedirectResponse(f"/benefits/applications/{app_id}", status_code=303)
    return _detail(request, engine, user, app_id, errors, 400)
