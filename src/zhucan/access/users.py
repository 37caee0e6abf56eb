"""User accounts: argon2 password hashes, a role and a jurisdiction per user.

A person account (role ``person``) is linked to one registered person: its jurisdiction
is that person's 户籍 region, and the self-service pages show that person alone.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, bindparam, insert, select, update

from zhucan.access import audit
from zhucan.access.scope import Actor, Role
from zhucan.access.tables import user_account
from zhucan.core.errors import Conflict, InvalidValue, NotFound
from zhucan.core.region_code import normalize_region_code
from zhucan.registry.queries import person_region_in_scope
from zhucan.settings import get_settings

MIN_PASSWORD = 10
_STRONG = PasswordHasher()  # argon2id, RFC 9106 low-memory profile (64 MiB, 3 passes)
# Tests hash hundreds of passwords: a cheap profile there only (ZHUCAN_ENVIRONMENT=test).
_CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _hasher() -> PasswordHasher:
    return _CHEAP if get_settings().environment == "test" else _STRONG


@functools.cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """Verified against when the user does not exist, so timing does not reveal who exists."""
    return hasher.hash("zhucan-no-such-user")


@dataclass(frozen=True)
class User:
    """A user account as the app sees it (never the password hash)."""

    id: int
    username: str
    role: Role
    jurisdiction: str
    person_access: bool
    active: bool
    session_epoch: int
    person_id: int | None = None

    @property
    def actor(self) -> Actor:
        """The actor that scopes every query this user makes."""
        return Actor(self.username, self.role, self.jurisdiction)


def _user(row: object) -> User:
    m = row._mapping  # type: ignore[attr-defined]
    return User(
        m["id"],
        m["username"],
        Role(m["role"]),
        m["jurisdiction"],
        bool(m["person_access"]),
        bool(m["active"]),
        m["session_epoch"],
        m["person_id"],
    )


_COLUMNS = [c for c in user_account.c if c.name != "password_hash"]


def _check_username(username: str) -> str:
    name = username.strip()
    if not (2 <= len(name) <= 64) or not all(ch.isalnum() or ch in "._-" for ch in name):
        raise InvalidValue(
            "用户名须为 2–64 个字母、数字或 . _ -", "a username is 2–64 letters, digits or . _ -"
        )
    return name


def check_password(password: str) -> None:
    """Refuse a password that is too short."""
    if len(password) < MIN_PASSWORD:
        raise InvalidValue(
            f"密码至少需要 {MIN_PASSWORD} 个字符", f"a password needs {MIN_PASSWORD}+ characters"
        )


def add_user(
    engine: Engine,
    by: Actor,
    username: str,
    password: str,
    role: Role,
    jurisdiction: str,
    *,
    person_access: bool = False,
    replace: bool = False,
    person_id: int | None = None,
) -> User:
    """Create a user (or, with ``replace``, reset an existing one); audited.

    A person account needs ``person_id`` (a person in ``by``'s jurisdiction); its
    jurisdiction is then that person's 户籍 region, whatever ``jurisdiction`` says.
    """
    name = _check_username(username)
    check_password(password)
    if (Role(role) == Role.PERSON) != (person_id is not None):
        raise InvalidValue(
            "残疾人本人/家属账号必须且只能关联一名人员",
            "a person account, and only a person account, is linked to one person",
        )
    code = normalize_region_code(jurisdiction) if jurisdiction.strip("0") else "0" * 12
    if person_id is not None:
        with engine.connect() as conn:
            code = person_region_in_scope(conn, by, person_id)
    values = {
        "password_hash": _hasher().hash(password),
        "role": Role(role).value,
        "jurisdiction": code,
        "person_access": person_access,
        "active": True,
        "person_id": person_id,
    }
    with engine.begin() as conn:
        shown = {k: v for k, v in values.items() if k != "password_hash"}
        audit.record(conn, by.username, "user.add", "user", name, {**shown, "replace": replace})
        existing = conn.execute(select(user_account.c.id).where(user_account.c.username == name))
        user_id = existing.scalar()
        if user_id is not None and not replace:
            raise Conflict(f"用户 {name} 已存在", f"user {name} already exists")
        if user_id is None:
            now = dt.datetime.now()
            conn.execute(
                insert(user_account).values(
                    username=name, session_epoch=0, created_at=now, **values
                )
            )
        else:
            conn.execute(
                update(user_account)
                .where(user_account.c.id == user_id)
                .values(session_epoch=user_account.c.session_epoch + 1, **values)
            )
        return get_user_by_name(conn, name)


def get_user_by_name(conn: Connection, username: str) -> User:
    """The user called ``username`` (active or not)."""
    row = conn.execute(select(*_COLUMNS).where(user_account.c.username == username)).first()
    if row is None:
        raise NotFound(f"没有用户 {username}", f"no user {username}")
    return _user(row)


# Built once: every signed-in page reads its user (building a statement costs about as
# much Python as running it).
_ACTIVE_USER = select(*_COLUMNS).where(
    user_account.c.id == bindparam("user_id"), user_account.c.active.is_(True)
)


def get_user(conn: Connection, user_id: int) -> User | None:
    """The active user with this id, or None."""
    row = conn.execute(_ACTIVE_USER, {"user_id": user_id}).first()
    return None if row is None else _user(row)


def authenticate(conn: Connection, username: str, password: str) -> User | None:
    """The active user if the password is right, else None (same work either way)."""
    row = conn.execute(
        select(user_account).where(user_account.c.username == username.strip()[:64])
    ).first()
    hasher = _hasher()
    try:
        hasher.verify(row.password_hash if row else _dummy_hash(hasher), password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row.active:
        return None
    return _user(row)


def end_sessions(conn: Connection, user_id: int) -> None:
    """Invalidate every session of the user (sign-out everywhere)."""
    conn.execute(
        update(user_account)
        .where(user_account.c.id == user_id)
        .values(session_epoch=user_account.c.session_epoch + 1)
    )


def set_active(engine: Engine, by: Actor, username: str, active: bool) -> None:
    """Enable or disable a user; a disabled user's sessions and tokens stop working."""
    with engine.begin() as conn:
        audit.record(conn, by.username, "user.set_active", "user", username, {"active": active})
        user = get_user_by_name(conn, username)
        conn.execute(update(user_account).where(user_account.c.id == user.id).values(active=active))
        end_sessions(conn, user.id)


def list_users(conn: Connection) -> list[User]:
    """Every user, by name."""
    rows = conn.execute(select(*_COLUMNS).order_by(user_account.c.username)).all()
    return [_user(r) for r in rows]
