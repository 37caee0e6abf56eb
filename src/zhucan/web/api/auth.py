"""API authentication: personal tokens sent as ``Authorization: Bearer``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from zhucan.access import audit, throttle
from zhucan.access.permissions import Permission, ensure
from zhucan.access.tokens import issue_token, user_for_token
from zhucan.access.users import User, authenticate
from zhucan.web.api.models import TokenOut, TokenRequest
from zhucan.web.auth import client_ip
from zhucan.web.deps import EngineDep, SignInRequired, allowed

router = APIRouter(prefix="/api/v1", tags=["auth"])
bearer = HTTPBearer(auto_error=False, description="个人 API 令牌 personal API token")


def api_user(
    engine: EngineDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    """The user a valid bearer token belongs to (401 otherwise)."""
    if credentials is None:
        raise SignInRequired("缺少令牌", "missing bearer token")
    with engine.connect() as conn:
        user = user_for_token(conn, credentials.credentials)
    if user is None:
        raise SignInRequired("令牌无效或已过期", "invalid or expired token")
    return user


def api_need(permission: Permission) -> Callable[[User], Awaitable[User]]:
    """A dependency giving the token's user if they hold ``permission`` (``async``: it does
    no I/O, so no hand-over to the thread pool)."""

    async def check(user: Annotated[User, Depends(api_user)]) -> User:
        ensure(allowed(user), permission)
        return user

    return check


ApiPersonReader = Annotated[User, Depends(api_need(Permission.VIEW_PERSONS))]
ApiCountsReader = Annotated[User, Depends(api_need(Permission.VIEW_COUNTS))]
ApiImporter = Annotated[User, Depends(api_need(Permission.IMPORT_PERSONS))]


@router.post(
    "/tokens",
    status_code=201,
    responses={
        400: {"description": "wrong user name or password"},
        429: {"description": "throttled"},
    },
)
def create_token(request: Request, body: TokenRequest, engine: EngineDep) -> TokenOut:
    """Sign in with user name and password; get a personal token (shown only once)."""
    from zhucan.core.errors import InvalidValue

    ip = client_ip(request)
    with engine.begin() as conn:
        throttle.ensure_allowed(conn, body.username, ip)
    with engine.begin() as conn:
        user = authenticate(conn, body.username, body.password)
        if user is None:
            throttle.record_failure(conn, body.username, ip)
    if user is None:
        raise InvalidValue("用户名或密码错误", "wrong user name or password")
    with engine.begin() as conn:
        audit.record(conn, user.username, "user.sign_in", "user", user.username, {"api": True})
        throttle.clear_failures(conn, body.username, ip)
        token, expires = issue_token(conn, user, body.label)
    return TokenOut(token=token, expires_at=expires)
