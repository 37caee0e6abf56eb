"""The registry overview: counts by sub-region, category and grade, in the user's area."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from zhucan.core.period import parse_date
from zhucan.registry.counts import registry_counts
from zhucan.web.deps import CountsReader, EngineDep
from zhucan.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    user: CountsReader,
    engine: EngineDep,
    region: str | None = Query(None, max_length=20),
    as_of: str | None = Query(None, max_length=20),
) -> HTMLResponse:
    """Counts of living holders of a valid certificate, for a region and date."""
    day = parse_date(as_of) if as_of else date.today()
    data = registry_counts(engine, user.actor, region or None, day)
    return render(request, "home.html", {"data": data, "as_of": day, "region": region or ""})
