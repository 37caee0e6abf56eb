"""Job seekers: register, ranked postings with reasons, referrals and their outcomes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhucan.access.users import User
from zhucan.core.dates import parse_date
from zhucan.core.errors import Conflict, InvalidValue
from zhucan.employment.jobs import OUTCOMES, record_outcome, refer, register_seeker
from zhucan.employment.matching import ACCOMMODATIONS
from zhucan.web.deps import EngineDep, SessionDep
from zhucan.web.employment_deps import JobWorker, RowId
from zhucan.web.employment_forms import person_by_number, words
from zhucan.web.employment_job_queries import (
    ranked,
    referrals,
    scoped_seeker,
    seeker_of_person,
    seekers,
)
from zhucan.web.employment_labels import OUTCOMES as OUTCOME_LABELS
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Form(ge=1, le=2**31 - 1)]


def _list(request: Request, user: User, engine: EngineDep, **extra: Any) -> HTMLResponse:
    context = {"rows": seekers(engine, user.actor), "accommodations": ACCOMMODATIONS, **extra}
    return render(request, "employment/seekers.html", context, extra.pop("status", 200))


@router.get("/jobs/seekers", response_class=HTMLResponse)
def seekers_page(request: Request, user: JobWorker, engine: EngineDep) -> HTMLResponse:
    """Job seekers of the jurisdiction and the form to register one."""
    return _list(request, user, engine)


@router.post("/jobs/seekers", response_model=None)
def register(
    request: Request,
    user: JobWorker,
    engine: EngineDep,
    session: SessionDep,
    number: Annotated[str, Form(max_length=40)] = "",
    skills: Annotated[str, Form(max_length=500)] = "",
    needs: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Register a person's employment need (16–59, valid certificate)."""
    lang = request_lang(request)
    try:
        person_id = person_by_number(engine, user.actor, number)
        if seeker_of_person(engine, person_id) is not None:
            raise Conflict("此人已登记求职", "this person is already registered")
        wanted = [n for n in needs or [] if n in ACCOMMODATIONS]
        seeker_id = register_seeker(
            engine, user.actor, person_id, date.today(), words(skills), wanted
        )
    except (InvalidValue, Conflict) as exc:
        return _list(request, user, engine, error_text=exc.message(lang), number=number, status=400)
    session.set_flash("已登记求职")
    return RedirectResponse(f"/jobs/seekers/{seeker_id}", status_code=303)


@router.get("/jobs/seekers/{seeker_id}", response_class=HTMLResponse)
def seeker_page(
    request: Request, seeker_id: RowId, user: JobWorker, engine: EngineDep
) -> HTMLResponse:
    """A seeker, the postings ranked for them with reasons, referrals and outcomes."""
    context = {
        "s": scoped_seeker(engine, user.actor, seeker_id),
        "matches": ranked(engine, user.actor, date.today(), seeker_id=seeker_id),
        "referrals": referrals(engine, user.actor, seeker_id=seeker_id),
        "accommodations": ACCOMMODATIONS,
        "outcomes": OUTCOME_LABELS,
        "today": date.today(),
    }
    return render(request, "employment/seeker.html", context)


@router.post("/jobs/referrals", response_model=None)
def refer_page(
    user: JobWorker, engine: EngineDep, session: SessionDep, seeker_id: Id, posting_id: Id
) -> Response:
    """Refer a seeker to one of the postings ranked for them (score and reasons kept)."""
    scoped_seeker(engine, user.actor, seeker_id)
    pairs = ranked(engine, user.actor, date.today(), seeker_id=seeker_id)
    pair = next((m for m in pairs if m["posting_id"] == posting_id), None)
    if pair is None:
        raise InvalidValue("该岗位不在此人的推荐岗位中", "the posting is not among the matches")
    refer(engine, user.actor, seeker_id, posting_id, pair["score"], pair["reasons"], date.today())
    session.set_flash("已推荐")
    return RedirectResponse(f"/jobs/seekers/{seeker_id}#referrals", status_code=303)


@router.post("/jobs/referrals/{referral_id}/outcome", response_model=None)
def outcome_page(
    referral_id: RowId,
    user: JobWorker,
    engine: EngineDep,
    session: SessionDep,
    seeker_id: Id,
    outcome: Annotated[str, Form(max_length=16)] = "",
    on: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Record a referral's outcome; 已录用 places the seeker and records employment."""
    scoped_seeker(engine, user.actor, seeker_id)
    if outcome not in OUTCOMES:
        raise InvalidValue("请选择推荐结果", "choose an outcome")
    day = parse_date(on) if on else date.today()
    record_outcome(engine, user.actor, referral_id, outcome, day, note.strip())
    session.set_flash("推荐结果已登记")
    return RedirectResponse(f"/jobs/seekers/{seeker_id}#referrals", status_code=303)
