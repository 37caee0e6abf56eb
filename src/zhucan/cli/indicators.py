"""``zhucan indicators``: compute indicators (CONTRACTS §5), series, progress, synthetic data."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from zhucan.cli.common import Format, FormatOpt, cli_actor, emit, out, ready_engine

app = typer.Typer(help="指标监测 Indicators", no_args_is_help=True)

RegionOpt = Annotated[str, typer.Option("--region", help="区划代码，如 3311")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="统计日 YYYY-MM-DD，默认今天")]


def _day(text: str | None) -> date:
    return date.fromisoformat(text) if text else date.today()


def _number(value: object) -> str:
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


@app.command("compute")
def compute_cmd(region: RegionOpt, as_of: AsOfOpt = None, fmt: FormatOpt = Format.text) -> None:
    """计算本区域及各直接下级区域的指标 Indicators for a region and its sub-regions."""
    from zhucan.indicators.service import compute_indicators

    rows = compute_indicators(ready_engine(), region, _day(as_of), cli_actor())
    if emit(
        [
            {
                k: r[k]
                for k in (
                    "indicator",
                    "region",
                    "numerator",
                    "denominator",
                    "value",
                    "unit",
                    "name",
                    "region_name",
                    "additive",
                )
            }
            for r in rows
        ],
        fmt,
    ):
        return
    top = rows[0]["region"]
    table = Table(title=f"{rows[0]['region_name']} {as_of or date.today()}")
    for col in ("指标", "分子", "分母", "值", "单位"):
        table.add_column(col, justify="left" if col == "指标" else "right")
    for r in rows:
        if r["region"] == top:
            table.add_row(
                r["name"],
                str(r["numerator"]),
                str(r["denominator"]),
                _number(r["value"]),
                r["unit"],
            )
    out.print(table)


@app.command("series")
def series_cmd(
    region: RegionOpt,
    start: Annotated[str, typer.Option("--from", help="起始日 YYYY-MM-DD")],
    end: Annotated[str, typer.Option("--to", help="截止日 YYYY-MM-DD")],
    freq: Annotated[str, typer.Option(help="month | year")] = "month",
    fmt: FormatOpt = Format.text,
) -> None:
    """月度或年度序列 Monthly or yearly series of every indicator."""
    from zhucan.indicators.service import indicator_series

    frame = indicator_series(
        ready_engine(), region, date.fromisoformat(start), date.fromisoformat(end), freq
    )
    rows = frame.with_columns(frame["date"].cast(str)).to_dicts()
    if not emit(rows, fmt):
        out.print(frame)


@app.command("progress")
def progress_cmd(
    plan: Annotated[str, typer.Option("--plan", help="规划代码")],
    region: Annotated[str | None, typer.Option("--region", help="默认规划所在区域")] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """规划目标进度与预警 Progress and early warning against a plan's targets."""
    from zhucan.indicators.progress import plan_progress
    from zhucan.indicators.trajectory import STATUS_ZH

    rows = plan_progress(ready_engine(), plan, region, _day(as_of), cli_actor())
    if emit(rows, fmt):
        return
    table = Table(title=plan)
    for col in ("指标", "属性", "基期", "目标", "现值", "应达", "状态", "拖后腿的下级"):
        table.add_column(col)
    for r in rows:
        if r["status"] is None:
            continue
        lag = "、".join(x["name"] for x in r["laggards"][:3])
        table.add_row(
            r["name"],
            r["attribute"] or "—",
            _number(r["baseline"]),
            _number(r["target"]),
            _number(r["actual"]),
            _number(r["expected"]),
            STATUS_ZH[r["status"]],
            lag,
        )
    out.print(table)


@app.command("synth")
def synth_cmd(
    region: RegionOpt,
    end: Annotated[str, typer.Option("--end", help="生成至 YYYY-MM-DD")] = "2025-12-31",
    seed: Annotated[int, typer.Option(help="随机种子")] = 1,
    fmt: FormatOpt = Format.text,
) -> None:
    """为名册中的人生成合成需求、服务、设施、补贴、信访等数据 Synthetic support data."""
    from zhucan.synth.facilities import generate_facilities
    from zhucan.synth.programs import generate_programs
    from zhucan.synth.support import generate_support

    engine, day = ready_engine(), date.fromisoformat(end)
    counts = {
        **generate_facilities(engine, region, day, seed),
        **generate_support(engine, region, day, seed),
        **generate_programs(engine, region, day, seed),
    }
    if not emit(counts, fmt):
        out.print("，".join(f"{k} {v}" for k, v in counts.items()))


@app.command("import-needs")
def import_needs_cmd(
    path: Annotated[Path, typer.Argument(help="需求调查表 .xlsx/.csv")],
    fmt: FormatOpt = Format.text,
) -> None:
    """导入年度需求调查表 Import the yearly needs survey."""
    from zhucan.support.needs_import import import_needs

    result = import_needs(ready_engine(), path, cli_actor())
    data = {"read": result.read, "added": result.added, "rejected": result.rejected}
    if not emit(data, fmt):
        out.print(
            f"读取 {result.read} 行，新增需求 {result.added} 条，拒绝 {len(result.rejected)} 行"
        )
        for r in result.rejected:
            out.print(f"  第 {r['row']} 行：{r['reason']}")
    if result.rejected:
        raise typer.Exit(1)


@app.command("returns")
def returns_cmd(
    region: RegionOpt,
    year: Annotated[int, typer.Option("--year", help="统计年度（截至 12 月 31 日）")],
    out_file: Annotated[Path, typer.Option("--out", help="输出 .xlsx")],
    fmt: FormatOpt = Format.text,
) -> None:
    """年度统计报表 Write the yearly statistical return (xlsx)."""
    from zhucan.indicators.returns import write_returns

    path = write_returns(ready_engine(), region, year, out_file)
    if not emit({"out": str(path)}, fmt):
        out.print(f"已写出统计报表 {path}")


@app.command("refresh")
def refresh_cmd(
    region: RegionOpt,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """计算并保存本区域各级指标值（供监测看板读取）Store every indicator under a region."""
    from zhucan.indicators.store import refresh

    done = refresh(ready_engine(), region, _day(as_of), cli_actor())
    data = {
        "region": done.region,
        "as_of": done.as_of.isoformat(),
        "rows": done.rows,
        "computed_at": done.computed_at.isoformat(timespec="seconds"),
    }
    if not emit(data, fmt):
        out.print(f"已保存 {done.region} {done.as_of} 的指标值 {done.rows} 条")
