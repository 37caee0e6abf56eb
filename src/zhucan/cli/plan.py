"""``zhucan plan``: the plans shipped and their quantified targets (CONTRACTS §4)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from zhucan.cli.common import Format, FormatOpt, emit, out
from zhucan.indicators.targets import get_plan, load_plans, plan_targets

app = typer.Typer(help="规划目标 Plan targets", no_args_is_help=True)


@app.callback()
def plan_group() -> None:
    """规划及其量化目标 The plans shipped and their quantified targets."""


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _target(row: dict[str, Any]) -> str:
    """The target as a reader expects it: ``≥95%``, ``1800户``, or the plan's words."""
    symbols = {">": ">", ">=": "≥", "=": "", "<=": "≤", "<": "<"}
    if row["target"] is None:
        return str(row["target_text"] or "—")
    unit = row["unit"]
    text = f"{symbols[row['comparator']]}{_number(row['target'])}{unit}"
    if row["target_text"]:
        text += f"（{row['target_text']}）"
    return text


def _baseline(row: dict[str, Any]) -> str:
    if row["baseline"] is None:
        return "—"
    return f"{_number(row['baseline'])}{row['unit']}"


@app.command("targets")
def targets_cmd(
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="规划代码，如 lishui-2021-2025；默认全部 plan id, default all"),
    ] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """列出规划的量化目标 List the plans' quantified targets."""
    rows = plan_targets(plan)
    if emit(rows, fmt):
        return
    plans = [get_plan(plan)] if plan is not None else list(load_plans())
    for p in plans:
        table = Table(
            title=f"{p.name}（{p.plan}）",
            caption=" ".join(x for x in (p.issuer, p.document_number, p.published) if x),
        )
        table.add_column("指标 indicator", overflow="fold")
        table.add_column("名称 name", overflow="fold")
        table.add_column("基期 2020", justify="right")
        table.add_column("目标 target", overflow="fold")
        table.add_column("年份 year", justify="right")
        table.add_column("属性", justify="center")
        for row in rows:
            if row["plan"] != p.plan:
                continue
            table.add_row(
                row["indicator"],
                row["name"],
                _baseline(row),
                _target(row),
                str(row["year"]),
                row["attribute"] or "—",
            )
        out.print(table)
    out.print(f"共 {len(rows)} 项目标 {len(rows)} targets")
