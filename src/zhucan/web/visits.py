"""Home visits (入户访视): the area's visit plans and the visit record page (for a phone)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhucan.access.users import User
from zhucan.cases.service import CATEGORIES
from zhucan.cases.visits import VisitRecord, plan_visits, record_visit
from zhucan.core.dates import parse_date
from zhucan.core.errors import InvalidValue
from zhucan.support.needs import NeedKind
from zhucan.web.cases_deps import Visitor
from zhucan.web.deps import EngineDep, SessionDep
from zhucan.web.employment_deps import YearQuery
from zhucan.web.render import render
from zhucan.web.visits_view import plans, visit_target

router = APIRouter(include_in_schema=False)
PersonId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _plans_page(
    request: Request, user: User, engine: EngineDep, year: int, **extra: Any
) -> HTMLResponse:
    rows = plans(engine, user.actor, year)
    context = {"year": year, "rows": rows, **extra}
    return render(request, "visits/plans.html", context)


@router.get("/visits", response_class=HTMLResponse)
def plans_page(
    request: Request, user: Visitor, engine: EngineDep, year: YearQuery = None
) -> HTMLResponse:
    """The year's visit plans of the user's area, with the visits made so far."""
    return _plans_page(request, user, engine, year or date.today().year)


@router.post("/visits/plan", response_class=HTMLResponse)
def make_plans(
    request: Request,
    user: Visitor,
    engine: EngineDep,
    year: Annotated[int, Form(ge=2000, le=2100)],
) -> HTMLResponse:
    """Plan the year's visits to households in difficulty (people already planned are kept)."""
    new = plan_visits(engine, user.actor, year)
    return _plans_page(request, user, engine, year, planned=new.height)


def _record_page(
    request: Request, user: User, engine: EngineDep, person_id: int, **extra: Any
) -> HTMLResponse:
    context = {
        "p": visit_target(engine, user.actor, person_id),
        "needs": [(k.value, k.zh) for k in NeedKind],
        "need_labels": {k.value: k.zh for k in NeedKind},
        "categories": CATEGORIES,
        "today": date.today(),
        **extra,
    }
    return render(request, "visits/record.html", context, extra.pop("status", 200))


@router.get("/visits/{person_id}", response_class=HTMLResponse)
def record_page(
    request: Request, person_id: PersonId, user: Visitor, engine: EngineDep
) -> HTMLResponse:
    """The visit record form for one person, laid out for a phone."""
    return _record_page(request, user, engine, person_id)


@router.post("/visits/{person_id}", response_model=None)
def record(
    request: Request,
    person_id: PersonId,
    user: Visitor,
    engine: EngineDep,
    session: SessionDep,
    notes: Annotated[str, Form(max_length=4000)] = "",
    needs: Annotated[list[str] | None, Form()] = None,
    problem: Annotated[str, Form(max_length=2000)] = "",
    category: Annotated[str, Form(max_length=32)] = "living",
    visited_on: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Record a visit: needs found become need records, a problem becomes a case."""
    visit_target(engine, user.actor, person_id)
    errors = {}
    if not notes.strip():
        errors["notes"] = "请填写访视情况"
    if category not in CATEGORIES:
        errors["category"] = "请选择问题类别"
    try:
        day = parse_date(visited_on) if visited_on.strip() else date.today()
    except InvalidValue:
        errors["visited_on"] = "请填写有效的日期，如 2024-05-01"
    kinds = [NeedKind(n) for n in needs or [] if n in {k.value for k in NeedKind}]
    if errors:
        form = {"notes": notes, "needs": kinds, "problem": problem, "category": category}
        return _record_page(request, user, engine, person_id, errors=errors, form=form, status=400)
    record_visit(
        engine,
        user.actor,
        VisitRecord(person_id, day, notes.strip(), kinds, problem.strip() or None, category),
    )
    session.set_flash("访视已登记")
    return RedirectResponse(f"/visits/{person_id}#recent", status_code=303)
