"""Input hygiene before any handler: no NUL characters in queries, forms or JSON bodies.

PostgreSQL text cannot hold NUL, and no person's name or code contains one, so such
input is refused as a client error rather than failing deep in the database.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from zhucan.core.errors import InvalidValue
from zhucan.web.asgi import HttpMiddleware

_REFUSAL = ("输入中含有不允许的控制字符", "the input contains a forbidden control character")


def _has_nul(raw: bytes) -> bool:
    return b"\x00" in raw or b"%00" in raw.lower() or b"\\u0000" in raw.lower()


class RefuseNulInQuery(HttpMiddleware):
    """Answer 400 to a request whose path or query string holds a NUL."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _has_nul(scope.get("query_string", b"")) or "\x00" in scope["path"]:
            zh, en = _REFUSAL
            await JSONResponse({"error": zh, "error_en": en}, 400)(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def refuse_nul_in_body(request: Request) -> None:
    """Refuse a form or JSON body holding a NUL (uploaded files are not checked)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json") and _has_nul(await request.body()):
        raise InvalidValue(*_REFUSAL)
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        if any(isinstance(v, str) and "\x00" in v for v in form.values()):
            raise InvalidValue(*_REFUSAL)
