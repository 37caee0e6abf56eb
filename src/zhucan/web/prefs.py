"""Display preferences kept in cookies: language and large text (适老化)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from zhucan.web.errors import safe_next
from zhucan.web.render import LANG_COOKIE, TEXT_COOKIE
from zhucan.web.sessions import cookie_secure

router = APIRouter(include_in_schema=False)
YEAR = 365 * 24 * 3600


@router.post("/prefs")
def set_prefs(
    request: Request,
    lang: Annotated[Literal["zh", "en"] | None, Form()] = None,
    text_size: Annotated[Literal["normal", "large"] | None, Form()] = None,
    back: Annotated[str, Form(max_length=2000)] = "/",
) -> RedirectResponse:
    """Remember the chosen language or text size and go back to the page."""
    response = RedirectResponse(safe_next(back), status_code=303)
    secure = cookie_secure(request)
    for name, value in ((LANG_COOKIE, lang), (TEXT_COOKIE, text_size)):
        if value is not None:
            response.set_cookie(
                name, value, max_age=YEAR, httponly=True, samesite="lax", secure=secure
            )
    return response
