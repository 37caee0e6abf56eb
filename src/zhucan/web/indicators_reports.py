"""Evaluation report download: a plan, a year, a region in the jurisdiction, a format."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from zhucan.access import audit
from zhucan.core.errors import InvalidValue
from zhucan.indicators.reports import write_evaluation_report
from zhucan.indicators.stored_progress import covering_plans
from zhucan.indicators.targets import get_plan, load_plans
from zhucan.web.deps import CountsReader, EngineDep
from zhucan.web.indicators_common import plan_region, scoped_region
from zhucan.web.render import render

router = APIRouter(include_in_schema=False)

MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
YEARS = (2023, 2025)


def _plans_for(code: str | None) -> list[str]:
    return covering_plans(code) if code else [p.plan for p in load_plans()]


def disposition(name: str) -> str:
    """An attachment header with an ASCII fallback and the UTF-8 name (RFC 5987/6266).

    >>> print(disposition("报告.pdf"))
    attachment; filename="report.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf
    """
    suffix = name.rsplit(".", 1)[-1]
    return f"attachment; filename=\"report.{suffix}\"; filename*=UTF-8''{quote(name, safe='')}"


@router.get("/indicators/reports", response_class=HTMLResponse)
def report_form(
    request: Request,
    user: CountsReader,
    engine: EngineDep,
    plan: str | None = Query(None, max_length=64),
    region: str | None = Query(None, max_length=20),
) -> HTMLResponse:
    """The form: plan, year, region and format."""
    code = scoped_region(engine, user, region)
    plans = [get_plan(p) for p in _plans_for(code)]
    context = {
        "plans": plans,
        "plan": plan if plan in {p.plan for p in plans} else (plans[0].plan if plans else ""),
        "region": code or "",
        "years": YEARS,
        "formats": list(MEDIA),
    }
    return render(request, "indicators/reports.html", context)


@router.post("/indicators/reports", response_model=None)
def report_download(
    user: CountsReader,
    engine: EngineDep,
    plan: Annotated[str, Form(max_length=64)] = "",
    year: Annotated[int, Form(ge=2000, le=2100)] = 2025,
    region: Annotated[str, Form(max_length=20)] = "",
    file_format: Annotated[Literal["html", "pdf", "xlsx"], Form()] = "html",
) -> Response:
    """Write the report into a temporary directory and send it as a download (audited)."""
    chosen = get_plan(plan)
    code = plan_region(engine, user, plan, region)
    if not chosen.period_start <= year <= chosen.period_end:
        raise InvalidValue(
            f"评估年度须在规划期 {chosen.period_start}–{chosen.period_end} 内",
            f"the year must lie in {chosen.period_start}–{chosen.period_end}",
        )
    with tempfile.TemporaryDirectory(prefix="zhucan-report-") as tmp:
        out = Path(tmp) / f"report.{file_format}"
        write_evaluation_report(engine, plan, year, code, out, user.actor)
        body = out.read_bytes()
    with engine.begin() as conn:
        audit.record(
            conn,
            user.username,
            "export.evaluation_report",
            "plan",
            plan,
            {"year": year, "region": code, "format": file_format, "bytes": len(body)},
        )
    name = f"{chosen.name}_{year}年评估_{code}.{file_format}"
    return Response(
        body, media_type=MEDIA[file_format], headers={"Content-Disposition": disposition(name)}
    )
