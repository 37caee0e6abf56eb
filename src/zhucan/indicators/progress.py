"""Progress against a plan's targets: status, projection, and the sub-regions behind it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine

from zhucan.access.scope import SYSTEM, Actor
from zhucan.indicators import trajectory as tr
from zhucan.indicators.definitions import load_definitions
from zhucan.indicators.service import compute_indicators
from zhucan.indicators.targets import Plan, PlanTarget, get_plan

#: The region each shipped plan is about.
PLAN_REGIONS = {
    "lishui-2021-2025": "331100000000",
    "banan-2021-2025": "500113000000",
    "jiaxing-2021-2025": "330400000000",
    "shanxi-2021-2025": "140000000000",
    "zhejiang-2023": "330000000000",
}


def _laggards(rows: list[dict[str, Any]], line: float, lower: bool) -> list[dict[str, Any]]:
    """Sub-regions below the line, worst first by how many people (or units) they lack."""
    out = []
    for r in rows:
        if r["value"] is None or r["denominator"] == 0:
            continue
        lack = line / 100 * r["denominator"] - r["numerator"]
        lack = -lack if lower else lack
        if lack > 0.5:
            out.append(
                {
                    "region": r["region"],
                    "name": r["region_name"],
                    "value": r["value"],
                    "numerator": r["numerator"],
                    "denominator": r["denominator"],
                    "shortfall": round(lack),
                }
            )
    return sorted(out, key=lambda x: -x["shortfall"])


def _cap(unit: str, value: float) -> float:
    """A projected percentage stays within 0–100."""
    return min(max(value, 0.0), 100.0) if unit == "%" else max(value, 0.0)


def _assess(
    t: PlanTarget,
    row: dict[str, Any],
    start: dict[str, Any] | None,
    kids: list[dict[str, Any]],
    on: date,
    start_year: int,
) -> dict[str, Any]:
    base = {
        **t.as_contract(),
        "actual": row["value"],
        "numerator": row["numerator"],
        "denominator": row["denominator"],
        "expected": None,
        "projected": None,
        "status": None,
        "laggards": [],
    }
    if row["value"] is None or t.target is None:
        return base
    if t.baseline is not None and t.baseline_year is not None:
        b, b_year = float(t.baseline), t.baseline_year
    elif start is not None and start["value"] is not None:
        b, b_year = float(start["value"]), start_year
    else:
        b, b_year = 0.0, start_year
    line = tr.planned(b, b_year, float(t.target), t.year, t.comparator, on)
    actual = float(row["value"])
    lower = tr.lower_is_better(t.comparator, b, float(t.target))
    base.update(
        expected=line,
        projected=_cap(t.unit, tr.projected(actual, b, b_year, t.year, on)),
        status=tr.status(actual, line, b, float(t.target), t.comparator, t.unit == "%"),
        start_value=b,
        start_year=b_year,
        laggards=_laggards(kids, line, lower) if t.unit == "%" else [],
    )
    return base


def start_day(plan: Plan) -> date:
    """The day a plan's trajectory starts from when a target has no baseline: 31 Dec before."""
    return date(plan.period_start - 1, 12, 31)


def _order(r: dict[str, Any]) -> tuple[int, int, int]:
    return (
        0 if r["status"] is not None else 1,
        0 if r["attribute"] == "约束性" else 1,
        tr.SEVERITY.get(r["status"] or "", 9),
    )


def assess_targets(
    plan: Plan,
    now: list[dict[str, Any]],
    start: list[dict[str, Any]] | None,
    as_of: date,
) -> list[dict[str, Any]]:
    """Every target of ``plan`` with its status from indicator rows (CONTRACTS §5 rows of a
    region first, then its sub-regions), computed or stored; binding and worst first.

    ``start`` holds the region's rows on :func:`start_day` (None when they are not at hand:
    a target without a baseline then has no status and ``needs_start`` is set).
    """
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
        row = top[t.indicator]
        if t.baseline is None and start is None and as_of > start_day(plan):
            out.append({
                **t.as_contract(), "actual": row["value"], "numerator": row["numerator"],
                "denominator": row["denominator"], "expected": None, "status": None,
                "laggards": [], "needs_start": True,
            })  # fmt: skip
            continue
        begin = first.get(t.indicator) if start is not None else row
        kids = kids_of.get(t.indicator, [])
        out.append(_assess(t, row, begin, kids, as_of, plan.period_start - 1))
    return sorted(out, key=_order)


def plan_progress(
    engine: Engine, plan: str, region: str | None, as_of: date, actor: Actor = SYSTEM
) -> list[dict[str, Any]]:
    """Every target of the plan with its actual value on ``as_of``; binding and worst first."""
    p = get_plan(plan)
    code = region or PLAN_REGIONS.get(plan, "")
    now = compute_indicators(engine, code, as_of, actor)
    day = start_day(p)
    before = compute_indicators(engine, code, day, actor) if as_of > day else now
    return assess_targets(p, now, before, as_of)
