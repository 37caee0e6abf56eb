"""``zhucan cases`` and ``zhucan visits``: hotline, petitions, complaints and home visits."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from zhucan.cases.deadlines import CaseKind
from zhucan.cases.service import (
    CATEGORIES,
    NewCase,
    accept_case,
    close_case,
    escalate_overdue,
    list_cases,
    open_case,
)
from zhucan.cases.visits import VisitRecord, plan_visits, record_visit
from zhucan.cli.common import Format, FormatOpt, cli_actor, emit, out, ready_engine
from zhucan.support.needs import parse_need_kind

cases_app = typer.Typer(help="12385热线、信访与投诉 Cases")
visits_app = typer.Typer(help="入户访视 Home visits")

DayOpt = Annotated[str | None, typer.Option(help="日期 YYYY-MM-DD（默认今天）")]


def _day(text: str | None) -> date:
    return date.fromisoformat(text) if text else date.today()


@cases_app.command("open")
def open_cmd(
    kind: Annotated[CaseKind, typer.Option(help="hotline | petition | complaint | visit")],
    region: Annotated[str, typer.Option(help="区划代码")],
    summary: Annotated[str, typer.Option(help="诉求内容")],
    category: Annotated[str, typer.Option(help="/".join(CATEGORIES))] = "other",
    person_id: Annotated[int | None, typer.Option(help="名册人员编号")] = None,
    received: DayOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """登记案件 Record a new case with its deadline."""
    new = NewCase(kind, category, region, summary, _day(received), person_id=person_id)
    case_id = open_case(ready_engine(), cli_actor(), new)
    if not emit({"case_id": case_id}, fmt):
        out.print(f"已登记案件 case {case_id}")


@cases_app.command("accept")
def accept_cmd(
    case_id: int, on: DayOpt = None, extension: int = 0, fmt: FormatOpt = Format.text
) -> None:
    """受理案件 Accept a case; the conclusion deadline starts."""
    due = accept_case(ready_engine(), cli_actor(), case_id, _day(on), extension)
    if not emit({"case_id": case_id, "due_on": due}, fmt):
        out.print(f"已受理，办结期限 {due}")


@cases_app.command("list")
def list_cmd(
    status: Annotated[str | None, typer.Option(help="open | accepted | closed")] = None,
    overdue: Annotated[bool, typer.Option(help="只看已超期")] = False,
    fmt: FormatOpt = Format.text,
) -> None:
    """案件列表 List cases in your jurisdiction."""
    rows = list_cases(ready_engine(), cli_actor(), status, date.today() if overdue else None)
    if not emit(rows, fmt):
        for r in rows:
            out.print(
                f"#{r['id']} {CaseKind(r['kind']).zh} {CATEGORIES[r['category']]} "
                f"{r['status']} 期限 {r['due_on']} 层级 {r['escalation_level']}：{r['summary']}"
            )


@cases_app.command("escalate")
def escalate_cmd(on: DayOpt = None, fmt: FormatOpt = Format.text) -> None:
    """催办与超期升级 Remind cases near their deadline, escalate overdue ones."""
    done = escalate_overdue(ready_engine(), cli_actor(), _day(on))
    if not emit(done, fmt):
        out.print(f"催办 {len(done['reminded'])} 件，升级 {len(done['escalated'])} 件")


@cases_app.command("close")
def close_cmd(
    case_id: int,
    outcome: Annotated[str, typer.Option(help="办理结果")],
    satisfaction: Annotated[str, typer.Option(help="satisfied|basically|dissatisfied|none")] = (
        "none"
    ),
    on: DayOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """办结案件 Close a case with the person's satisfaction."""
    close_case(ready_engine(), cli_actor(), case_id, _day(on), outcome, satisfaction)
    if not emit({"case_id": case_id, "closed": True}, fmt):
        out.print(f"案件 {case_id} 已办结")


@visits_app.command("plan")
def plan_cmd(
    year: Annotated[int, typer.Option(help="年度")],
    region: Annotated[str | None, typer.Option(help="区划代码")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """生成入户访视计划 Plan the year's visits to households in difficulty."""
    plans = plan_visits(ready_engine(), cli_actor(), year, region)
    if not emit(plans.to_dicts(), fmt):
        out.print(f"新增访视计划 {plans.height} 户 planned households")


@visits_app.command("record")
def record_cmd(
    person_id: Annotated[int, typer.Option(help="名册人员编号")],
    notes: Annotated[str, typer.Option(help="访视情况")],
    need: Annotated[
        list[str] | None, typer.Option(help="发现的需求（可重复）：康复、辅助器具…")
    ] = None,
    problem: Annotated[str | None, typer.Option(help="需要办理的问题（转为案件）")] = None,
    category: Annotated[str, typer.Option(help="问题类别")] = "living",
    on: DayOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """登记入户访视 Record a visit: needs become need records, a problem becomes a case."""
    record = VisitRecord(
        person_id, _day(on), notes, [parse_need_kind(n) for n in need or []], problem, category
    )
    result = record_visit(ready_engine(), cli_actor(), record)
    if not emit(result, fmt):
        out.print(
            f"访视 {result['visit_id']} 已登记：新增需求 {len(result['need_ids'])} 项"  # type: ignore[arg-type]
            + (f"，已转案件 {result['case_id']}" if result["case_id"] else "")
        )
