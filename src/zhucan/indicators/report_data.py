"""What an evaluation report (中期/期末评估) holds: progress, yearly series, sub-regions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine

from zhucan.access.scope import SYSTEM, Actor
from zhucan.core.errors import InvalidValue
from zhucan.core.region_code import normalize_region_code
from zhucan.indicators.definitions import get_definition
from zhucan.indicators.progress import PLAN_REGIONS, plan_progress
from zhucan.indicators.service import compute_indicators, indicator_series, value_of
from zhucan.indicators.targets import Plan, get_plan


@dataclass(frozen=True)
class Evaluation:
    """The data of one evaluation report; every chart's data is here too."""

    plan: Plan
    kind: str  # 中期评估 | 期末评估 | 年度评估
    region: str
    region_name: str
    as_of: date
    years: list[str]
    progress: list[dict[str, Any]]
    series: dict[str, list[float | None]]  # indicator -> value at each year end
    children: dict[str, list[dict[str, Any]]]  # indicator -> sub-region rows


def _kind(plan: Plan, year: int) -> str:
    if year >= plan.period_end:
        return "期末评估"
    return "中期评估" if year == (plan.period_start + plan.period_end) // 2 else "年度评估"


def evaluation(
    engine: Engine, plan_id: str, year: int, region: str | None = None, actor: Actor = SYSTEM
) -> Evaluation:
    """Gather the report's data as of 31 December of ``year``."""
    plan = get_plan(plan_id)
    if not plan.period_start <= year <= plan.period_end:
        raise InvalidValue(
            f"评估年度须在规划期 {plan.period_start}–{plan.period_end} 内",
            f"the year must lie in {plan.period_start}–{plan.period_end}",
        )
    code = normalize_region_code(region or PLAN_REGIONS.get(plan_id, ""))
    as_of = date(year, 12, 31)
    progress = plan_progress(engine, plan_id, code, as_of, actor)
    computed = [r["indicator"] for r in progress if r.get("status") is not None]
    start = date(plan.period_start - 1, 12, 31)
    frame = indicator_series(engine, code, start, as_of, "year")
    years = sorted({d.isoformat()[:4] for d in frame["date"].to_list()})
    series: dict[str, list[float | None]] = {}
    for indicator in computed:
        d = get_definition(indicator)
        rows = frame.filter(frame["indicator"] == indicator).sort("date")
        series[indicator] = [
            None if v is None else float(v)
            for v in (
                value_of(d, n, m)
                for n, m in zip(rows["numerator"], rows["denominator"], strict=True)
            )
        ]
    now = compute_indicators(engine, code, as_of, actor)
    children = {
        i: [r for r in now if r["indicator"] == i and r["region"] != code] for i in computed
    }
    name = next((r["region_name"] for r in now if r["region"] == code), code)
    return Evaluation(plan, _kind(plan, year), code, name, as_of, years, progress, series, children)
