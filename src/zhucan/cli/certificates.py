"""``zhucan certificates``: certificate cases, expiring certificates and overdue steps."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from sqlalchemy import Engine

from zhucan.access.scope import Actor
from zhucan.access.users import get_user_by_name
from zhucan.certificates.applicants import Applicant
from zhucan.certificates.assessment import make_assessment
from zhucan.certificates.reports import expiring, overdue
from zhucan.certificates.service import (
    CaseRequest,
    open_case,
    record_step,
    show_case,
    withdraw_case,
)
from zhucan.certificates.workdays import add_working_days
from zhucan.cli.common import Format, FormatOpt, cli_actor, emit, out, ready_engine
from zhucan.core.dates import parse_date
from zhucan.core.errors import Forbidden

app = typer.Typer(help="残疾人证 Disability certificates", no_args_is_help=True)
case_app = typer.Typer(help="残疾人证业务 Certificate cases", no_args_is_help=True)
app.add_typer(case_app, name="case")

UserOpt = Annotated[
    str | None, typer.Option("--user", help="以此用户的角色和辖区办理（默认：系统管理员）")
]
OnOpt = Annotated[str | None, typer.Option("--on", help="办理日期 YYYY-MM-DD（默认今天）")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="备注")]


def _actor(engine: Engine, user: str | None) -> Actor:
    if user is None:
        return cli_actor()
    with engine.connect() as conn:
        found = get_user_by_name(conn, user)
    if not found.active:
        raise Forbidden(f"用户 {user} 已停用", f"user {user} is disabled")
    return found.actor


def _day(text: str | None) -> date:
    return parse_date(text) if text else date.today()


def _print_case(data: dict[str, Any], fmt: Format) -> None:
    if emit(data, fmt):
        return
    out.print(
        f"业务 #{data['id']} {data['kind_zh']}  {data['name']} {data['citizen_id_masked']}  "
        f"状态 {data['state']}  承办 {data['office']}"
    )
    for s in data["steps"]:
        done = f"{s['done_on']} {s['done_by']} {s['outcome']}" if s["done_on"] else "待办"
        limit = f" 期限 {s['deadline']}" if s["deadline"] else ""
        out.print(f"  {s['step_zh']}（{s['office']}）{limit}：{done}")
    if data["next_steps"]:
        out.print("下一步 next: " + "、".join(data["next_steps"]))
    cert = data["certificate"]
    if cert:
        out.print(
            f"残疾人证 {cert['number_masked']} 类别 {cert['category']} 等级 {cert['grade']} "
            f"有效期至 {cert['valid_until']}（{cert['status']}）"
        )


@case_app.command("open")
def open_cmd(
    kind: Annotated[str, typer.Argument(help="new|renewal|regrade|transfer|cancel 或 新办、换领…")],
    who: Annotated[str, typer.Argument(help="身份证号或残疾证号")],
    on: OnOpt = None,
    name: Annotated[str | None, typer.Option(help="新办：申请人姓名（不在名册时）")] = None,
    hukou_region: Annotated[str | None, typer.Option(help="新办：户籍区划代码")] = None,
    hukou_type: Annotated[str, typer.Option(help="新办：户籍性质 rural|urban")] = "rural",
    reason: Annotated[str | None, typer.Option(help="注销原因 death|request|ineligible")] = None,
    event_date: Annotated[str | None, typer.Option(help="死亡日期或户籍迁移日期")] = None,
    to: Annotated[str | None, typer.Option("--to", help="迁移：迁入地户籍区划代码")] = None,
    note: NoteOpt = None,
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """受理申请 Open a case (the application is its first step)."""
    engine = ready_engine()
    applicant = Applicant(name, hukou_region, hukou_type) if name and hukou_region else None
    req = CaseRequest(
        who,
        kind,
        _day(on),
        note,
        applicant,
        reason,
        parse_date(event_date) if event_date else None,
        to,
    )
    _print_case(open_case(engine, _actor(engine, user), req), fmt)


@case_app.command("step")
def step_cmd(
    case_id: Annotated[int, typer.Argument(help="业务编号")],
    step: Annotated[str, typer.Argument(help="assess|notice|review|issue|transfer_in|cancel")],
    on: OnOpt = None,
    reject: Annotated[bool, typer.Option("--reject", help="驳回（不予办理）")] = False,
    category: Annotated[str | None, typer.Option(help="评定：残疾类别")] = None,
    grade: Annotated[str | None, typer.Option(help="评定：残疾等级")] = None,
    component: Annotated[
        list[str] | None, typer.Option(help="多重残疾的组成 类别:等级，可重复")
    ] = None,
    physician: Annotated[str, typer.Option(help="评定医师")] = "",
    institution: Annotated[str, typer.Option(help="指定评定机构")] = "",
    note: NoteOpt = None,
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """办理一步 Record a step of a case (the last one updates the person file)."""
    engine = ready_engine()
    assessment = (
        make_assessment(category, grade, component or [], physician, institution)
        if category is not None
        else None
    )
    data = record_step(
        engine,
        _actor(engine, user),
        case_id,
        step,
        _day(on),
        rejected=reject,
        note=note,
        assessment=assessment,
    )
    _print_case(data, fmt)


@case_app.command("withdraw")
def withdraw_cmd(
    case_id: Annotated[int, typer.Argument(help="业务编号")],
    on: OnOpt = None,
    note: NoteOpt = None,
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """撤回申请 Withdraw an open case."""
    engine = ready_engine()
    _print_case(withdraw_case(engine, _actor(engine, user), case_id, _day(on), note), fmt)


@case_app.command("show")
def show_cmd(
    case_id: Annotated[int, typer.Argument(help="业务编号")],
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """查看业务 Show a case with its steps, deadlines and offices."""
    engine = ready_engine()
    _print_case(show_case(engine, _actor(engine, user), case_id), fmt)


@app.command("expiring")
def expiring_cmd(
    region: Annotated[str | None, typer.Option(help="区划代码")] = None,
    within: Annotated[int, typer.Option(help="天数")] = 90,
    as_of: Annotated[str | None, typer.Option(help="截至日期 YYYY-MM-DD")] = None,
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """即将到期的残疾人证 Certificates expiring soon with no renewal under way."""
    engine = ready_engine()
    frame = expiring(engine, _actor(engine, user), within, _day(as_of), region)
    if not emit(frame.to_dicts(), fmt):
        out.print(f"{within} 天内到期且未办理换领：{frame.height} 人")
        for r in frame.iter_rows(named=True):
            out.print(
                f"  {r['valid_until']}（{r['days_left']} 天） {r['name']} {r['citizen_id_masked']} "
                f"{r['town_name'] or r['town']}"
            )


@app.command("overdue")
def overdue_cmd(
    region: Annotated[str | None, typer.Option(help="区划代码")] = None,
    as_of: Annotated[str | None, typer.Option(help="截至日期 YYYY-MM-DD")] = None,
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """超期未办的步骤 Steps of open cases past their deadline."""
    engine = ready_engine()
    frame = overdue(engine, _actor(engine, user), _day(as_of), region)
    if not emit(frame.to_dicts(), fmt):
        out.print(f"超期未办：{frame.height} 项")
        for r in frame.iter_rows(named=True):
            out.print(
                f"  #{r['case_id']} {r['kind']} {r['step']} 期限 {r['deadline']}"
                f"（超 {r['days_overdue']} 天） {r['name']}"
            )


@app.command("workdays")
def workdays_cmd(
    start: Annotated[str, typer.Argument(help="起算日期")],
    days: Annotated[int, typer.Argument(help="工作日数")],
    fmt: FormatOpt = Format.text,
) -> None:
    """工作日推算 The date N working days after a date (holidays and 调休 counted)."""
    result = add_working_days(parse_date(start), days)
    if not emit({"start": parse_date(start), "days": days, "date": result}, fmt):
        out.print(str(result))
