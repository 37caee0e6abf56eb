"""``zhucan employers`` and ``zhucan jobs``: the annual review, levy and job matching."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from zhucan.cli.common import Format, FormatOpt, cli_actor, emit, out, ready_engine
from zhucan.employment.employers import SheetSummary, declare, import_employers
from zhucan.employment.jobs import match_jobs
from zhucan.employment.reports import noncompliant, region_report
from zhucan.employment.reward import EXAMPLE_RULE, RewardRule
from zhucan.employment.service import run_review, set_local_wage

employers_app = typer.Typer(help="用人单位与按比例就业年审 Employers and annual review")
jobs_app = typer.Typer(help="就业岗位匹配 Job matching")

ReportOpt = Annotated[Path | None, typer.Option(help="被拒行及原因写入此 xlsx")]
YearOpt = Annotated[int, typer.Option(help="年度 year")]


def _sheet_result(summary: SheetSummary, fmt: Format, what: str) -> None:
    if not emit(summary.as_json(), fmt):
        out.print(
            f"{what}：读取 {summary.read} 行，新增 {summary.created}，更新 {summary.updated}，"
            f"拒绝 {len({r['row'] for r in summary.rejected})} 行"
        )
        for r in summary.rejected[:50]:
            out.print(f"  第{r['row']}行 [{r['column']}] {r['value']!r}: {r['reason']}")
    raise typer.Exit(1 if summary.rejected else 0)


@employers_app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="单位名册 xlsx/csv")],
    report: ReportOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """导入用人单位名册 Import the employer register (exit 1 if rows were rejected)."""
    summary = import_employers(ready_engine(), file, cli_actor(), datetime.now(), report)
    _sheet_result(summary, fmt, "导入单位")


@employers_app.command("declare")
def declare_cmd(
    file: Annotated[Path, typer.Argument(help="年审申报表 xlsx/csv")],
    year: YearOpt,
    report: ReportOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """导入单位年审申报（残疾职工名单）Import employers' declarations for a year."""
    summary = declare(ready_engine(), file, cli_actor(), year, datetime.now(), report)
    _sheet_result(summary, fmt, "导入申报")


@employers_app.command("review")
def review_cmd(
    year: YearOpt,
    local_wage: Annotated[
        list[str] | None, typer.Option(help="当地社会平均工资 区划前缀=元/年，可重复")
    ] = None,
    review_date: Annotated[str | None, typer.Option(help="核验日期 YYYY-MM-DD")] = None,
    reward: Annotated[str | None, typer.Option(help="超比例奖励 元/人·年（示例默认 5000）")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """按比例就业年审 Run the annual review: verify, count, levy, reward."""
    engine, actor = ready_engine(), cli_actor()
    for item in local_wage or []:
        prefix, _, wage = item.partition("=")
        set_local_wage(engine, actor, prefix, year, Decimal(wage))
    rule = RewardRule(int(Decimal(reward) * 100), example=False) if reward else EXAMPLE_RULE
    summary, _ = run_review(
        engine,
        actor,
        year,
        review_date=date.fromisoformat(review_date) if review_date else None,
        rule=rule,
    )
    if not emit(summary.as_json(), fmt):
        out.print(
            f"{year} 年审：{summary.employers} 家单位，申报 {summary.declared} 人，"
            f"核定 {summary.counted} 人（一二级按2人），未达比例 {summary.below_ratio} 家，"
            f"应缴保障金 {summary.levy_fen / 100:.2f} 元，"
            f"超比例奖励 {summary.reward_fen / 100:.2f} 元"
        )


@employers_app.command("noncompliant")
def noncompliant_cmd(year: YearOpt, fmt: FormatOpt = Format.text) -> None:
    """未按比例安排就业的单位名单（供信用体系）List non-compliant employers."""
    rows = noncompliant(ready_engine(), cli_actor(), year)
    if not emit(rows, fmt):
        for r in rows:
            out.print(f"{r['credit_code']} {r['name']} {r['region']}：{r['reasons_zh']}")
        out.print(f"共 {len(rows)} 家 total")


@employers_app.command("report")
def report_cmd(
    year: YearOpt,
    out_file: Annotated[Path, typer.Option("--out", help="输出 xlsx")],
    fmt: FormatOpt = Format.text,
) -> None:
    """年审报表（分区汇总与单位明细）Write the review report of your region as xlsx."""
    path = region_report(ready_engine(), cli_actor(), year, out_file)
    if not emit({"report": str(path)}, fmt):
        out.print(f"已写出 written → {path}")


@jobs_app.command("match")
def match_cmd(
    on: Annotated[str | None, typer.Option(help="日期 YYYY-MM-DD")] = None,
    top: Annotated[int, typer.Option(help="每人推荐岗位数")] = 5,
    fmt: FormatOpt = Format.text,
) -> None:
    """为求职残疾人匹配岗位 Rank postings for every active job seeker, with reasons."""
    day = date.fromisoformat(on) if on else date.today()
    matches = match_jobs(ready_engine(), cli_actor(), day, top)
    if not emit(matches.to_dicts(), fmt):
        for r in matches.iter_rows(named=True):
            out.print(
                f"求职者 {r['seeker_id']} → 岗位 {r['posting_id']}（第{r['rank']}，"
                f"{r['score']}分）：{r['reasons']}"
            )
