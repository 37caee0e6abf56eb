"""What the benefits and policy pages share: the policy set, labels of codes, money."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends, Path, Request

from zhucan.access.permissions import Permission
from zhucan.access.users import User
from zhucan.benefits.states import AlertKind, RunState
from zhucan.policy.loader import shipped_policies
from zhucan.policy.policy_set import PolicySet
from zhucan.web.deps import need
from zhucan.web.render import templates

RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def get_policies(request: Request) -> PolicySet:
    """The app's policy set: ``app.state.policies`` when set (tests), else the shipped ones."""
    policies: PolicySet | None = getattr(request.app.state, "policies", None)
    return policies if policies is not None else shipped_policies()


PoliciesDep = Annotated[PolicySet, Depends(get_policies)]
BenefitsReader = Annotated[User, Depends(need(Permission.VIEW_BENEFITS))]
ApplicationHandler = Annotated[User, Depends(need(Permission.HANDLE_APPLICATIONS))]
ApplicationDecider = Annotated[User, Depends(need(Permission.DECIDE_APPLICATIONS))]
RunMaker = Annotated[User, Depends(need(Permission.RUN_PAYMENTS))]
RunApprover = Annotated[User, Depends(need(Permission.APPROVE_PAYMENTS))]
BankExporter = Annotated[User, Depends(need(Permission.EXPORT_BANK_FILES))]
AlertWorker = Annotated[User, Depends(need(Permission.WORK_ALERTS))]
PolicyReader = Annotated[User, Depends(need(Permission.VIEW_POLICIES))]
Simulator = Annotated[User, Depends(need(Permission.SIMULATE_POLICIES))]

PROGRAM_ZH = {
    "living_subsidy": "困难残疾人生活补贴",
    "nursing_subsidy": "重度残疾人护理补贴",
    "child_rehabilitation_referral": "残疾儿童康复救助",
    "pension_contribution_referral": "代缴城乡居民养老保险",
    "single_person_dibao_referral": "单人户申请低保",
    "employment_levy": "残疾人就业保障金",
}
PAYMENT_PROGRAMS = ("nursing_subsidy", "living_subsidy")
APPLICATION_ZH = {
    "received": "已受理，待审核",
    "reviewed": "已审核，待审批",
    "approved": "已批准",
    "rejected": "未批准",
}
ALERT_STATE_ZH = {
    "open": "待处理",
    "suspended": "已暂停发放",
    "stopped": "已停发",
    "recovered": "已停发并追回",
    "dismissed": "已核实排除",
}
ALERT_ACTION_ZH = {
    "suspend": "暂停发放（核实期间）",
    "stop": "停发",
    "recover": "停发并追回多发款",
    "dismiss": "核实无误，排除预警",
}
LINE_KIND_ZH = {"regular": "当月发放", "arrears": "补发", "recovery": "追回"}
LINE_STATUS_ZH = {
    "pending": "待发放",
    "exported": "已送银行",
    "paid": "已到账",
    "failed": "发放失败",
    "to_recover": "待追回",
}
WORK_KIND_ZH = {"enrol": "应享未享", "refer": "转介", "review_stop": "复核是否停发"}
RUN_ACTION_ZH = {
    "run": "生成",
    "rerun": "补算",
    "check": "复核",
    "approve": "审批",
    "export": "导出银行文件",
    "reconcile": "对账",
}
STEP_ZH = {"receive": "受理", "review": "审核", "decide": "审批"}


def program_label(program: str | None) -> str:
    """The program's Chinese name (a message id), or its code when unnamed."""
    return PROGRAM_ZH.get(program or "", program or "")


def yuan(fen: int | None) -> str:
    """Fen as yuan with thousands separators.

    >>> yuan(123456), yuan(-5), yuan(None)
    ('1,234.56', '-0.05', '')
    """
    if fen is None:
        return ""
    return f"{Decimal(fen).scaleb(-2):,.2f}"


LABELS: dict[str, Any] = {
    "program": PROGRAM_ZH,
    "application": APPLICATION_ZH,
    "alert_state": ALERT_STATE_ZH,
    "alert_action": ALERT_ACTION_ZH,
    "alert_kind": {k.value: k.zh for k in AlertKind},
    "run_state": {s.value: s.zh for s in RunState},
    "run_action": RUN_ACTION_ZH,
    "line_kind": LINE_KIND_ZH,
    "line_status": LINE_STATUS_ZH,
    "work_kind": WORK_KIND_ZH,
    "step": STEP_ZH,
}
templates.env.filters["yuan"] = yuan
templates.env.globals["benefit_labels"] = LABELS


def error_text(exc: Exception, lang: str) -> str:
    """A Zhucan error's message in the page language."""
    message = getattr(exc, "message", None)
    return str(message(lang)) if callable(message) else str(exc)
