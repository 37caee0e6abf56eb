"""The dashboard's data from stored values: the region's indicators, targets, warnings, charts."""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Engine

from zhucan.indicators import store
from zhucan.indicators.definitions import get_definition, load_definitions
from zhucan.indicators.progress import assess_targets, start_day
from zhucan.indicators.service import value_of
from zhucan.indicators.stored_progress import covering_plans, warnings
from zhucan.indicators.targets import get_plan
from zhucan.indicators.trajectory import planned
from zhucan.web.i18n import Translator, gettext
from zhucan.web.indicators_common import STATUS


def status_view(status: str | None, _: Translator) -> dict[str, str] | None:
    """A status for a table cell: label, icon and CSS class (None when not assessed)."""
    if status is None:
        return None
    label, icon, css = STATUS[status]
    return {"code": status, "label": _(label), "icon": icon, "css": css}


def plan_rows(
    engine: Engine,
    code: str,
    as_of: date,
    plan_id: str,
    rows: list[dict[str, Any]],
    _: Translator,
) -> list[dict[str, Any]]:
    """The plan's targets assessed on stored values (the plan's start day if stored), each
    with its status as shown (``status_view``)."""
    plan = get_plan(plan_id)
    start = store.stored(engine, code, start_day(plan), children=False)
    progress = assess_targets(plan, rows, start or None, as_of)
    for r in progress:
        r["status_view"] = status_view(r["status"], _)
    return progress


@cache
def _known() -> frozenset[str]:
    return frozenset(d.id for d in load_definitions())


def _pick(wanted: str | None, progress: list[dict[str, Any]]) -> str:
    if wanted in _known():
        return str(wanted)
    for r in progress:
        if r["status"] is not None:
            return str(r["indicator"])
    return "basic_rehab_coverage"


def _trend(
    engine: Engine, code: str, indicator: str, target: dict[str, Any] | None
) -> list[dict[str, Any]]:
    d = get_definition(indicator)
    out = []
    for r in store.stored_series(engine, code, indicator):
        line = None
        if target is not None and target.get("start_value") is not None:
            line = planned(
                target["start_value"],
                target["start_year"],
                float(target["target"]),
                target["year"],
                target["comparator"],
                r["as_of"],
            )
        value = value_of(d, r["numerator"], r["denominator"])
        out.append({"day": r["as_of"].isoformat(), "value": value, "expected": line})
    return out


def dashboard(
    engine: Engine,
    code: str,
    as_of: date | None,
    plan: str | None,
    indicator: str | None,
    _: Translator,
) -> dict[str, Any]:
    """Everything the dashboard shows for a region on a date, from stored values."""
    dates = store.stored_dates(engine, code)
    day = as_of or (dates[0] if dates else date.today())
    rows = store.stored(engine, code, day)
    plans = covering_plans(code)
    plan_id = plan if plan in plans else (plans[0] if plans else None)
    progress = plan_rows(engine, code, day, plan_id, rows, _) if rows and plan_id else []
    targets: dict[str, dict[str, Any]] = {}
    for r in progress:
        targets.setdefault(r["indicator"], r)
    top = [r for r in rows if r["region"] == code]
    for r in top:
        r["target"] = targets.get(r["indicator"])
    chosen = _pick(indicator, progress)
    target = targets.get(chosen)
    kids = [r for r in rows if r["indicator"] == chosen and r["region"] != code]
    return {
        "dates": dates,
        "as_of": day,
        "computed": store.computed(engine, code, day) if rows else None,
        "rows": top,
        "plans": [get_plan(p) for p in plans],
        "plan": get_plan(plan_id) if plan_id else None,
        "progress": progress,
        "warnings": warnings(progress),
        "indicator": get_definition(chosen),
        "target": target,
        "children": kids,
        "trend": _trend(engine, code, chosen, target) if rows else [],
    }


def chart_data(data: dict[str, Any], _: Translator) -> dict[str, Any]:
    """The two charts' data for ``charts.js`` (the tables beside them hold the same)."""
    d = data["indicator"]
    target = data["target"]
    expected = target.get("expected") if target else None
    return {
        "children": {
            "kind": "bar",
            "unit": d.unit,
            "categories": [r["region_name"] for r in data["children"]],
            "series": [{"name": _("实际值"), "values": [r["value"] for r in data["children"]]}],
            "line": expected,
            "line_name": _("应达值"),
        },
        "trend": {
            "kind": "line",
            "unit": d.unit,
            "categories": [p["day"] for p in data["trend"]],
            "series": [
                {"name": _("实际值"), "values": [p["value"] for p in data["trend"]]},
                {"name": _("规划轨迹"), "values": [p["expected"] for p in data["trend"]]},
            ],
        },
    }


def dashboard_view(
    engine: Engine,
    code: str,
    as_of: date | None,
    plan: str | None,
    indicator: str | None,
    lang: str,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The dashboard's data and charts (read-only: shared between requests).

    Built once per process for each state of the stored values: a refresh anywhere
    changes :func:`~zhucan.indicators.store.refresh_mark` and so the key. Unknown plan
    and indicator choices share the key of no choice (the dashboard ignores them). The
    view also holds region names, which change only with ``zhucan regions load``: restart
    the web processes after it.
    """
    plan = plan if plan in covering_plans(code) else None
    indicator = indicator if indicator in _known() else None
    mark = store.refresh_mark(engine)
    return _view(engine, mark, code, as_of, plan, indicator, lang, date.today())


@lru_cache(maxsize=256)
def _view(
    engine: Engine,
    mark: int,
    code: str,
    as_of: date | None,
    plan: str | None,
    indicator: str | None,
    lang: str,
    today: date,  # the default date when nothing is stored yet
) -> tuple[dict[str, Any], dict[str, Any]]:
    _ = gettext(lang)
    data = dashboard(engine, code, as_of, plan, indicator, _)
    return data, chart_data(data, _)
