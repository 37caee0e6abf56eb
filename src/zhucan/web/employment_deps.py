"""Who may use the employment pages: dependencies for each permission they need."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query

from zhucan.access.permissions import Permission
from zhucan.access.users import User
from zhucan.web.deps import need

EmployerReader = Annotated[User, Depends(need(Permission.VIEW_EMPLOYERS))]
EmployerReviewer = Annotated[User, Depends(need(Permission.REVIEW_EMPLOYERS))]
JobWorker = Annotated[User, Depends(need(Permission.JOB_SERVICES))]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
YearQuery = Annotated[int | None, Query(ge=2000, le=2100)]
