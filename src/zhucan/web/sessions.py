"""Signed session cookies with an idle timeout, and the middleware that keeps them.

The cookie holds a random session id, the user id (once signed in) and the user's session
epoch, signed with a key derived from ``ZHUCAN_SECRET_KEY``. It is re-signed at most once
a minute while in use; a signature older than ``IDLE`` means the session timed out.
Sign-out bumps the user's epoch in the database, which voids every cookie issued before.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from fastapi import Request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from zhucan.access.crypto import derive_key
from zhucan.settings import get_settings
from zhucan.web.asgi import HttpMiddleware

COOKIE = "zhucan_session"
IDLE = 30 * 60
ABSOLUTE = 12 * 60 * 60
REFRESH = 60
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass
class WebSession:
    """The session of one browser: its id, the signed-in user, a one-shot notice."""

    sid: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    uid: int | None = None
    epoch: int = 0
    born: int = field(default_factory=lambda: int(time.time()))
    flash: str | None = None
    timed_out: bool = False
    dirty: bool = True

    def sign_in(self, uid: int, epoch: int) -> None:
        """Start a fresh session for the user (a new id: no session fixation)."""
        self.sid, self.uid, self.epoch = secrets.token_urlsafe(18), uid, epoch
        self.born, self.dirty = int(time.time()), True

    def clear(self, flash: str | None = None) -> None:
        """Forget the user and start an anonymous session."""
        self.sign_in(0, 0)
        self.uid, self.flash = None, flash

    def set_flash(self, msgid: str) -> None:
        """A notice shown once on the next page."""
        self.flash, self.dirty = msgid, True

    def pop_flash(self) -> str | None:
        """The pending notice, removed."""
        msg, self.flash = self.flash, None
        if msg is not None:
            self.dirty = True
        return msg

    def as_dict(self) -> dict[str, Any]:
        """What goes in the cookie."""
        return {"s": self.sid, "u": self.uid, "e": self.epoch, "b": self.born, "f": self.flash}


def serializer() -> URLSafeTimedSerializer:
    """The cookie signer, keyed by a subkey of the master key."""
    key = derive_key(get_settings().key_bytes, b"zhucan-web-session")
    return URLSafeTimedSerializer(key, salt="session")


def load_session(raw: str | None) -> WebSession:
    """The session in a cookie value; a new one if absent, forged, old or timed out."""
    if not raw:
        return WebSession()
    try:
        data, signed_at = serializer().loads(raw, max_age=IDLE, return_timestamp=True)
    except SignatureExpired as exc:
        # Signed by us but idle too long: say so only if someone was signed in.
        old = serializer().load_payload(exc.payload) if exc.payload else None
        return WebSession(timed_out=isinstance(old, dict) and old.get("u") is not None)
    except BadSignature:
        return WebSession()
    if not isinstance(data, dict) or time.time() - int(data.get("b", 0)) > ABSOLUTE:
        return WebSession(timed_out=True)
    stale = time.time() - signed_at.timestamp() > REFRESH
    return WebSession(
        data["s"], data.get("u"), data.get("e", 0), data["b"], data.get("f"), False, stale
    )


def cookie_secure(request: Request) -> bool:
    """Secure cookies everywhere except plain http on the loopback address."""
    return not (request.url.scheme == "http" and request.url.hostname in _LOCAL_HOSTS)


def _cookie(value: str, secure: bool) -> str:
    """The Set-Cookie header value of the session cookie."""
    jar: SimpleCookie = SimpleCookie()
    jar[COOKIE] = value
    morsel = jar[COOKIE]
    morsel["max-age"], morsel["path"] = ABSOLUTE, "/"
    morsel["httponly"], morsel["samesite"] = True, "lax"
    if secure:
        morsel["secure"] = True
    return morsel.OutputString()


#: Pages (for people, with forms) whose path lies under the token-only ``/api/``.
PAGES_UNDER_API = frozenset({"/api/v1/docs"})


class SessionMiddleware(HttpMiddleware):
    """Load the session before the handler (``request.state.session``) and write it back
    when it changed (API calls carry a token, not a cookie)."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        session = load_session(request.cookies.get(COOKIE))
        scope.setdefault("state", {})["session"] = session
        api = scope["path"].startswith("/api/") and scope["path"] not in PAGES_UNDER_API

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and session.dirty and not api:
                value = serializer().dumps(session.as_dict())
                cookie = _cookie(value, cookie_secure(request))
                MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)
