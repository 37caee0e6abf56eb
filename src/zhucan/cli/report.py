"""``zhucan report``: evaluation reports of the plans (HTML, PDF, xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zhucan.cli.common import Format, FormatOpt, cli_actor, emit, out, ready_engine

app = typer.Typer(help="报告 Reports", no_args_is_help=True)


@app.callback()
def report_group() -> None:
    """评估报告 Evaluation reports."""


@app.command("evaluation")
def evaluation_cmd(
    plan: Annotated[str, typer.Option("--plan", help="规划代码，如 lishui-2021-2025")],
    year: Annotated[int, typer.Option("--year", help="评估年度：2023 中期，2025 期末")],
    out_file: Annotated[Path, typer.Option("--out", help="输出文件 .html/.pdf/.xlsx")],
    region: Annotated[str | None, typer.Option("--region", help="默认规划所在区域")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """规划中期/期末评估报告 Write a plan's evaluation report."""
    from zhucan.indicators.reports import write_evaluation_report

    path = write_evaluation_report(ready_engine(), plan, year, region, out_file, cli_actor())
    if not emit({"out": str(path), "bytes": path.stat().st_size}, fmt):
        out.print(f"已写出评估报告 {path}")
