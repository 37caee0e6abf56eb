"""What each role may do: plain data, checked by the web layer and the API alike."""

from __future__ import annotations

from enum import StrEnum

from zhucan.access.scope import Role
from zhucan.core.errors import Forbidden


class Permission(StrEnum):
    """An action a user may be allowed."""

    VIEW_COUNTS = "view_counts"
    VIEW_PERSONS = "view_persons"
    EDIT_PERSONS = "edit_persons"
    IMPORT_PERSONS = "import_persons"
    UNMASK = "unmask"
    VIEW_AUDIT = "view_audit"


_ALL = frozenset(Permission)
_CASEWORK = frozenset({Permission.VIEW_COUNTS, Permission.VIEW_PERSONS, Permission.EDIT_PERSONS})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VILLAGE_WORKER: _CASEWORK,
    Role.TOWN_WORKER: _CASEWORK | {Permission.IMPORT_PERSONS},
    Role.COUNTY_OFFICER: _CASEWORK | {Permission.IMPORT_PERSONS, Permission.UNMASK},
    Role.APPROVER: frozenset({Permission.VIEW_COUNTS, Permission.VIEW_PERSONS}),
    Role.PLANNER: frozenset({Permission.VIEW_COUNTS}),
    Role.ADMIN: _ALL,
}


def permissions(role: Role, person_access: bool = False) -> frozenset[Permission]:
    """The permissions of a role; planners may be granted person files (read only).

    >>> Permission.VIEW_PERSONS in permissions(Role.PLANNER)
    False
    >>> Permission.VIEW_PERSONS in permissions(Role.PLANNER, person_access=True)
    True
    """
    granted = ROLE_PERMISSIONS[Role(role)]
    if role == Role.PLANNER and person_access:
        granted = granted | {Permission.VIEW_PERSONS}
    return granted


def ensure(granted: frozenset[Permission], needed: Permission) -> None:
    """Raise :class:`Forbidden` unless ``needed`` is among ``granted``."""
    if needed not in granted:
        raise Forbidden("您的角色无权进行此操作", f"your role may not do this ({needed.value})")
