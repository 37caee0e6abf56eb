"""Job postings: publish, list, and the seekers ranked for a posting with their reasons."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhucan.access.users import User
from zhucan.employment.jobs import add_posting
from zhucan.employment.matching import ACCOMMODATIONS
from zhucan.web.deps import EngineDep, SessionDep
from zhucan.web.employment_deps import JobWorker, RowId
from zhucan.web.employment_forms import PostingForm, category_choices, grade_choices, words
from zhucan.web.employment_job_queries import postings, ranked, referrals, scoped_posting
from zhucan.web.employment_labels import OUTCOMES
from zhucan.web.employment_queries import employers_in_scope
from zhucan.web.render import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=500)]


def _jobs_page(
    request: Request,
    user: User,
    engine: EngineDep,
    form: PostingForm | None = None,
    status: int = 200,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "rows": postings(engine, user.actor),
        "employers": employers_in_scope(engine, user.actor),
        "form": form or PostingForm(region=user.actor.jurisdiction),
        "categories": category_choices(),
        "grades": grade_choices(),
        "accommodations": ACCOMMODATIONS,
    }
    return render(request, "employment/jobs.html", context, status)


@router.get("/jobs", response_class=HTMLResponse)
def jobs_page(request: Request, user: JobWorker, engine: EngineDep) -> HTMLResponse:
    """Postings of the jurisdiction and the form to publish one."""
    return _jobs_page(request, user, engine)


@router.post("/jobs/postings", response_model=None)
def publish(
    request: Request,
    user: JobWorker,
    engine: EngineDep,
    session: SessionDep,
    credit_code: Annotated[str, Form(max_length=18)] = "",
    title: Annotated[str, Form(max_length=200)] = "",
    region: Annotated[str, Form(max_length=20)] = "",
    categories: Annotated[list[int] | None, Form()] = None,
    grades: Annotated[list[int] | None, Form()] = None,
    skills: Text = "",
    accommodations: Annotated[list[str] | None, Form()] = None,
    openings: Annotated[str, Form(max_length=4)] = "1",
) -> Response:
    """Publish a posting of an employer in the jurisdiction."""
    form = PostingForm(
        credit_code,
        title,
        region,
        categories or [],
        grades or [],
        skills,
        accommodations or [],
        openings,
    )
    known = {e["credit_code"] for e in employers_in_scope(engine, user.actor)}
    if not form.validate(known):
        return _jobs_page(request, user, engine, form, 400)
    posting_id = add_posting(
        engine,
        user.actor,
        form.credit_code,
        form.title.strip(),
        form.region,
        form.categories,
        form.grades,
        words(form.skills),
        form.accommodations,
        int(form.openings),
    )
    session.set_flash("岗位已发布")
    return RedirectResponse(f"/jobs/postings/{posting_id}", status_code=303)


@router.get("/jobs/postings/{posting_id}", response_class=HTMLResponse)
def posting_page(
    request: Request, posting_id: RowId, user: JobWorker, engine: EngineDep
) -> HTMLResponse:
    """A posting, the seekers ranked for it with reasons, and its referrals."""
    found = scoped_posting(engine, user.actor, posting_id)
    context = {
        "p": found,
        "matches": ranked(engine, user.actor, date.today(), posting_id=posting_id),
        "referrals": referrals(engine, user.actor, posting_id=posting_id),
        "accommodations": ACCOMMODATIONS,
        "outcomes": OUTCOMES,
    }
    return render(request, "employment/posting.html", context)
