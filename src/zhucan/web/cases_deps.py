"""Who may use the case and home-visit pages: dependencies for each permission they need."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from zhucan.access.permissions import Permission
from zhucan.access.users import User
from zhucan.web.deps import need

CaseReader = Annotated[User, Depends(need(Permission.VIEW_CASES))]
CaseHandler = Annotated[User, Depends(need(Permission.HANDLE_CASES))]
CaseEscalator = Annotated[User, Depends(need(Permission.ESCALATE_CASES))]
Visitor = Annotated[User, Depends(need(Permission.HOME_VISITS))]
