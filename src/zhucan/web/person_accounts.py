"""为本人开通账号: a county officer opens a person account for someone on the person file.

The password is generated and shown once; the person (or a family member) signs in with
it and reaches only the self-service pages about that one person.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse

from zhucan.access.permissions import Permission
from zhucan.access.scope import Role
from zhucan.access.users import User, add_user
from zhucan.core.errors import Conflict, InvalidValue
from zhucan.web.deps import EngineDep, need
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)
AccountOpener = Annotated[User, Depends(need(Permission.OPEN_PERSON_ACCOUNTS))]


@router.post("/persons/{person_id}/account", response_class=HTMLResponse)
def open_account(
    request: Request,
    person_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    user: AccountOpener,
    engine: EngineDep,
    username: Annotated[str, Form(max_length=64)] = "",
) -> HTMLResponse:
    """Create the person account with a generated password, shown on this page only once."""
    password = secrets.token_urlsafe(12)
    try:
        account = add_user(
            engine, user.actor, username, password, Role.PERSON, "", person_id=person_id
        )
    except (InvalidValue, Conflict) as exc:
        context = {"person_id": person_id, "error": exc.message(request_lang(request))}
        return render(request, "persons/account_opened.html", context, 400)
    context = {"person_id": person_id, "account": account, "password": password}
    return render(request, "persons/account_opened.html", context)
