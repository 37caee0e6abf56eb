"""CSRF protection: a token bound to the session id, checked on every unsafe request.

Every form carries ``csrf_token``; HTMX requests may send ``X-CSRF-Token`` instead. The
API under ``/api/`` takes no cookies (bearer tokens only), so it needs no CSRF token.
"""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request

from zhucan.access.crypto import derive_key
from zhucan.core.errors import Forbidden
from zhucan.settings import get_settings

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def csrf_token(sid: str) -> str:
    """The token for a session id."""
    key = derive_key(get_settings().key_bytes, b"zhucan-web-csrf")
    return hmac.new(key, sid.encode(), hashlib.sha256).hexdigest()


async def csrf_guard(request: Request) -> None:
    """Refuse an unsafe request to a page whose token is missing or wrong."""
    if request.method in SAFE_METHODS or request.url.path.startswith("/api/"):
        return
    sent = request.headers.get(HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(FIELD)
            sent = value if isinstance(value, str) else None
    expected = csrf_token(request.state.session.sid)
    if not sent or not hmac.compare_digest(sent, expected):
        raise Forbidden(
            "表单已过期或来源不明，请刷新页面后重试",
            "the form has expired or did not come from this site: reload the page and retry",
        )
