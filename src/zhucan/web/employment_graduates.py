"""Disabled graduates one by one (一人一策): plans, status and progress toward 100% helped."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine, select

from zhucan.access.scope import Actor, scope_clause
from zhucan.access.users import User
from zhucan.core.errors import InvalidValue
from zhucan.employment.graduates import HELPED, STATUSES, graduates_helped, track_graduate
from zhucan.employment.job_tables import graduate
from zhucan.registry.tables import person
from zhucan.web.deps import EngineDep, SessionDep
from zhucan.web.employment_deps import JobWorker, YearQuery
from zhucan.web.employment_forms import person_by_number
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)


def graduates_of(engine: Engine, actor: Actor, year: int) -> list[dict[str, Any]]:
    """The year's graduates in scope with name, masked ID, school, plan and status."""
    stmt = (
        select(*graduate.c, person.c.name, person.c.citizen_id_masked)
        .join(person, person.c.id == graduate.c.person_id)
        .where(graduate.c.year == year, scope_clause(graduate.c.region, actor))
        .order_by(graduate.c.status, person.c.name)
    )
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def _page(request: Request, user: User, engine: EngineDep, year: int, **extra: Any) -> HTMLResponse:
    rows = graduates_of(engine, user.actor, year)
    helped = graduates_helped(engine, user.actor, year)
    done, total = sum(h for h, _ in helped.values()), sum(t for _, t in helped.values())
    context = {
        "year": year,
        "rows": rows,
        "by_region": sorted(helped.items()),
        "done": done,
        "total": total,
        "share": round(100 * done / total) if total else 0,
        "statuses": STATUSES,
        "helped": HELPED,
        **extra,
    }
    return render(request, "employment/graduates.html", context, extra.pop("status", 200))


@router.get("/jobs/graduates", response_class=HTMLResponse)
def graduates_page(
    request: Request, user: JobWorker, engine: EngineDep, year: YearQuery = None
) -> HTMLResponse:
    """The year's graduates and how many have been helped."""
    return _page(request, user, engine, year or date.today().year)


@router.post("/jobs/graduates", response_model=None)
def track(
    request: Request,
    user: JobWorker,
    engine: EngineDep,
    session: SessionDep,
    year: Annotated[int, Form(ge=2000, le=2100)],
    number: Annotated[str, Form(max_length=40)] = "",
    school: Annotated[str, Form(max_length=200)] = "",
    plan: Annotated[str, Form(max_length=2000)] = "",
    status: Annotated[str, Form(max_length=16)] = "seeking",
) -> Response:
    """Add a graduate or update their plan and status (one row per person and year)."""
    lang = request_lang(request)
    try:
        if not school.strip() or not plan.strip():
            raise InvalidValue("请填写学校和帮扶计划", "give the school and the plan")
        person_id = person_by_number(engine, user.actor, number)
        track_graduate(engine, user.actor, person_id, year, school.strip(), plan.strip(), status)
    except InvalidValue as exc:
        form = {"number": number, "school": school, "plan": plan, "status": status}
        return _page(
            request, user, engine, year, error_text=exc.message(lang), form=form, status=400
        )
    session.set_flash("毕业生帮扶情况已保存")
    return RedirectResponse(f"/jobs/graduates?year={year}", status_code=303)
