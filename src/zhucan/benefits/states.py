"""State machines of runs, applications, alerts and enrolments (pure domain)."""

from __future__ import annotations

from enum import StrEnum

from zhucan.core.errors import Conflict, Forbidden, InvalidValue


class RunState(StrEnum):
    """A payment run: draft → checked → approved → exported → reconciled."""

    DRAFT = "draft"
    CHECKED = "checked"
    APPROVED = "approved"
    EXPORTED = "exported"
    RECONCILED = "reconciled"

    @property
    def zh(self) -> str:
        """The state's Chinese label."""
        return _RUN_ZH[self]


_RUN_ZH = {
    RunState.DRAFT: "草稿",
    RunState.CHECKED: "已复核",
    RunState.APPROVED: "已审批",
    RunState.EXPORTED: "已导出银行文件",
    RunState.RECONCILED: "已对账",
}
_RUN_NEXT = {
    "check": (RunState.DRAFT, RunState.CHECKED),
    "approve": (RunState.CHECKED, RunState.APPROVED),
    "export": (RunState.APPROVED, RunState.EXPORTED),
    "reconcile": (RunState.EXPORTED, RunState.RECONCILED),
}
REOPENABLE = frozenset({RunState.DRAFT, RunState.CHECKED})


def next_run_state(action: str, current: str) -> RunState:
    """The state after ``action``, or Conflict when the run is not in the state it needs.

    >>> next_run_state("approve", "checked")
    <RunState.APPROVED: 'approved'>
    >>> next_run_state("approve", "draft")
    Traceback (most recent call last):
    zhucan.core.errors.Conflict: 批次状态为“草稿”，此操作需要“已复核”
    """
    need, then = _RUN_NEXT[action]
    if current != need:
        state = RunState(current)
        raise Conflict(
            f"批次状态为“{state.zh}”，此操作需要“{need.zh}”",
            f"the run is {state.value}; {action} needs it {need.value}",
        )
    return then


def ensure_not_creator(approver: str, creator: str) -> None:
    """Refuse an approval by the user who created the run (四眼原则).

    >>> ensure_not_creator("b", "a")
    >>> ensure_not_creator("a", "a")
    Traceback (most recent call last):
    zhucan.core.errors.Forbidden: 审批人不能是本批次的创建人（a）：请由另一位工作人员审批
    """
    if approver == creator:
        raise Forbidden(
            f"审批人不能是本批次的创建人（{creator}）：请由另一位工作人员审批",
            f"the approver must not be the run's creator ({creator}); ask another officer",
        )


class LineStatus(StrEnum):
    """A payment line: pending → exported → paid | failed; negative lines are to recover."""

    PENDING = "pending"
    EXPORTED = "exported"
    PAID = "paid"
    FAILED = "failed"
    TO_RECOVER = "to_recover"


class ApplicationState(StrEnum):
    """An application: received (受理) → reviewed (审核) → approved | rejected (审批)."""

    RECEIVED = "received"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    REJECTED = "rejected"


#: An application still being handled: a person may have one per program at a time.
OPEN_APPLICATION = frozenset({ApplicationState.RECEIVED, ApplicationState.REVIEWED})


class AlertKind(StrEnum):
    """What dynamic supervision flags."""

    PAID_AFTER_DEATH = "paid_after_death"
    MOVED_OUT = "moved_out"
    CERTIFICATE = "certificate"
    LOST_DIBAO = "lost_dibao"
    OVERLAP = "overlap"
    DUPLICATE = "duplicate"

    @property
    def zh(self) -> str:
        """The kind's Chinese label."""
        return _ALERT_ZH[self]


_ALERT_ZH = {
    AlertKind.PAID_AFTER_DEATH: "死亡后仍发放",
    AlertKind.MOVED_OUT: "户籍迁出辖区",
    AlertKind.CERTIFICATE: "残疾人证过期或注销",
    AlertKind.LOST_DIBAO: "不再是低保对象",
    AlertKind.OVERLAP: "待遇重复享受",
    AlertKind.DUPLICATE: "疑似重复登记",
}


class AlertState(StrEnum):
    """An alert: open → suspended → stopped | recovered | dismissed (any step from open)."""

    OPEN = "open"
    SUSPENDED = "suspended"
    STOPPED = "stopped"
    RECOVERED = "recovered"
    DISMISSED = "dismissed"


ALERT_ACTIONS = {
    "suspend": AlertState.SUSPENDED,
    "stop": AlertState.STOPPED,
    "recover": AlertState.RECOVERED,
    "dismiss": AlertState.DISMISSED,
}


def next_alert_state(action: str, current: str, reason: str) -> AlertState:
    """The state after working an alert; a reason is required and closed alerts stay closed.

    >>> next_alert_state("suspend", "open", "核实中")
    <AlertState.SUSPENDED: 'suspended'>
    >>> next_alert_state("stop", "dismissed", "x")
    Traceback (most recent call last):
    zhucan.core.errors.Conflict: 预警已处理完毕（dismissed），不能再处理
    """
    if action not in ALERT_ACTIONS:
        raise InvalidValue(
            f"未知的处理方式：{action}（可用 suspend、stop、recover、dismiss）",
            f"unknown action {action} (suspend, stop, recover or dismiss)",
        )
    if not reason.strip():
        raise InvalidValue("处理预警必须填写理由", "working an alert needs a reason")
    if current not in (AlertState.OPEN, AlertState.SUSPENDED):
        raise Conflict(
            f"预警已处理完毕（{current}），不能再处理", f"the alert is closed ({current})"
        )
    if action == "suspend" and current == AlertState.SUSPENDED:
        raise Conflict("预警已是暂停状态", "the alert is already suspended")
    return ALERT_ACTIONS[action]
