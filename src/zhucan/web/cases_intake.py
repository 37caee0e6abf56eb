"""Case intake: the form that records a hotline call, a petition or a complaint."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhucan.access.users import User
from zhucan.cases.deadlines import RULES, CaseKind
from zhucan.cases.service import CATEGORIES, NewCase, open_case
from zhucan.core.dates import parse_date
from zhucan.core.errors import Forbidden, InvalidValue
from zhucan.core.region_code import normalize_region_code
from zhucan.web.cases_deps import CaseHandler
from zhucan.web.deps import EngineDep, SessionDep
from zhucan.web.employment_forms import person_by_number
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)
INTAKE_KINDS = (CaseKind.HOTLINE, CaseKind.PETITION, CaseKind.COMPLAINT)
Short = Annotated[str, Form(max_length=40)]


def _form_page(
    request: Request, user: User, form: dict[str, str], status: int = 200, **extra: Any
) -> HTMLResponse:
    context = {
        "form": form,
        "kinds": [(k.value, k.zh, RULES[k]) for k in INTAKE_KINDS],
        "categories": CATEGORIES,
        **extra,
    }
    return render(request, "cases/new.html", context, status)


@router.get("/cases/new", response_class=HTMLResponse)
def intake_page(request: Request, user: CaseHandler) -> HTMLResponse:
    """The intake form."""
    form = {"region": user.actor.jurisdiction, "received_on": date.today().isoformat()}
    return _form_page(request, user, form)


@router.post("/cases", response_model=None)
def intake(
    request: Request,
    user: CaseHandler,
    engine: EngineDep,
    session: SessionDep,
    kind: Short = "",
    category: Short = "",
    region: Short = "",
    summary: Annotated[str, Form(max_length=4000)] = "",
    received_on: Short = "",
    number: Short = "",
    contact_name: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Record a case with its acceptance deadline."""
    form = {
        "kind": kind,
        "category": category,
        "region": region,
        "summary": summary,
        "received_on": received_on,
        "number": number,
        "contact_name": contact_name,
    }
    errors: dict[str, str] = {}
    if kind not in {k.value for k in INTAKE_KINDS}:
        errors["kind"] = "请选择案件来源"
    if category not in CATEGORIES:
        errors["category"] = "请选择诉求类别"
    if not summary.strip():
        errors["summary"] = "请填写诉求内容"
    try:
        code = normalize_region_code(region)
    except InvalidValue:
        errors["region"] = "请填写 12 位行政区划代码"
    try:
        received = parse_date(received_on) if received_on.strip() else date.today()
    except InvalidValue:
        errors["received_on"] = "请填写有效的日期，如 2024-05-01"
    person_id = None
    if number.strip() and not errors:
        try:
            person_id = person_by_number(engine, user.actor, number)
        except InvalidValue as exc:
            errors["number"] = exc.message(request_lang(request))
    if errors:
        return _form_page(request, user, form, 400, errors=errors)
    new = NewCase(
        CaseKind(kind),
        category,
        code,
        summary,
        received,
        person_id=person_id,
        contact_name=contact_name.strip() or None,
    )
    try:
        case_id = open_case(engine, user.actor, new)
    except Forbidden:
        errors["region"] = "该区划不在您的辖区内"
        return _form_page(request, user, form, 403, errors=errors)
    session.set_flash("案件已登记")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)
