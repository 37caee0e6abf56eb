"""One place mapping errors to HTTP status, error pages (people) and JSON (the API)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from zhucan.access.throttle import TooManyAttempts
from zhucan.core.errors import Conflict, Forbidden, InvalidValue, NotFound, SetupError, ZhucanError
from zhucan.web.deps import SignInRequired
from zhucan.web.i18n import gettext
from zhucan.web.render import render, request_lang

_STATUS: tuple[tuple[type[ZhucanError], int], ...] = (
    (TooManyAttempts, 429),
    (InvalidValue, 400),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (SetupError, 503),
)
_HTTP_ZH = {404: "页面不存在", 405: "不支持此操作", 413: "上传的文件太大", 422: "提交的内容有误"}


def status_of(exc: ZhucanError) -> int:
    """The HTTP status for an error."""
    return next((s for cls, s in _STATUS if isinstance(exc, cls)), 400)


def is_api(request: Request) -> bool:
    """Whether the request is for the JSON API."""
    return request.url.path.startswith("/api/")


def safe_next(path: str | None) -> str:
    """A local path to return to after sign-in (never another site).

    >>> safe_next("/persons?q=1"), safe_next("//evil.example"), safe_next("https://x")
    ('/persons?q=1', '/', '/')
    """
    if not path or not path.startswith("/") or path.startswith(("//", "/\\")):
        return "/"
    return path


def _error_page(request: Request, zh: str, en: str, status: int) -> Response:
    message = en if request_lang(request) == "en" else zh
    return render(request, "error.html", {"message": message, "status": status}, status)


async def sign_in_required(request: Request, exc: Exception) -> Response:
    """401 for the API; otherwise a redirect to the sign-in page (HTMX-aware)."""
    if is_api(request):
        return JSONResponse(
            {"error": "请先登录", "error_en": "sign in with a bearer token"},
            401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    target = "/login?next=" + quote(safe_next(request.url.path), safe="/")
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


async def zhucan_error(request: Request, exc: Exception) -> Response:
    """A Zhucan error as JSON or as an error page."""
    assert isinstance(exc, ZhucanError)
    status = status_of(exc)
    if is_api(request):
        return JSONResponse({"error": exc.zh, "error_en": exc.en}, status)
    return _error_page(request, exc.zh, exc.en, status)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's HTTP errors (404, 405…) as JSON or as an error page."""
    assert isinstance(exc, HTTPException)
    zh = _HTTP_ZH.get(exc.status_code, "请求无法处理")
    if is_api(request):
        return JSONResponse({"error": zh, "error_en": str(exc.detail)}, exc.status_code)
    return _error_page(request, zh, gettext("en")(zh), exc.status_code)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(SignInRequired, sign_in_required)
    app.add_exception_handler(ZhucanError, zhucan_error)
    app.add_exception_handler(HTTPException, http_error)
