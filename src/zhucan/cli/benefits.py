"""``zhucan benefits|pay|feeds|alerts``: discovery, payment runs, data matching, alerts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from zhucan.cli.common import Format, FormatOpt, cli_actor, emit, out, ready_engine
from zhucan.core.period import Month

benefits_app = typer.Typer(
    help="两项补贴：主动发现 Benefits: proactive discovery", no_args_is_help=True
)
pay_app = typer.Typer(help="按月发放 Monthly payment runs", no_args_is_help=True)
feeds_app = typer.Typer(help="数据比对 Data-matching feeds", no_args_is_help=True)
alerts_app = typer.Typer(help="动态监管预警 Supervision alerts", no_args_is_help=True)

UserOpt = Annotated[str | None, typer.Option("--user", help="操作人（默认为系统用户）acting user")]
PeriodOpt = Annotated[str, typer.Option("--period", help="发放月份 YYYY-MM")]
RegionOpt = Annotated[str, typer.Option("--region", help="辖区区划代码 region code")]
ProgramOpt = Annotated[str, typer.Option("--program", help="项目 program id")]


def _show(data: Any, fmt: Format) -> None:
    if not emit(data, fmt):
        if isinstance(data, dict):
            for key, value in data.items():
                out.print(f"{key}: {value}")
        else:
            for row in data:
                out.print(row)


@benefits_app.command("discover")
def discover_cmd(
    region: RegionOpt,
    as_of: Annotated[str, typer.Option("--as-of")],
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """主动发现：应享未享与不再符合条件者，生成乡镇工作事项 Find people to enrol or stop."""
    from zhucan.benefits.discover import discover

    _show(discover(ready_engine(), cli_actor(user), region, date.fromisoformat(as_of)), fmt)


@benefits_app.command("auto-enrol")
def auto_enrol_cmd(
    program: ProgramOpt,
    off: Annotated[bool, typer.Option("--off", help="改回须申请 back to by-application")] = False,
    user: UserOpt = None,
) -> None:
    """设置项目为免申即享（自动纳入）Enrol a program's eligible people without application."""
    from zhucan.benefits.settings import set_auto_enrol

    set_auto_enrol(ready_engine(), cli_actor(user), program, not off)
    out.print(f"{program}: {'须申请 by application' if off else '免申即享 automatic enrolment'}")


@pay_app.command("run")
def run_cmd(
    period: PeriodOpt,
    region: RegionOpt,
    program: ProgramOpt = "nursing_subsidy",
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """生成或补算发放批次（只写差额）Create a month's run or add its differences."""
    from zhucan.benefits.runs import run_payments

    s = run_payments(ready_engine(), cli_actor(user), Month.parse(period), region, program)
    _show(s.as_json(), fmt)


@pay_app.command("check")
def check_cmd(
    period: PeriodOpt,
    region: RegionOpt,
    program: ProgramOpt = "nursing_subsidy",
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """复核 Check a draft run."""
    from zhucan.benefits.run_steps import check_run

    _show(check_run(ready_engine(), cli_actor(user), Month.parse(period), region, program), fmt)


@pay_app.command("approve")
def approve_cmd(
    period: PeriodOpt,
    region: RegionOpt,
    program: ProgramOpt = "nursing_subsidy",
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """审批（审批人不能是创建人）Approve a checked run (not by its creator)."""
    from zhucan.benefits.run_steps import approve_run

    _show(approve_run(ready_engine(), cli_actor(user), Month.parse(period), region, program), fmt)


@pay_app.command("export")
def export_cmd(
    period: PeriodOpt,
    region: RegionOpt,
    out_file: Annotated[Path, typer.Option("--out", help="银行文件 .csv/.xlsx")],
    program: ProgramOpt = "nursing_subsidy",
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """导出银行发放文件（记审计）Export the bank file (audited)."""
    from zhucan.benefits.export import export_bank_file

    kind = "xlsx" if out_file.suffix.lower() == ".xlsx" else "csv"
    _show(
        export_bank_file(
            ready_engine(), cli_actor(user), Month.parse(period), region, program, out_file, kind
        ),
        fmt,
    )


@pay_app.command("reconcile")
def reconcile_cmd(
    period: PeriodOpt,
    region: RegionOpt,
    file: Annotated[Path, typer.Option("--file", help="银行回盘文件")],
    program: ProgramOpt = "nursing_subsidy",
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """导入银行回盘，失败明细结转下月 Reconcile with the bank's return file."""
    from zhucan.benefits.run_steps import reconcile_run

    _show(
        reconcile_run(ready_engine(), cli_actor(user), Month.parse(period), region, program, file),
        fmt,
    )


@pay_app.command("explain")
def explain_cmd(
    line_id: Annotated[int, typer.Argument(help="发放明细流水号")],
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """解释一条发放明细 Explain one payment line."""
    from zhucan.benefits.explain import explain_line

    _show(explain_line(ready_engine(), cli_actor(user), line_id), fmt)


@feeds_app.command("import")
def feeds_import_cmd(
    kind: Annotated[
        str, typer.Argument(help="civil_affairs|public_security|human_resources|medical_insurance")
    ],
    file: Annotated[Path, typer.Argument(help="CSV / xlsx")],
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """导入部门比对数据并预警 Import a department's feed and raise alerts."""
    from zhucan.benefits.feeds.service import import_feed, parse_kind

    s = import_feed(ready_engine(), cli_actor(user), parse_kind(kind), file)
    _show(s.as_json(), fmt)


@alerts_app.command("list")
def alerts_list_cmd(
    state: Annotated[str, typer.Option(help="open|suspended|…|all")] = "open",
    kind: Annotated[str | None, typer.Option(help="预警类型")] = None,
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """预警列表 List alerts."""
    from zhucan.benefits.alert_work import list_alerts

    rows = list_alerts(ready_engine(), cli_actor(user), None if state == "all" else state, kind)
    if not emit(rows, fmt):
        for r in rows:
            out.print(f"#{r['id']} [{r['state']}] {r['kind']} 人员#{r['person_id']} {r['detail']}")


@alerts_app.command("work")
def alerts_work_cmd(
    alert_id: Annotated[int, typer.Argument()],
    action: Annotated[str, typer.Argument(help="suspend|stop|recover|dismiss")],
    reason: Annotated[str, typer.Option("--reason", help="处理理由")],
    month: Annotated[str | None, typer.Option(help="停发/暂停起始月份")] = None,
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """处理预警 Work an alert."""
    from zhucan.benefits.alert_work import work_alert

    m = Month.parse(month) if month else None
    _show(work_alert(ready_engine(), cli_actor(user), alert_id, action, reason, m), fmt)


@alerts_app.command("scan")
def alerts_scan_cmd(
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    user: UserOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """全辖区监管扫描（证件、低保、重复享受、重复登记）Sweep the jurisdiction for alerts."""
    from zhucan.benefits.alerts import supervise

    day = date.fromisoformat(as_of) if as_of else date.today()
    _show(supervise(ready_engine(), cli_actor(user), day, "scan"), fmt)
