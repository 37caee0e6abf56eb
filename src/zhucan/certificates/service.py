"""Certificate use cases: open a case, record its steps, withdraw it, show it.

Every use case checks the actor's role for the step and their jurisdiction over the
person (for the receiving step of a transfer, over the new 户籍), runs in one transaction
and leaves one audit row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine

from zhucan.access import audit
from zhucan.access.scope import Actor, ensure_in_scope, in_scope
from zhucan.certificates import records
from zhucan.certificates.applicants import Applicant, register_applicant
from zhucan.certificates.assessment import Assessment
from zhucan.certificates.outcome import apply_case
from zhucan.certificates.preconditions import check_details, check_person
from zhucan.certificates.request import CaseRequest, check_date, parse_kind
from zhucan.certificates.steps import StepInput, do_step
from zhucan.certificates.tables import certificate_case
from zhucan.certificates.view import case_view
from zhucan.certificates.workflow import (
    RULES,
    CaseKind,
    CaseState,
    Level,
    Step,
    check_role,
    deadline,
    next_step,
    office_region,
)
from zhucan.core.errors import Conflict, InvalidValue, NotFound
from zhucan.registry.queries import find_person_id
from zhucan.registry.rows import Provenance, next_id
from zhucan.storage.locks import take_write_lock

__all__ = ["Applicant", "Assessment", "CaseRequest", "open_case", "record_step", "show_case"]


def _person(
    conn: Connection, actor: Actor, req: CaseRequest, kind: CaseKind, prov: Provenance
) -> int:
    try:
        return find_person_id(conn, actor, req.who)
    except NotFound:
        if kind is not CaseKind.NEW:
            raise
        if req.applicant is None:
            raise InvalidValue(
                "名册中没有此人：首次申领须同时填写姓名和户籍区划（--name、--hukou-region）",
                "not in the registry: a first application needs the name and 户籍 region",
            ) from None
        return register_applicant(conn, actor, req.who, req.applicant, req.on, prov)


def open_case(engine: Engine, actor: Actor, req: CaseRequest) -> dict[str, Any]:
    """Take an application (申请受理): the case opens with its first step done."""
    kind = parse_kind(req.kind)
    check_role(Step.APPLY, actor.role)
    check_date(req.on)
    now = datetime.now()
    with engine.begin() as conn:
        take_write_lock(conn, "registry")
        case_id = next_id(conn, certificate_case.c.id)
        prov = Provenance(f"certificate_case:{case_id}", actor.username, now)
        person_id = _person(conn, actor, req, kind, prov)
        region = records.person_row(conn, person_id)["region"]
        ensure_in_scope(actor, region)
        records.refuse_second_case(conn, person_id)
        details = check_details(kind, req.on, req.reason, req.event_date, req.target_region, region)
        check_person(conn, kind, person_id, req.on)
        level = Level.TARGET_COUNTY if kind is CaseKind.TRANSFER else Level.COUNTY
        records.insert_case(
            conn,
            {
                "id": case_id,
                "person_id": person_id,
                "kind": kind.value,
                "state": CaseState.OPEN.value,
                "region": region,
                "office_region": office_region(level, region, details.target_region),
                "target_region": details.target_region,
                "reason": details.reason,
                "event_date": details.event_date,
                "opened_on": req.on,
                "note": req.note,
                "created_by": actor.username,
                "created_at": now,
                "updated_at": now,
            },
        )
        apply_office = office_region(RULES[Step.APPLY].level, region)
        records.add_pending(conn, case_id, Step.APPLY, req.on, None, apply_office)
        records.complete_step(
            conn,
            case_id,
            Step.APPLY,
            {"done_on": req.on, "done_by": actor.username, "done_at": now, "outcome": "done"},
            req.on,
            apply_office,
        )
        upcoming = next_step(kind, [Step.APPLY])
        assert upcoming is not None
        rule = RULES[upcoming]
        records.add_pending(
            conn,
            case_id,
            upcoming,
            req.on,
            deadline(upcoming, req.on),
            office_region(rule.level, region, details.target_region),
        )
        audit.record(
            conn,
            actor.username,
            "certificate_case.open",
            "certificate_case",
            str(case_id),
            {"kind": kind.value, "person_id": person_id, "on": req.on, "reason": details.reason},
        )
        return case_view(conn, case_id, req.on)


def record_step(
    engine: Engine,
    actor: Actor,
    case_id: int,
    step: str,
    on: date,
    *,
    rejected: bool = False,
    note: str | None = None,
    assessment: Assessment | None = None,
) -> dict[str, Any]:
    """Record a step as done (or the case as rejected at it); the last step updates the registry."""
    check_date(on)
    now = datetime.now()
    with engine.begin() as conn:
        take_write_lock(conn, "registry")
        case = records.load_case(conn, case_id)
        prov = Provenance(f"certificate_case:{case_id}", actor.username, now)
        result = do_step(
            conn, actor, case, StepInput(step, on, rejected, note, assessment), prov, apply_case
        )
        audit.record(
            conn,
            actor.username,
            f"certificate_case.{'reject' if rejected else 'step'}",
            "certificate_case",
            str(case_id),
            {"step": step, "on": on, "state": result, "note": note},
        )
        return case_view(conn, case_id, on)


def withdraw_case(
    engine: Engine, actor: Actor, case_id: int, on: date, note: str | None = None
) -> dict[str, Any]:
    """Withdraw an open case (申请人撤回), by those who may take applications."""
    check_role(Step.APPLY, actor.role)
    check_date(on)
    now = datetime.now()
    with engine.begin() as conn:
        take_write_lock(conn, "registry")
        case = records.load_case(conn, case_id)
        ensure_in_scope(actor, case["region"])
        if case["state"] != CaseState.OPEN.value:
            raise Conflict(f"业务 #{case_id} 已办结", f"case #{case_id} is closed")
        records.close_case(conn, case_id, CaseState.WITHDRAWN, on, now, None)
        audit.record(
            conn,
            actor.username,
            "certificate_case.withdraw",
            "certificate_case",
            str(case_id),
            {"on": on, "note": note},
        )
        return case_view(conn, case_id, on)


def show_case(engine: Engine, actor: Actor, case_id: int) -> dict[str, Any]:
    """One case with its steps, if it lies in the actor's jurisdiction."""
    with engine.connect() as conn:
        case = records.load_case(conn, case_id)
        regions = (case["region"], case["target_region"])
        if not any(r and in_scope(actor, r) for r in regions):
            ensure_in_scope(actor, case["region"])
        return case_view(conn, case_id, date.today())
