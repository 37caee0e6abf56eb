"""Render an evaluation report as one self-contained HTML page (SVG charts, no scripts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from zhucan.indicators import trajectory as tr
from zhucan.indicators.definitions import get_definition, load_definitions
from zhucan.indicators.report_data import Evaluation
from zhucan.indicators.svg import bar_chart, line_chart

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
_SHORT = {
    "person": "人", "town": "个乡镇", "county": "个县", "facility": "家",
    "subsidy": "人", "case": "件", "graduate": "人",
}  # fmt: skip
_SYMBOL = {">": ">", ">=": "≥", "=": "", "<=": "≤", "<": "<"}


def fmt(value: Any) -> str:
    """A number as a report prints it: up to two decimals, no trailing zeros; — if None."""
    if value is None:
        return "—"
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def fmt_in(value: Any, unit: str) -> str:
    """A value in its unit: a percentage to 2 places, a count (人, 家, 人次 …) whole.

    >>> fmt_in(4497.54, "人次"), fmt_in(77.794, "%"), fmt_in(None, "家")
    ('4498人次', '77.79%', '—')
    """
    if value is None:
        return "—"
    return f"{fmt(value)}%" if unit == "%" else f"{round(float(value)):d}{unit}"


def target_text(row: dict[str, Any]) -> str:
    """``≥85%``, ``1800户`` or the plan's words."""
    if row.get("target") is None:
        return str(row.get("target_text") or "—")
    return f"{_SYMBOL.get(row['comparator'] or '', '')}{fmt(row['target'])}{row['unit']}"


def css_string(text: str) -> Markup:
    """``text`` as a CSS string literal, safe inside a ``<style>`` element.

    >>> print(css_string('a"b</style>'))
    "a\\22 b\\3c \\2f style\\3e "
    """
    escaped = "".join(c if c.isalnum() or c in " 　《》（）“”-" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def unmonitored_reason(row: dict[str, Any]) -> str:
    """Why a plan target has no computed status (the report's 未纳入系统监测 section)."""
    if row["indicator"] in {d.id for d in load_definitions()}:
        return "系统已按口径监测，统计期内无统计对象（分母为 0），暂无数值"
    if row.get("target") is None:
        return "目标无量化数值，需定性评估"
    return "需由相关部门报送或不宜由名册计算"


def title_of(e: Evaluation) -> str:
    """The report title, as a federation would head it."""
    return f"《{e.plan.name}》{e.kind}报告（{e.as_of.year}年）"


def paths(e: Evaluation, row: dict[str, Any]) -> list[float | None]:
    """The planned straight line at each year end of the series."""
    from datetime import date

    if row.get("start_value") is None or row.get("target") is None:
        return [None for _ in e.years]
    start, start_year, target = row["start_value"], row["start_year"], row["target"]
    return [
        tr.planned(start, start_year, target, row["year"], row["comparator"], date(int(y), 12, 31))
        for y in e.years
    ]


def render_html(e: Evaluation) -> str:
    """The report as HTML text."""
    computed = [r for r in e.progress if r.get("status") is not None]
    binding = [r for r in computed if r["attribute"] == "约束性"]
    bad = [r["name"] for r in binding if r["status"] in (tr.AT_RISK, tr.OFF_TRACK)]
    warned = [r for r in computed if r["status"] in (tr.AT_RISK, tr.OFF_TRACK)]
    lines = {
        r["indicator"]: line_chart(
            r["name"],
            e.years,
            {"实际值": e.series[r["indicator"]], "规划路径": paths(e, r)},
            r["unit"],
        )
        for r in computed
    }
    bars = {}
    for r in warned:
        kids = [
            (k["region_name"], float(k["value"]))
            for k in e.children.get(r["indicator"], [])
            if k["value"] is not None and k["denominator"]
        ]
        bars[r["indicator"]] = (
            bar_chart(r["name"], kids, r["expected"], r["unit"])
            if kids and r["unit"] == "%"
            else ""
        )
    return _ENV.get_template("evaluation.html").render(
        e=e,
        title=title_of(e),
        computed=computed,
        binding=binding,
        binding_bad=bad,
        binding_ok=len(binding) - len(bad),
        warned=warned,
        lines=lines,
        bars=bars,
        counts={s: sum(r["status"] == s for r in computed) for s in tr.SEVERITY},
        others=[r for r in e.progress if r.get("status") is None],
        why_unmonitored=unmonitored_reason,
        running_head=css_string(title_of(e)),
        running_date=css_string(f"{e.region_name}　截至 {e.as_of.isoformat()}"),
        status_zh=tr.STATUS_ZH,
        paths={r["indicator"]: paths(e, r) for r in computed},
        fmt=fmt,
        fmt_in=fmt_in,
        target=target_text,
        short_unit={
            r["indicator"]: _SHORT.get(get_definition(r["indicator"]).over, "") for r in computed
        },
        definitions={r["indicator"]: get_definition(r["indicator"]).definition for r in computed},
    )
