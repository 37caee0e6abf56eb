"""The first page: the registry's counts by town, category and grade."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from zhucan.access.scope import SYSTEM
from zhucan.core.period import parse_date
from zhucan.registry.counts import registry_counts
from zhucan.registry.tables import person
from zhucan.storage.engine import get_engine

router = APIRouter()


def _busiest_county() -> str | None:
    county = func.substr(person.c.region, 1, 6)
    with get_engine().connect() as conn:
        row = conn.execute(
            select(county).group_by(county).order_by(func.count().desc()).limit(1)
        ).first()
    return row[0] if row else None


@router.get("/", response_class=HTMLResponse)
def home(request: Request, region: str | None = None, as_of: str | None = None) -> HTMLResponse:
    """Counts of living holders of a valid certificate, for a region and date."""
    from zhucan.web.app import templates

    day = parse_date(as_of) if as_of else date.today()
    code = region or _busiest_county()
    data = registry_counts(get_engine(), SYSTEM, code, day) if code else None
    return templates.TemplateResponse(
        request, "home.html", {"data": data, "as_of": day, "region": code or ""}
    )
