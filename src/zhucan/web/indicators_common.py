"""What the indicator pages share: the region asked for (scoped), its tree, statuses, dates."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from zhucan.access.scope import Role
from zhucan.access.users import User
from zhucan.core.dates import parse_date
from zhucan.core.errors import InvalidValue, NotFound
from zhucan.core.region_code import normalize_region_code
from zhucan.indicators import trajectory as tr
from zhucan.indicators.progress import PLAN_REGIONS
from zhucan.indicators.stored_progress import covering_plans
from zhucan.registry import regions as reg
from zhucan.registry.tables import region
from zhucan.storage.engine import reading

#: Roles that may compute and store indicator values (a refresh recomputes a whole
#: jurisdiction and replaces what others see): county officers, planners, administrators.
REFRESH_ROLES = frozenset({Role.COUNTY_OFFICER, Role.PLANNER, Role.ADMIN})

#: status -> (label message id, icon shown beside the label, CSS class)
STATUS = {
    tr.ACHIEVED: ("已达标", "✔", "st-achieved"),
    tr.ON_TRACK: ("进度正常", "↗", "st-on-track"),
    tr.AT_RISK: ("存在风险", "⚠", "st-at-risk"),
    tr.OFF_TRACK: ("明显滞后", "✖", "st-off-track"),
}


def may_refresh(user: User) -> bool:
    """Whether the user may compute and store indicator values."""
    return Role(user.role) in REFRESH_ROLES


def jurisdiction_root(user: User) -> str | None:
    """The 12-digit code of the user's jurisdiction, None for the whole country."""
    prefix = user.actor.prefix
    return prefix.ljust(12, "0") if prefix else None


def scoped_region(engine: Engine, user: User, raw: str | None) -> str | None:
    """The region asked for (default: the jurisdiction); 404 if unknown or outside it."""
    if not raw:
        return jurisdiction_root(user)
    try:
        code = normalize_region_code(raw)
    except InvalidValue:
        raise NotFound(f"没有这个区划：{raw}", f"unknown region: {raw}") from None
    if not code.startswith(user.actor.prefix):
        raise NotFound(f"没有这个区划：{raw}", f"unknown region: {raw}")
    with reading(engine) as conn:
        if reg.get_region(conn, code) is None:
            raise NotFound(f"没有这个区划：{raw}", f"unknown region: {raw}")
    return code


def plan_region(engine: Engine, user: User, plan_id: str, raw: str | None) -> str:
    """The region a plan page or report is for: the one asked for, else the plan's own
    region if within the jurisdiction, else the jurisdiction; 404 if the plan does not
    cover it."""
    home = PLAN_REGIONS.get(plan_id)
    code = scoped_region(
        engine, user, raw or (home if home and home.startswith(user.actor.prefix) else None)
    )
    if code is None or plan_id not in covering_plans(code):
        raise NotFound(
            f"规划 {plan_id} 不覆盖该区域", f"the plan {plan_id} does not cover this region"
        )
    return code


def region_tree(engine: Engine, user: User, code: str | None) -> dict[str, Any]:
    """Breadcrumbs from the jurisdiction root down to ``code``, and its direct sub-regions."""
    root = jurisdiction_root(user)
    with reading(engine) as conn:
        if code is None:
            stmt = select(region).where(region.c.level == 1).order_by(region.c.code)
            provinces = [dict(r._mapping) for r in conn.execute(stmt)]
            return {"trail": [], "current": None, "children": provinces}
        chain = [*reg.ancestors(conn, code), reg.get_region(conn, code)]
        kids = reg.children(conn, code)
    visible = [r for r in chain if r and (root is None or r["code"].startswith(user.actor.prefix))]
    return {"trail": visible[:-1], "current": visible[-1], "children": kids}


def parse_day(raw: str | None) -> date | None:
    """A date from a query parameter; None when absent, 400 when malformed."""
    return parse_date(raw) if raw else None


def number(value: object) -> str:
    """A value for a table cell: thousands separated, '—' for none.

    >>> number(1234567), number(66.5), number(None)
    ('1,234,567', '66.50', '—')
    """
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
