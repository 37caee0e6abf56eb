"""The audit log page for administrators: the chain's verification and the newest rows."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from zhucan.access.audit import verify
from zhucan.access.audit_query import audit_row_count, recent_audit_rows
from zhucan.web.deps import Auditor, EngineDep
from zhucan.web.labels import action_label
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)
PAGE = 50


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    user: Auditor,
    engine: EngineDep,
    before: int | None = Query(None, ge=1, le=2**31 - 1),
) -> HTMLResponse:
    """Whether the hash chain is intact, and the audit rows newest first."""
    with engine.connect() as conn:
        check = verify(conn)
        rows = recent_audit_rows(conn, PAGE, before)
        total = audit_row_count(conn)
    lang = request_lang(request)
    rows = [{**r, "label": action_label(r["action"], lang)} for r in rows]
    older = rows[-1]["id"] if len(rows) == PAGE and rows[-1]["id"] > 1 else None
    context = {
        "check": check,
        "check_message": check.message(lang),
        "rows": rows,
        "total": total,
        "older": older,
    }
    return render(request, "audit.html", context)
