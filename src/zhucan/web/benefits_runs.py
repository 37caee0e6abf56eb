"""Payment runs: list, create, check, approve (not by the creator), bank file, reconcile."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhucan.access.users import User
from zhucan.benefits.export import export_bank_file
from zhucan.benefits.listing import get_run, list_runs
from zhucan.benefits.run_steps import approve_run, check_run, reconcile_run
from zhucan.benefits.runs import run_payments
from zhucan.core.errors import InvalidValue, ZhucanError
from zhucan.core.period import Month
from zhucan.web.benefits_common import (
    PAYMENT_PROGRAMS,
    BankExporter,
    BenefitsReader,
    PoliciesDep,
    RowId,
    RunApprover,
    RunMaker,
    error_text,
)
from zhucan.web.deps import EngineDep, SessionDep, allowed
from zhucan.web.errors import status_of
from zhucan.web.render import render, request_lang
from zhucan.web.uploads import MAX_UPLOAD, clean_name

router = APIRouter(include_in_schema=False)
Program = Literal["nursing_subsidy", "living_subsidy"]
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _runs_page(
    request: Request, engine: EngineDep, user: User, form: dict[str, Any], status: int = 200
) -> HTMLResponse:
    context = {
        "runs": list_runs(engine, user.actor),
        "granted": allowed(user),
        "programs": PAYMENT_PROGRAMS,
        "form": form,
        "jurisdiction": user.actor.prefix,
    }
    return render(request, "benefits/runs.html", context, status)


@router.get("/benefits/runs", response_class=HTMLResponse)
def runs(request: Request, user: BenefitsReader, engine: EngineDep) -> HTMLResponse:
    """The runs of the jurisdiction, newest month first, and the form to create one."""
    return _runs_page(request, engine, user, {"errors": {}})


@router.post("/benefits/runs", response_model=None)
def create_run(
    request: Request,
    user: RunMaker,
    engine: EngineDep,
    session: SessionDep,
    policies: PoliciesDep,
    period: Annotated[str, Form(max_length=20)] = "",
    program: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Create the month's run of the user's jurisdiction, or add the differences to its draft."""
    form: dict[str, Any] = {"period": period, "program": program, "errors": {}}
    try:
        month = Month.parse(period.strip())
    except InvalidValue:
        form["errors"]["period"] = "请填写发放月份，如 2025-01"
    if program not in PAYMENT_PROGRAMS:
        form["errors"]["program"] = "请选择项目"
    if form["errors"]:
        return _runs_page(request, engine, user, form, 400)
    try:
        summary = run_payments(engine, user.actor, month, user.actor.prefix, program, policies)
    except ZhucanError as exc:
        form["errors"]["step"] = error_text(exc, request_lang(request))
        return _runs_page(request, engine, user, form, status_of(exc))
    session.set_flash("发放批次已生成或补算")
    return RedirectResponse(f"/benefits/runs/{summary.run_id}", status_code=303)


def _run_page(
    request: Request, engine: EngineDep, user: User, run_id: int, error: str = "", status: int = 200
) -> HTMLResponse:
    run = get_run(engine, user.actor, run_id)
    summary = json.loads(run["check_summary"]) if run.get("check_summary") else None
    context = {"run": run, "summary": summary, "granted": allowed(user), "errors": {}}
    if error:
        context["errors"] = {"step": error}
    return render(request, "benefits/run.html", context, status)


@router.get("/benefits/runs/{run_id}", response_class=HTMLResponse)
def run_detail(
    request: Request, run_id: RowId, user: BenefitsReader, engine: EngineDep
) -> HTMLResponse:
    """One run: state, who did each step, totals and its lines."""
    return _run_page(request, engine, user, run_id)


def _step(request: Request, engine: EngineDep, user: User, run_id: int, action: str) -> Response:
    run = get_run(engine, user.actor, run_id)
    key = (Month.parse(run["period"]), run["region"], run["program"])
    try:
        if action == "check":
            check_run(engine, user.actor, *key)
        else:
            approve_run(engine, user.actor, *key)
    except ZhucanError as exc:
        return _run_page(
            request, engine, user, run_id, error_text(exc, request_lang(request)), status_of(exc)
        )
    request.state.session.set_flash("批次已复核" if action == "check" else "批次已审批")
    return RedirectResponse(f"/benefits/runs/{run_id}", status_code=303)


@router.post("/benefits/runs/{run_id}/check", response_model=None)
def check(request: Request, run_id: RowId, user: RunApprover, engine: EngineDep) -> Response:
    """复核: totals and people without a bank account; the run becomes checked."""
    return _step(request, engine, user, run_id, "check")


@router.post("/benefits/runs/{run_id}/approve", response_model=None)
def approve(request: Request, run_id: RowId, user: RunApprover, engine: EngineDep) -> Response:
    """审批: refused (and said so on the page) when the approver created the run."""
    return _step(request, engine, user, run_id, "approve")


@router.post("/benefits/runs/{run_id}/export", response_model=None)
def export(
    request: Request,
    run_id: RowId,
    user: BankExporter,
    engine: EngineDep,
    file_format: Annotated[Literal["csv", "xlsx"], Form()] = "csv",
) -> Response:
    """The bank file of an approved run, as a download (the service audits it)."""
    run = get_run(engine, user.actor, run_id)
    name = f"发放文件_{run['period']}_{run['region'] or 'all'}_{run['program']}.{file_format}"
    with tempfile.TemporaryDirectory(prefix="zhucan-bank-") as tmp:
        out = Path(tmp) / f"bank.{file_format}"
        try:
            export_bank_file(
                engine,
                user.actor,
                Month.parse(run["period"]),
                run["region"],
                run["program"],
                out,
                file_format,
            )
        except ZhucanError as exc:
            lang = request_lang(request)
            return _run_page(request, engine, user, run_id, error_text(exc, lang), status_of(exc))
        body = out.read_bytes()
    disposition = f"attachment; filename*=UTF-8''{_quote(name)}"
    return Response(
        body, media_type=MEDIA[file_format], headers={"Content-Disposition": disposition}
    )


def _quote(name: str) -> str:
    return quote(name, safe="")


@router.post("/benefits/runs/{run_id}/reconcile", response_model=None)
def reconcile(
    request: Request,
    run_id: RowId,
    user: RunMaker,
    engine: EngineDep,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Import the bank's return file: each line paid or failed; failures carry over."""
    run = get_run(engine, user.actor, run_id)
    lang = request_lang(request)
    if file is None or not file.filename:
        return _run_page(request, engine, user, run_id, error_text(_NO_FILE, lang), 400)
    with tempfile.TemporaryDirectory(prefix="zhucan-return-") as tmp:
        path = Path(tmp) / clean_name(file.filename)
        data = file.file.read(MAX_UPLOAD + 1)
        try:
            if len(data) > MAX_UPLOAD:
                raise InvalidValue("文件超过 50 MB", "the file is over 50 MB")
            path.write_bytes(data)
            key = (Month.parse(run["period"]), run["region"], run["program"])
            reconcile_run(engine, user.actor, *key, path)
        except ZhucanError as exc:
            return _run_page(request, engine, user, run_id, error_text(exc, lang), status_of(exc))
    request.state.session.set_flash("银行回盘已导入")
    return RedirectResponse(f"/benefits/runs/{run_id}", status_code=303)


_NO_FILE = InvalidValue("请选择银行回盘文件", "choose the bank's return file")
