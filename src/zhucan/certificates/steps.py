"""Recording one step of an open case: order, role, scope, dates, assessment, completion."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection

from zhucan.access.scope import Actor, ensure_in_scope
from zhucan.certificates import records
from zhucan.certificates.assessment import Assessment
from zhucan.certificates.workflow import (
    RULES,
    CaseKind,
    CaseState,
    Step,
    check_step,
    deadline,
    next_step,
    office_region,
)
from zhucan.core.errors import Conflict, InvalidValue
from zhucan.registry.rows import Provenance

FINAL = (Step.ISSUE, Step.TRANSFER_IN, Step.CANCEL)
Apply = Callable[[Connection, dict[str, Any], dict[str, Any] | None, date, Provenance], int]


@dataclass(frozen=True)
class StepInput:
    """What the actor records: which step, on what day, rejected or not, a note, an assessment."""

    step: str
    on: date
    rejected: bool = False
    note: str | None = None
    assessment: Assessment | None = None


def parse_step(raw: str) -> Step:
    """A step from its English or Chinese name.

    >>> parse_step("公示"), parse_step("review")
    (<Step.NOTICE: 'notice'>, <Step.REVIEW: 'review'>)
    """
    for step in Step:
        if raw.strip() in (step.value, step.zh):
            return step
    names = "、".join(f"{s.value}（{s.zh}）" for s in Step)
    raise InvalidValue(f"未知的办理步骤：{raw}；可选：{names}", f"unknown step {raw}")


def _check_dates(step: Step, on: date, steps: list[dict[str, Any]], rejected: bool) -> date:
    """The day the step fell due; refuse a date before the last step or a notice cut short."""
    last: date = max(s["done_on"] for s in steps if s["done_on"] is not None)
    if on < last:
        raise InvalidValue(
            f"办理日期 {on} 早于上一步的办理日期 {last}", f"{on} is before the last step ({last})"
        )
    pending = next((s for s in steps if s["step"] == step.value and s["done_on"] is None), None)
    if pending is None:
        return last
    ends = pending["deadline"] if step is Step.NOTICE and not rejected else None
    if ends and on < ends:
        raise Conflict(
            f"公示期为 5 个工作日，至 {ends} 届满，不能提前结束公示",
            f"the public notice runs until {ends}",
        )
    due: date = pending["due_from"]
    return due


def _assessment_values(step: Step, a: Assessment | None, rejected: bool) -> dict[str, Any]:
    if step is not Step.ASSESS:
        if a is not None:
            raise InvalidValue(
                "只有“残疾评定”一步填写评定结果", "only the assess step takes results"
            )
        return {}
    if a is None:
        if rejected:
            return {}
        raise InvalidValue(
            "残疾评定须填写残疾类别、等级、评定医师和评定机构",
            "the assess step needs category, grade, physician and institution",
        )
    return {
        "category": a.category.value,
        "grade": a.grade.value,
        "components": a.components_text,
        "physician": a.physician[:100],
        "institution": a.institution[:200],
    }


def do_step(
    conn: Connection,
    actor: Actor,
    case: dict[str, Any],
    given: StepInput,
    prov: Provenance,
    apply: Apply,
) -> str:
    """Record ``given`` on ``case``; returns the case state afterwards."""
    step = parse_step(given.step)
    kind = CaseKind(case["kind"])
    scope_region = case["target_region"] if step is Step.TRANSFER_IN else case["region"]
    ensure_in_scope(actor, scope_region)
    if case["state"] != CaseState.OPEN.value:
        raise Conflict(
            f"业务 #{case['id']} 已办结（{case['state']}），不能再办理",
            f"case #{case['id']} is {case['state']}",
        )
    steps = records.load_steps(conn, case["id"])
    check_step(kind, records.done_steps(steps), step, actor.role)
    if given.rejected and step in FINAL:
        raise InvalidValue(
            f"“{step.zh}”不能驳回：不符合条件的应在审核时驳回", f"{step.value} cannot be rejected"
        )
    due_from = _check_dates(step, given.on, steps, given.rejected)
    values = {
        "done_on": given.on,
        "done_by": actor.username,
        "done_at": prov.now,
        "outcome": "rejected" if given.rejected else "done",
        "note": given.note,
        **_assessment_values(step, given.assessment, given.rejected),
    }
    office = office_region(RULES[step].level, case["region"], case["target_region"])
    records.complete_step(conn, case["id"], step, values, due_from, office)
    if given.rejected:
        records.close_case(conn, case["id"], CaseState.REJECTED, given.on, prov.now, None)
        return CaseState.REJECTED.value
    done = [*records.done_steps(steps), step]
    upcoming = next_step(kind, done)
    if upcoming is None:
        assessed = next(
            (s for s in records.load_steps(conn, case["id"]) if s["step"] == Step.ASSESS.value),
            None,
        )
        cert_id = apply(conn, case, assessed, given.on, prov)
        records.close_case(conn, case["id"], CaseState.COMPLETED, given.on, prov.now, cert_id)
        return CaseState.COMPLETED.value
    rule = RULES[upcoming]
    records.add_pending(
        conn,
        case["id"],
        upcoming,
        given.on,
        deadline(upcoming, given.on),
        office_region(rule.level, case["region"], case["target_region"]),
    )
    return CaseState.OPEN.value
