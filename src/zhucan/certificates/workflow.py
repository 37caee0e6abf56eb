"""The certificate case workflow (残疾人证管理办法, 2018): kinds, steps, order, roles, deadlines.

Pure data and functions: which steps a case of each kind goes through, who may do each,
how long each may take (in working days) and which office answers for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from zhucan.certificates.workdays import add_working_days
from zhucan.core.errors import Conflict, Forbidden


class CaseKind(StrEnum):
    """What a case does to the certificate."""

    NEW = "new"  # 新办
    RENEWAL = "renewal"  # 换领（有效期满）
    REGRADE = "regrade"  # 等级（类别）变更，重新评定
    TRANSFER = "transfer"  # 迁移（户籍迁往另一县）
    CANCEL = "cancel"  # 注销

    @property
    def zh(self) -> str:
        """The Chinese name."""
        return _KIND_ZH[self]


_KIND_ZH = {
    CaseKind.NEW: "新办",
    CaseKind.RENEWAL: "换领",
    CaseKind.REGRADE: "等级变更",
    CaseKind.TRANSFER: "迁移",
    CaseKind.CANCEL: "注销",
}


class Step(StrEnum):
    """One step of a case."""

    APPLY = "apply"  # 申请受理
    ASSESS = "assess"  # 残疾评定（指定医疗机构）
    NOTICE = "notice"  # 村（社区）公示
    REVIEW = "review"  # 县级残联审核
    ISSUE = "issue"  # 发证
    TRANSFER_IN = "transfer_in"  # 迁入地县级残联接收
    CANCEL = "cancel"  # 注销

    @property
    def zh(self) -> str:
        """The Chinese name."""
        return _STEP_ZH[self]


_STEP_ZH = {
    Step.APPLY: "申请受理",
    Step.ASSESS: "残疾评定",
    Step.NOTICE: "公示",
    Step.REVIEW: "审核",
    Step.ISSUE: "发证",
    Step.TRANSFER_IN: "迁入接收",
    Step.CANCEL: "注销",
}


class CaseState(StrEnum):
    """Where a case stands."""

    OPEN = "open"
    COMPLETED = "completed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Level(StrEnum):
    """The level of the office answering for a step."""

    VILLAGE = "village"  # 村（社区）
    TOWN = "town"  # 乡镇（街道）
    COUNTY = "county"  # 县级残联
    TARGET_COUNTY = "target_county"  # 迁入地县级残联


@dataclass(frozen=True)
class StepRule:
    """Who may do a step, its time limit in working days, the office and the legal basis."""

    roles: frozenset[str]
    working_days: int | None
    level: Level
    basis: str


_WORKERS = frozenset({"village_worker", "town_worker", "county_officer"})
_COUNTY = frozenset({"county_officer"})
RULES: dict[Step, StepRule] = {
    Step.APPLY: StepRule(_WORKERS, None, Level.TOWN, "办法第九条：向户籍所在地县级残联申请"),
    Step.ASSESS: StepRule(
        frozenset({"town_worker", "county_officer"}),
        20,
        Level.COUNTY,
        "本系统设定：评定 20 个工作日",
    ),
    Step.NOTICE: StepRule(_WORKERS, 5, Level.VILLAGE, "办法第九条：村（社区）公示 5 个工作日"),
    Step.REVIEW: StepRule(
        frozenset({"county_officer", "approver"}), 10, Level.COUNTY, "办法第九条：10 个工作日内审核"
    ),
    Step.ISSUE: StepRule(_COUNTY, 5, Level.COUNTY, "本系统设定：审核后 5 个工作日内发证"),
    Step.TRANSFER_IN: StepRule(
        _COUNTY, 10, Level.TARGET_COUNTY, "本系统设定：迁入地 10 个工作日内接收"
    ),
    Step.CANCEL: StepRule(_COUNTY, 5, Level.COUNTY, "本系统设定：审核后 5 个工作日内注销"),
}

STEPS: dict[CaseKind, tuple[Step, ...]] = {
    CaseKind.NEW: (Step.APPLY, Step.ASSESS, Step.NOTICE, Step.REVIEW, Step.ISSUE),
    CaseKind.RENEWAL: (Step.APPLY, Step.ASSESS, Step.REVIEW, Step.ISSUE),
    CaseKind.REGRADE: (Step.APPLY, Step.ASSESS, Step.NOTICE, Step.REVIEW, Step.ISSUE),
    CaseKind.TRANSFER: (Step.APPLY, Step.TRANSFER_IN),
    CaseKind.CANCEL: (Step.APPLY, Step.REVIEW, Step.CANCEL),
}
# A renewal needs a new assessment only where the county asks for one.
OPTIONAL: dict[CaseKind, frozenset[Step]] = {CaseKind.RENEWAL: frozenset({Step.ASSESS})}
ADMIN = "admin"


def next_step(kind: CaseKind, done: list[Step]) -> Step | None:
    """The next required step of a case, None when all are done.

    >>> next_step(CaseKind.NEW, [Step.APPLY]), next_step(CaseKind.RENEWAL, [Step.APPLY])
    (<Step.ASSESS: 'assess'>, <Step.REVIEW: 'review'>)
    """
    for step in STEPS[kind]:
        if step not in done and step not in OPTIONAL.get(kind, frozenset()):
            return step
    return None


def allowed_now(kind: CaseKind, done: list[Step]) -> list[Step]:
    """The steps that may be recorded now: optional ones before the next required one, and it.

    >>> allowed_now(CaseKind.RENEWAL, [Step.APPLY])
    [<Step.ASSESS: 'assess'>, <Step.REVIEW: 'review'>]
    """
    steps = STEPS[kind]
    last_done = max((steps.index(s) for s in done if s in steps), default=-1)
    found: list[Step] = []
    for step in steps[last_done + 1 :]:
        found.append(step)
        if step not in OPTIONAL.get(kind, frozenset()):
            break
    return found


def check_step(kind: CaseKind, done: list[Step], step: Step, role: str) -> None:
    """Refuse a step out of order, not in this kind of case, or for a role that may not do it.

    >>> check_step(CaseKind.NEW, [Step.APPLY], Step.REVIEW, "county_officer")
    Traceback (most recent call last):
    zhucan.core.errors.Conflict: 新办业务当前应进行“残疾评定”，不能进行“审核”
    """
    if step not in STEPS[kind]:
        names = "、".join(s.zh for s in STEPS[kind])
        raise Conflict(
            f"{kind.zh}业务没有“{step.zh}”这一步（步骤：{names}）",
            f"a {kind.value} case has no {step.value} step",
        )
    if step in done:
        raise Conflict(f"“{step.zh}”已办理过", f"the {step.value} step is already done")
    now = allowed_now(kind, done)
    if step not in now:
        expected = "或".join(f"“{s.zh}”" for s in now)
        raise Conflict(
            f"{kind.zh}业务当前应进行{expected}，不能进行“{step.zh}”",
            f"this {kind.value} case is at {'/'.join(s.value for s in now)}, not {step.value}",
        )
    check_role(step, role)


def check_role(step: Step, role: str) -> None:
    """Refuse a role that may not do ``step`` (administrators may do every step).

    >>> check_role(Step.ISSUE, "town_worker")
    Traceback (most recent call last):
    zhucan.core.errors.Forbidden: 您的角色（town_worker）不能办理“发证”，须由县级残联经办人办理
    """
    rule = RULES[step]
    if role != ADMIN and role not in rule.roles:
        who = "、".join(_ROLE_ZH[r] for r in sorted(rule.roles))
        raise Forbidden(
            f"您的角色（{role}）不能办理“{step.zh}”，须由{who}办理",
            f"your role ({role}) may not do the {step.value} step",
        )


_ROLE_ZH = {
    "village_worker": "村（社区）专职委员",
    "town_worker": "乡镇（街道）专职委员",
    "county_officer": "县级残联经办人",
    "approver": "审批人",
}


def office_region(level: Level, region: str, target: str | None = None) -> str:
    """The 12-digit code of the office at ``level`` for a person of 户籍 ``region``.

    >>> office_region(Level.TOWN, "331102001001"), office_region(Level.COUNTY, "331102001001")
    ('331102001000', '331102000000')
    """
    if level is Level.VILLAGE:
        return region
    if level is Level.TOWN:
        return region[:9] + "000"
    return ((target or region) if level is Level.TARGET_COUNTY else region)[:6] + "000000"


def deadline(step: Step, since: date) -> date | None:
    """The last day for ``step`` when it became due on ``since`` (None: no time limit).

    >>> deadline(Step.NOTICE, date(2025, 9, 26))  # across National Day, 28 Sep worked
    datetime.date(2025, 10, 10)
    """
    days = RULES[step].working_days
    return None if days is None else add_working_days(since, days)
