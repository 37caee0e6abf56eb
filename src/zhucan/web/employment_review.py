"""The annual review of a year: run it, the results per employer, non-compliant list, report."""

from __future__ import annotations

import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse
from starlette.background import BackgroundTask

from zhucan.access.permissions import Permission
from zhucan.access.users import User
from zhucan.employment.reports import REASONS, noncompliant, region_report, review_rows
from zhucan.employment.service import run_review, set_local_wage
from zhucan.web import employment_labels as fmt
from zhucan.web.deps import EngineDep, allowed
from zhucan.web.employment_deps import EmployerReader, EmployerReviewer, YearQuery
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _overview(
    request: Request, user: User, engine: EngineDep, year: int, **extra: Any
) -> HTMLResponse:
    lang = request_lang(request)
    rows = review_rows(engine, user.actor, year).to_dicts()
    for r in rows:
        r |= {
            "tier_text": fmt.tier_text(r["tier"], lang),
            "levy": fmt.yuan(r["levy_fen"]),
            "reward": fmt.yuan(r["reward_fen"]),
            "ratio_text": fmt.percent(r["ratio"]),
        }
    reviewed = [r for r in rows if r["tier"] is not None]
    totals = {
        "employers": len(rows),
        "reviewed": len(reviewed),
        "levy": fmt.yuan(sum(r["levy_fen"] or 0 for r in reviewed)),
        "reward": fmt.yuan(sum(r["reward_fen"] or 0 for r in reviewed)),
    }
    can_review = Permission.REVIEW_EMPLOYERS in allowed(user)
    context = {"year": year, "rows": rows, "totals": totals, "can_review": can_review, **extra}
    return render(request, "employment/review.html", context, extra.pop("status", 200))


@router.get("/employment", response_class=HTMLResponse)
def review_page(
    request: Request, user: EmployerReader, engine: EngineDep, year: YearQuery = None
) -> HTMLResponse:
    """Each employer's review result of the year: ratio, levy tier and cap, reward."""
    return _overview(request, user, engine, fmt.review_year(year))


@router.post("/employment/review", response_class=HTMLResponse)
def run_review_page(
    request: Request,
    user: EmployerReviewer,
    engine: EngineDep,
    year: Annotated[int, Form(ge=2000, le=2100)],
    local_wage: Annotated[str, Form(max_length=20)] = "",
) -> HTMLResponse:
    """Run (or rerun) the year's review of the jurisdiction; an optional local average wage."""
    if local_wage.strip():
        try:
            wage = Decimal(local_wage.strip().replace(",", ""))
        except InvalidOperation:
            wage = Decimal(0)
        if wage <= 0 or not user.actor.prefix:
            error = "请填写有效的当地社会平均工资（元/年）"
            return _overview(request, user, engine, year, error=error, status=400)
        set_local_wage(engine, user.actor, user.actor.prefix, year, wage)
    summary, _ = run_review(engine, user.actor, year)
    return _overview(request, user, engine, year, summary=summary)


@router.get("/employment/noncompliant", response_class=HTMLResponse)
def noncompliant_page(
    request: Request, user: EmployerReader, engine: EngineDep, year: YearQuery = None
) -> HTMLResponse:
    """Employers that did not declare, owe the levy, or declared people who failed checks."""
    day = fmt.review_year(year)
    lang = request_lang(request)
    rows = noncompliant(engine, user.actor, day)
    for r in rows:
        r["reasons_text"] = "；".join(
            REASONS[x][1] if lang == "en" else REASONS[x][0] for x in r["reasons"]
        )
    return render(request, "employment/noncompliant.html", {"year": day, "rows": rows})


@router.get("/employment/report")
def report_download(
    user: EmployerReader, engine: EngineDep, year: YearQuery = None
) -> FileResponse:
    """The year's review report of the jurisdiction as an Excel workbook."""
    day = fmt.review_year(year)
    folder = Path(tempfile.mkdtemp(prefix="zhucan-report-"))
    path = region_report(engine, user.actor, day, folder / "report.xlsx")
    return FileResponse(
        path,
        media_type=XLSX,
        filename=f"{day}年按比例就业年审.xlsx",
        background=BackgroundTask(_remove, folder),
    )


def _remove(folder: Path) -> None:
    for item in folder.iterdir():
        item.unlink()
    folder.rmdir()
