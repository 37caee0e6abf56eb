"""Sign-in and sign-out pages, with throttling of failed attempts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhucan.access import audit, throttle
from zhucan.access.scope import Role
from zhucan.access.users import authenticate, end_sessions
from zhucan.web.deps import CurrentUser, EngineDep, SessionDep
from zhucan.web.errors import safe_next
from zhucan.web.i18n import gettext
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)


def client_ip(request: Request) -> str:
    """The client's address (as seen by the server; a proxy must pass the real one)."""
    return request.client.host if request.client else "unknown"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    """The sign-in form."""
    return render(request, "login.html", {"next": safe_next(next), "username": ""})


@router.post("/login", response_model=None)
def login(
    request: Request,
    engine: EngineDep,
    session: SessionDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the password; on success start a new session, else count the failure."""
    ip = client_ip(request)
    context = {"next": safe_next(next), "username": username}
    try:
        with engine.begin() as conn:
            throttle.ensure_allowed(conn, username, ip)
    except throttle.TooManyAttempts as exc:
        message = exc.message(request_lang(request))
        return render(request, "login.html", {**context, "error": message}, 429)
    with engine.begin() as conn:
        user = authenticate(conn, username, password) if username and password else None
        if user is None:
            throttle.record_failure(conn, username, ip)
    if user is None:
        message = gettext(request_lang(request))("用户名或密码错误")
        return render(request, "login.html", {**context, "error": message}, 400)
    with engine.begin() as conn:
        audit.record(conn, user.username, "user.sign_in", "user", user.username, {"ip": ip})
        throttle.clear_failures(conn, username, ip)
    session.sign_in(user.id, user.session_epoch)
    landing = safe_next(next)
    if user.role == Role.PERSON and landing == "/":
        landing = "/me"  # a person account's home is the self-service page
    return RedirectResponse(landing, status_code=303)


@router.post("/logout")
def logout(user: CurrentUser, engine: EngineDep, session: SessionDep) -> RedirectResponse:
    """End every session of the user and go to the sign-in page."""
    with engine.begin() as conn:
        audit.record(conn, user.username, "user.sign_out", "user", user.username, {})
        end_sessions(conn, user.id)
    session.clear("您已安全退出")
    return RedirectResponse("/login", status_code=303)
