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
    VIEW_BENEFITS = "view_benefits"
    HANDLE_APPLICATIONS = "handle_applications"
    DECIDE_APPLICATIONS = "decide_applications"
    RUN_PAYMENTS = "run_payments"
    APPROVE_PAYMENTS = "approve_payments"
    EXPORT_BANK_FILES = "export_bank_files"
    WORK_ALERTS = "work_alerts"
    VIEW_POLICIES = "view_policies"
    SIMULATE_POLICIES = "simulate_policies"
    VIEW_EMPLOYERS = "view_employers"
    REVIEW_EMPLOYERS = "review_employers"
    JOB_SERVICES = "job_services"
    VIEW_CASES = "view_cases"
    HANDLE_CASES = "handle_cases"
    ESCALATE_CASES = "escalate_cases"
    HOME_VISITS = "home_visits"
    SELF_SERVICE = "self_service"
    OPEN_PERSON_ACCOUNTS = "open_person_accounts"


_ALL = frozenset(Permission) - {Permission.SELF_SERVICE}
_CASEWORK = frozenset(
    {
        Permission.VIEW_COUNTS,
        Permission.VIEW_PERSONS,
        Permission.EDIT_PERSONS,
        Permission.VIEW_EMPLOYERS,
        Permission.JOB_SERVICES,
        Permission.VIEW_CASES,
        Permission.HANDLE_CASES,
        Permission.HOME_VISITS,
    }
)
# County officers review employers' declarations and escalate overdue cases.
_COUNTY = {
    Permission.IMPORT_PERSONS,
    Permission.UNMASK,
    Permission.REVIEW_EMPLOYERS,
    Permission.OPEN_PERSON_ACCOUNTS,  # 为本人开通账号: a person account for a disabled person
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VILLAGE_WORKER: _CASEWORK,
    Role.TOWN_WORKER: _CASEWORK | {Permission.IMPORT_PERSONS},
    Role.COUNTY_OFFICER: _CASEWORK | _COUNTY | {Permission.ESCALATE_CASES},
    Role.APPROVER: frozenset(
        {
            Permission.VIEW_COUNTS,
            Permission.VIEW_PERSONS,
            Permission.VIEW_EMPLOYERS,
            Permission.VIEW_CASES,
        }
    ),
    Role.PLANNER: frozenset({Permission.VIEW_COUNTS}),
    Role.ADMIN: _ALL,
    # A person account sees that one person through the self-service pages, nothing else.
    Role.PERSON: frozenset({Permission.SELF_SERVICE}),
}

# Benefits and policies, by the roles each step's service function allows
# (benefits/applications.py, runs.py, run_steps.py, export.py, alert_work.py check again).
_BENEFIT_READERS = frozenset(
    {Permission.VIEW_BENEFITS, Permission.HANDLE_APPLICATIONS, Permission.VIEW_POLICIES}
)
_BENEFITS: dict[Role, frozenset[Permission]] = {
    Role.VILLAGE_WORKER: _BENEFIT_READERS,
    Role.TOWN_WORKER: _BENEFIT_READERS | {Permission.WORK_ALERTS},
    Role.COUNTY_OFFICER: _BENEFIT_READERS
    | {
        Permission.DECIDE_APPLICATIONS,
        Permission.RUN_PAYMENTS,
        Permission.APPROVE_PAYMENTS,
        Permission.EXPORT_BANK_FILES,
        Permission.WORK_ALERTS,
        Permission.SIMULATE_POLICIES,
    },
    Role.APPROVER: frozenset(
        {
            Permission.VIEW_BENEFITS,
            Permission.DECIDE_APPLICATIONS,
            Permission.APPROVE_PAYMENTS,
            Permission.VIEW_POLICIES,
        }
    ),
    Role.PLANNER: frozenset({Permission.VIEW_POLICIES, Permission.SIMULATE_POLICIES}),
}
for _role, _extra in _BENEFITS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _extra


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
