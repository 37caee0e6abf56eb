"""Plan progress from stored values: what ``plan_progress`` gives, without computing.

The dashboard reads :mod:`zhucan.indicators.store`; the assessment of each target is the
one of :mod:`zhucan.indicators.progress`, so both agree on the same numbers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from zhucan.core.region_code import contains
from zhucan.indicators import trajectory as tr
from zhucan.indicators.definitions import load_definitions
from zhucan.indicators.progress import PLAN_REGIONS, _assess
from zhucan.indicators.targets import Plan, get_plan, plan_ids

WARNINGS = (tr.AT_RISK, tr.OFF_TRACK)


def covering_plans(region: str) -> list[str]:
    """The shipped plans whose region contains ``region``, the most local first.

    >>> covering_plans("331102000000")
    ['lishui-2021-2025', 'zhejiang-2023']
    >>> covering_plans("110000000000")
    []
    """
    found = [p for p in plan_ids() if p in PLAN_REGIONS and contains(PLAN_REGIONS[p], region)]
    return sorted(found, key=lambda p: -len(PLAN_REGIONS[p].rstrip("0")))


def start_day(plan: Plan) -> date:
    """The day a plan's trajectory starts from when a target has no baseline: 31 Dec before."""
    return date(plan.period_start - 1, 12, 31)


def _order(r: dict[str, Any]) -> tuple[int, int, int]:
    return (
        0 if r["status"] is not None else 1,
        0 if r["attribute"] == "约束性" else 1,
        tr.SEVERITY.get(r["status"] or "", 9),
    )


def progress_from(
    plan_id: str,
    now: list[dict[str, Any]],
    start: list[dict[str, Any]] | None,
    as_of: date,
) -> list[dict[str, Any]]:
    """Every target with its status from stored rows (region first, then sub-regions).

    ``start`` holds the region's rows on :func:`start_day` (None when not stored): a
    target without a baseline then has no status and ``needs_start`` is set.
    """
    plan = get_plan(plan_id)
    known = {d.id for d in load_definitions()}
    top_code = now[0]["region"]
    top = {r["indicator"]: r for r in now if r["region"] == top_code}
    first = {r["indicator"]: r for r in (start or []) if r["region"] == top_code}
    kids_of: dict[str, list[dict[str, Any]]] = {}
    for r in now:
        if r["region"] != top_code:
            kids_of.setdefault(r["indicator"], []).append(r)
    out = []
    for t in plan.targets:
        if t.indicator not in known:
            out.append({**t.as_contract(), "actual": None, "status": None, "laggards": []})
            continue
        if t.baseline is None and start is None and as_of > start_day(plan):
            row = top[t.indicator]
            out.append(
                {
                    **t.as_contract(),
                    "actual": row["value"],
                    "numerator": row["numerator"],
                    "denominator": row["denominator"],
                    "expected": None,
                    "status": None,
                    "laggards": [],
                    "needs_start": True,
                }
            )
            continue
        kids = kids_of.get(t.indicator, [])
        begin = first.get(t.indicator) if start is not None else top[t.indicator]
        out.append(_assess(t, top[t.indicator], begin, kids, as_of, plan.period_start - 1))
    return sorted(out, key=_order)


def warnings(progress: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The targets at risk or off track, binding (约束性) first, worst first."""
    return [r for r in progress if r["status"] in WARNINGS]
