"""Employers: search, one employer's declaration and review, declaring by form or sheet."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse

from zhucan.access.permissions import Permission
from zhucan.access.users import User
from zhucan.core.errors import InvalidValue
from zhucan.employment.employers import SheetSummary
from zhucan.registry.importing.errors import UnusableFile
from zhucan.web import employment_labels as fmt
from zhucan.web.deps import EngineDep, allowed
from zhucan.web.employment_deps import EmployerReader, EmployerReviewer, RowId, YearQuery
from zhucan.web.employment_queries import employer_year, find_employers, scoped_employer
from zhucan.web.employment_uploads import declare_typed, upload_declarations, upload_employers
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)
FORM_ROWS = 5
YearForm = Annotated[int, Form(ge=2000, le=2100)]


def _list(
    request: Request, user: User, engine: EngineDep, q: str, year: int, **extra: Any
) -> HTMLResponse:
    rows = find_employers(engine, user.actor, q, year)
    lang = request_lang(request)
    for r in rows:
        r["tier_text"] = fmt.tier_text(r["tier"], lang)
        r["levy"] = fmt.yuan(r["levy_fen"])
        r["ratio_text"] = fmt.percent(r["ratio"])
    context = {"q": q, "year": year, "rows": rows, "granted": allowed(user), **extra}
    return render(request, "employment/employers.html", context, extra.pop("status", 200))


@router.get("/employers", response_class=HTMLResponse)
def employers_page(
    request: Request,
    user: EmployerReader,
    engine: EngineDep,
    q: str = Query("", max_length=100),
    year: YearQuery = None,
) -> HTMLResponse:
    """Employers of the jurisdiction, by name or credit code, with the year's review."""
    return _list(request, user, engine, q, fmt.review_year(year))


def _sheet_context(summary: SheetSummary, token: str | None, what: str) -> dict[str, Any]:
    rows = {r["row"] for r in summary.rejected}
    return {"summary": summary, "token": token, "what": what, "rejected_rows": len(rows)}


@router.post("/employers/import", response_class=HTMLResponse)
def import_register(
    request: Request,
    user: EmployerReviewer,
    engine: EngineDep,
    file: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    """Import the employer register (rows outside the jurisdiction are rejected)."""
    lang, year = request_lang(request), fmt.review_year(None)
    if file is None or not file.filename:
        return _list(request, user, engine, "", year, error="请选择要导入的文件", status=400)
    try:
        summary, token = upload_employers(engine, user.actor, file.file, file.filename, lang)
    except (InvalidValue, UnusableFile) as exc:
        return _list(request, user, engine, "", year, error_text=exc.message(lang), status=400)
    return _list(request, user, engine, "", year, **_sheet_context(summary, token, "单位名册"))


@router.post("/employers/declarations", response_class=HTMLResponse)
def import_declarations(
    request: Request,
    user: EmployerReviewer,
    engine: EngineDep,
    year: YearForm,
    file: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    """Import employers' declarations of a year from a sheet (xlsx, xls or csv)."""
    lang = request_lang(request)
    if file is None or not file.filename:
        return _list(request, user, engine, "", year, error="请选择要导入的文件", status=400)
    try:
        summary, token = upload_declarations(
            engine, user.actor, file.file, file.filename, year, lang
        )
    except (InvalidValue, UnusableFile) as exc:
        return _list(request, user, engine, "", year, error_text=exc.message(lang), status=400)
    return _list(request, user, engine, "", year, **_sheet_context(summary, token, "年审申报"))


def _employer_page(
    request: Request, user: User, engine: EngineDep, employer_id: int, year: int, **extra: Any
) -> HTMLResponse:
    lang = request_lang(request)
    found = scoped_employer(engine, user.actor, employer_id)
    data = employer_year(engine, employer_id, year)
    for e in data["employees"]:
        e["status_text"] = fmt.status_text(e["status"], lang)
        e["insurance_text"] = fmt.INSURANCE.get(e["insurance"] or "", "")
    r = data["review"]
    if r is not None:
        r |= {
            "tier_text": fmt.tier_text(r["tier"], lang),
            "levy": fmt.yuan(r["levy_fen"]),
            "reward": fmt.yuan(r["reward_fen"]),
            "ratio_text": fmt.percent(r["ratio"]),
            "required_text": fmt.percent(r["required_ratio"]),
        }
    can_declare = Permission.REVIEW_EMPLOYERS in allowed(user)
    context = {"e": found, "year": year, **data, "can_declare": can_declare, **extra}
    context.setdefault("rows", FORM_ROWS)
    return render(request, "employment/employer.html", context, extra.pop("status", 200))


@router.get("/employers/{employer_id}", response_class=HTMLResponse)
def employer_page(
    request: Request,
    employer_id: RowId,
    user: EmployerReader,
    engine: EngineDep,
    year: YearQuery = None,
    rows: Annotated[int, Query(ge=1, le=30)] = FORM_ROWS,
) -> HTMLResponse:
    """One employer: register data, the year's declared employees, checks and review."""
    return _employer_page(request, user, engine, employer_id, fmt.review_year(year), rows=rows)


@router.post("/employers/{employer_id}/declaration", response_class=HTMLResponse)
def declare_by_form(
    request: Request,
    employer_id: RowId,
    user: EmployerReviewer,
    engine: EngineDep,
    year: YearForm,
    staff: Annotated[str, Form(max_length=10)] = "",
    cid: Annotated[list[str] | None, Form(max_length=40)] = None,
    name: Annotated[list[str] | None, Form(max_length=100)] = None,
) -> HTMLResponse:
    """Declare the year's disabled employees typed in the form (replaces the earlier one)."""
    lang = request_lang(request)
    found = scoped_employer(engine, user.actor, employer_id)
    ids, names = (cid or [])[:30], (name or [])[:30]
    people = list(zip(ids, names + [""] * (len(ids) - len(names)), strict=False))
    try:
        summary = declare_typed(engine, user.actor, found["credit_code"], year, staff, people, lang)
    except InvalidValue as exc:
        page = _employer_page(
            request, user, engine, employer_id, year, error_text=exc.message(lang), status=400
        )
        return page
    status = 400 if summary.rejected and not summary.created else 200
    return _employer_page(request, user, engine, employer_id, year, declared=summary, status=status)
