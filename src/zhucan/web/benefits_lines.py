"""One payment line explained: the policy, version, parameters and facts it was paid on."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from zhucan.benefits.explain import explain_line
from zhucan.web.benefits_common import BenefitsReader, PoliciesDep, RowId
from zhucan.web.deps import EngineDep, allowed
from zhucan.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/benefits/lines/{line_id}", response_class=HTMLResponse)
def line(
    request: Request, line_id: RowId, user: BenefitsReader, engine: EngineDep, policies: PoliciesDep
) -> HTMLResponse:
    """Why a payment line says what it says: policy, version, parameters, facts hash."""
    data = explain_line(engine, user.actor, line_id, policies)
    context = {"line": data, "granted": allowed(user)}
    return render(request, "benefits/line.html", context)
