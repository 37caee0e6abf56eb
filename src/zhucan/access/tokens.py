"""Personal API tokens: shown once, stored only as a SHA-256 hash, with an expiry."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Connection, insert, select

from zhucan.access import audit
from zhucan.access.tables import api_token
from zhucan.access.users import User, get_user

PREFIX = "zc_"
LIFETIME = dt.timedelta(days=90)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def issue_token(conn: Connection, user: User, label: str = "api") -> tuple[str, dt.datetime]:
    """A new token for ``user`` and its expiry; only the hash is kept (audited)."""
    token = PREFIX + secrets.token_urlsafe(32)
    now = _now()
    expires = now + LIFETIME
    audit.record(conn, user.username, "token.issue", "user", user.username, {"label": label})
    conn.execute(
        insert(api_token).values(
            user_id=user.id,
            token_sha256=_digest(token),
            label=label[:100],
            created_at=now,
            expires_at=expires,
        )
    )
    return token, expires


def user_for_token(conn: Connection, token: str) -> User | None:
    """The active user a live token belongs to, or None."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = conn.execute(
        select(api_token.c.user_id).where(
            api_token.c.token_sha256 == _digest(token),
            api_token.c.revoked_at.is_(None),
            api_token.c.expires_at > _now(),
        )
    ).first()
    return None if row is None else get_user(conn, row.user_id)
