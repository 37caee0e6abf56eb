"""Sign-in throttling: too many failures for one user name from one address → wait.

Failures are rows in ``sign_in_failure`` so that every worker process sees them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, delete, func, insert, select

from zhucan.access.tables import sign_in_failure
from zhucan.core.errors import ZhucanError

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
_KEEP = dt.timedelta(days=1)


class TooManyAttempts(ZhucanError):
    """Sign-in refused for a while after too many failures (HTTP 429)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _key(username: str, ip: str) -> tuple[str, str]:
    return username.strip()[:64], ip[:64]


def ensure_allowed(conn: Connection, username: str, ip: str) -> None:
    """Raise :class:`TooManyAttempts` after MAX_FAILURES failures within WINDOW."""
    name, addr = _key(username, ip)
    count = conn.execute(
        select(func.count()).where(
            sign_in_failure.c.username == name,
            sign_in_failure.c.ip == addr,
            sign_in_failure.c.at > _now() - WINDOW,
        )
    ).scalar_one()
    if count >= MAX_FAILURES:
        minutes = int(WINDOW.total_seconds() // 60)
        raise TooManyAttempts(
            f"登录失败次数过多，请 {minutes} 分钟后再试",
            f"too many failed sign-ins: try again in {minutes} minutes",
        )


def record_failure(conn: Connection, username: str, ip: str) -> None:
    """Count one failed sign-in, and forget failures older than a day."""
    name, addr = _key(username, ip)
    now = _now()
    conn.execute(delete(sign_in_failure).where(sign_in_failure.c.at < now - _KEEP))
    conn.execute(insert(sign_in_failure).values(username=name, ip=addr, at=now))


def clear_failures(conn: Connection, username: str, ip: str) -> None:
    """Forget the failures of a user name and address after a successful sign-in."""
    name, addr = _key(username, ip)
    conn.execute(
        delete(sign_in_failure).where(
            sign_in_failure.c.username == name, sign_in_failure.c.ip == addr
        )
    )
