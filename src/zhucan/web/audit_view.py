"""The audit log page for administrators: the newest rows, filters, and the chain check.

Walking the whole hash chain takes time as the log grows, so the page only shows the
latest check (kept in the log itself); checking again is an explicit button.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from zhucan.access.audit_search import (
    AuditFilter,
    check_chain,
    last_check,
    last_row_id,
    search_audit,
)
from zhucan.web.deps import Auditor, EngineDep, SessionDep
from zhucan.web.labels import action_label
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)
PAGE = 50
Text = Annotated[str, Query(max_length=64)]


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    user: Auditor,
    engine: EngineDep,
    before: int | None = Query(None, ge=1, le=2**31 - 1),
    actor: Text = "",
    action: Text = "",
    day_from: Annotated[str, Query(alias="from", max_length=10)] = "",
    day_to: Annotated[str, Query(alias="to", max_length=10)] = "",
) -> HTMLResponse:
    """The latest chain check, and audit rows newest first, filtered and a page at a time."""
    where = AuditFilter(actor.strip(), action.strip(), _day(day_from), _day(day_to))
    with engine.connect() as conn:
        check = last_check(conn)
        rows = search_audit(conn, where, PAGE, before)
        total = last_row_id(conn)
    lang = request_lang(request)
    rows = [{**r, "label": action_label(r["action"], lang)} for r in rows]
    older = rows[-1]["id"] if len(rows) == PAGE and rows[-1]["id"] > 1 else None
    filters = {"actor": where.actor, "action": where.action, "from": day_from, "to": day_to}
    query = urlencode({k: v for k, v in filters.items() if v})
    context = {
        "check": check,
        "check_message": (check["reason_en"] if lang == "en" else check["reason_zh"])
        if check
        else "",
        "rows": rows,
        "total": total,
        "older": older,
        "filters": filters,
        "filter_query": query,
        "filtered": bool(query),
    }
    return render(request, "audit.html", context)


@router.post("/audit/verify")
def verify_chain(user: Auditor, engine: EngineDep, session: SessionDep) -> RedirectResponse:
    """校验审计链: walk the whole chain now; the outcome is logged and shown on the page."""
    result = check_chain(engine, user.actor)
    session.set_flash("审计链校验完成" if result.ok else "审计链校验未通过")
    return RedirectResponse("/audit", status_code=303)
