"""``/api/v1/docs``: the API reference as a server-rendered, accessible page (no CDN, no JS).

The page is public, like ``/api/v1/openapi.json`` it is made from: it shows what the
API offers, never any data. Pages under ``/api/`` get no session cookie from the
middleware, so this one keeps the browser's session itself (the language and text-size
buttons need its CSRF token).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from zhucan.web.api_docs_schema import operations, schemas
from zhucan.web.deps import SessionDep
from zhucan.web.render import render
from zhucan.web.sessions import ABSOLUTE, COOKIE, cookie_secure, serializer

router = APIRouter(include_in_schema=False)


@router.get("/api/v1/docs", response_class=HTMLResponse)
def api_docs(request: Request, session: SessionDep) -> HTMLResponse:
    """Every operation with its parameters, bodies and responses, and the schemas."""
    spec = request.app.openapi()
    context = {
        "info": spec.get("info", {}),
        "operations": operations(spec),
        "schemas": schemas(spec),
        "openapi_url": request.app.openapi_url,
    }
    response = render(request, "api_docs.html", context)
    if session.dirty:
        response.set_cookie(
            COOKIE,
            serializer().dumps(session.as_dict()),
            max_age=ABSOLUTE,
            httponly=True,
            samesite="lax",
            secure=cookie_secure(request),
            path="/",
        )
    return response
