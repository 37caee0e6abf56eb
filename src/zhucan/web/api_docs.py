"""``/api/v1/docs``: the API reference as a server-rendered, accessible page (no CDN, no JS).

The page is public, like ``/api/v1/openapi.json`` it is made from: it shows what the
API offers, never any data. Unlike the rest of ``/api/`` it keeps the browser's session
cookie (``sessions.PAGES_UNDER_API``): the language and text-size buttons need its CSRF
token.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from zhucan.web.api_docs_schema import operations, schemas
from zhucan.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/api/v1/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """Every operation with its parameters, bodies and responses, and the schemas."""
    spec = request.app.openapi()
    context = {
        "info": spec.get("info", {}),
        "operations": operations(spec),
        "schemas": schemas(spec),
        "openapi_url": request.app.openapi_url,
    }
    return render(request, "api_docs.html", context)
