"""The public self-service calculator (待遇自助测算): what a person may get, and why.

No sign-in. Nothing is stored: the answers are read from the form, evaluated in memory
and shown once; no database row, no audit entry, no cookie beyond the session's CSRF.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from zhucan.core.disability import Category, Grade
from zhucan.core.errors import InvalidValue
from zhucan.web.benefits_common import PoliciesDep
from zhucan.web.benefits_person import explain_all
from zhucan.web.calculator_form import ASSISTANCE, FIELDS, SELF_CARE, Answers
from zhucan.web.calculator_regions import PROVINCES, chosen_region, region_choices
from zhucan.web.deps import EngineDep
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)
MAX_ANSWER = 40


def _page(
    request: Request,
    engine: EngineDep,
    answers: Answers,
    results: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    lang = request_lang(request)
    context = {
        "a": answers,
        "results": results,
        "provinces": PROVINCES,
        **region_choices(engine, answers.get("province"), answers.get("city")),
        "categories": [(c.value, c.en if lang == "en" else c.zh) for c in Category],
        "grades": [(g.value, g.en if lang == "en" else g.zh) for g in Grade],
        "assistance": ASSISTANCE,
        "self_care": SELF_CARE,
    }
    return render(request, "calculator/form.html", context, status)


@router.get("/calculator", response_class=HTMLResponse)
def calculator(request: Request, engine: EngineDep) -> HTMLResponse:
    """The questions, blank."""
    return _page(request, engine, Answers())


@router.post("/calculator", response_class=HTMLResponse)
async def calculate(request: Request, engine: EngineDep, policies: PoliciesDep) -> HTMLResponse:
    """Refresh the region choices, or evaluate every program for the answers given."""
    form = await request.form()
    values = {k: str(form.get(k, ""))[:MAX_ANSWER] for k in FIELDS}
    answers = Answers(values)
    chosen = answers.get("code").strip() or answers.get("county")
    if form.get("refresh") and (request.headers.get("hx-request") or not chosen):
        return _page(request, engine, answers)
    region = None
    try:
        region = chosen_region(engine, answers.get("code"), answers.get("county"))
    except InvalidValue as exc:
        answers.errors["code"] = exc.message(request_lang(request))
    facts = answers.facts(region, date.today())
    if facts is None:
        return _page(request, engine, answers, status=400)
    results = explain_all(policies, facts, date.today(), request_lang(request))
    return _page(request, engine, answers, results)
