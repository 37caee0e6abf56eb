"""FastAPI dependencies: the engine, the signed-in user and what their role allows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine

from zhucan.access.permissions import Permission, ensure, permissions
from zhucan.access.users import User, get_user
from zhucan.core.errors import ZhucanError
from zhucan.storage.engine import reading
from zhucan.web.sessions import WebSession


class SignInRequired(ZhucanError):
    """The page needs a signed-in user (answered with a redirect to the sign-in page)."""


# Dependencies that do no I/O are ``async``: FastAPI runs a plain ``def`` dependency in
# its thread pool, a hand-over to another thread (and back under the GIL) per dependency
# and request.


async def get_db(request: Request) -> Engine:
    """The app's engine (set once in the composition root)."""
    engine: Engine = request.app.state.engine
    return engine


EngineDep = Annotated[Engine, Depends(get_db)]


async def get_session(request: Request) -> WebSession:
    """The browser's session, loaded by the session middleware."""
    session: WebSession = request.state.session
    return session


SessionDep = Annotated[WebSession, Depends(get_session)]


def current_user(request: Request, engine: EngineDep, session: SessionDep) -> User:
    """The signed-in, active user whose session is still current."""
    if session.uid is None:
        if session.timed_out:
            session.set_flash("会话已超时，请重新登录")
        raise SignInRequired("请先登录", "please sign in")
    with reading(engine) as conn:
        user = get_user(conn, session.uid)
    if user is None or user.session_epoch != session.epoch:
        session.clear("会话已结束，请重新登录")
        raise SignInRequired("请先登录", "please sign in")
    request.state.user = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def allowed(user: User) -> frozenset[Permission]:
    """What the user may do."""
    return permissions(user.role, user.person_access)


def need(permission: Permission) -> Callable[[User], Awaitable[User]]:
    """A dependency giving the signed-in user if they hold ``permission``."""

    async def check(user: CurrentUser) -> User:
        ensure(allowed(user), permission)
        return user

    return check


CountsReader = Annotated[User, Depends(need(Permission.VIEW_COUNTS))]
PersonReader = Annotated[User, Depends(need(Permission.VIEW_PERSONS))]
PersonEditor = Annotated[User, Depends(need(Permission.EDIT_PERSONS))]
Importer = Annotated[User, Depends(need(Permission.IMPORT_PERSONS))]
Unmasker = Annotated[User, Depends(need(Permission.UNMASK))]
Auditor = Annotated[User, Depends(need(Permission.VIEW_AUDIT))]
