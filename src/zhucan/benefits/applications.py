"""Applications: 受理 (received) → 审核 (town review) → 审批 (county decision), with deadlines.

A decision records the policy, version, parameter values and the SHA-256 of the facts it
used; an approval enrols the person from the month the application was received
(自受理当月起计发) and notifies them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import polars as pl
from sqlalchemy import ColumnElement, Connection, Engine, select, update

from zhucan.access import audit
from zhucan.access.scope import SYSTEM, Actor, Role, ensure_in_scope, scope_clause
from zhucan.benefits.enrol_auto import write_enrolments
from zhucan.benefits.entitle import decide, facts_sha256
from zhucan.benefits.rules import decision_due, review_due
from zhucan.benefits.runs import ensure_role
from zhucan.benefits.states import OPEN_APPLICATION
from zhucan.benefits.states import ApplicationState as S
from zhucan.benefits.tables import application, application_event
from zhucan.core.errors import Conflict, InvalidValue, NotFound
from zhucan.core.period import Month
from zhucan.policy.loader import load_policies
from zhucan.policy.policy_set import PolicySet
from zhucan.registry.queries import person_region_in_scope
from zhucan.registry.rows import next_id
from zhucan.registry.snapshot import snapshot

TOWN = frozenset({Role.ADMIN, Role.COUNTY_OFFICER, Role.TOWN_WORKER, Role.VILLAGE_WORKER})
COUNTY = frozenset({Role.ADMIN, Role.COUNTY_OFFICER, Role.APPROVER})
SELF_SERVICE = "self_service"
SELF = TOWN | {Role.PERSON}


def _event(
    conn: Connection,
    app_id: int,
    step: str,
    outcome: str,
    reason: str | None,
    actor: Actor,
    now: datetime,
) -> None:
    conn.execute(
        application_event.insert().values(
            id=next_id(conn, application_event.c.id),
            application_id=app_id,
            step=step,
            outcome=outcome,
            reason=reason,
            by=actor.username,
            at=now,
        )
    )


def submit(
    engine: Engine,
    actor: Actor,
    person_id: int,
    program: str,
    received_on: date,
    channel: str = "worker",
) -> int:
    """Receive (受理) an application; the town must review it by ``review_due``.

    A person account may apply for itself through the ``self_service`` channel (the web
    layer passes only that account's own person).
    """
    roles = SELF if channel == SELF_SERVICE else TOWN
    ensure_role(actor, roles, "受理申请", "receive applications")
    now = datetime.now()
    with engine.begin() as conn:
        region = person_region_in_scope(conn, actor, person_id)
        open_ = conn.execute(
            select(application.c.id).where(
                application.c.person_id == person_id,
                application.c.program == program,
                application.c.state.in_(sorted(OPEN_APPLICATION)),
            )
        ).first()
        if open_:
            raise Conflict(
                f"此人已有在办的申请 #{open_[0]}", f"an application is open: #{open_[0]}"
            )
        app_id = next_id(conn, application.c.id)
        conn.execute(
            application.insert().values(
                id=app_id,
                person_id=person_id,
                program=program,
                region=region,
                state=S.RECEIVED,
                channel=channel,
                applied_by=actor.username,
                received_on=received_on,
                review_due=review_due(received_on),
                created_at=now,
                updated_at=now,
            )
        )
        _event(conn, app_id, "receive", "received", None, actor, now)
        audit.record(
            conn,
            actor.username,
            "application.receive",
            "application",
            str(app_id),
            {"person_id": person_id, "program": program},
        )
    return app_id


def _load(conn: Connection, actor: Actor, app_id: int, state: S) -> Any:
    row = conn.execute(select(application).where(application.c.id == app_id)).first()
    if row is None:
        raise NotFound(f"没有申请 #{app_id}", f"no application #{app_id}")
    ensure_in_scope(actor, row.region)
    if row.state != state:
        raise Conflict(
            f"申请 #{app_id} 的状态是 {row.state}，此步骤需要 {state.value}",
            f"application #{app_id} is {row.state}; this step needs {state.value}",
        )
    return row


def review(engine: Engine, actor: Actor, app_id: int, passed: bool, reason: str, on: date) -> str:
    """The town's review (审核): passed on to the county, or rejected with a reason."""
    ensure_role(actor, TOWN, "审核申请", "review applications")
    if not reason.strip():
        raise InvalidValue("审核意见不能为空", "a review needs a reason")
    now = datetime.now()
    with engine.begin() as conn:
        _load(conn, actor, app_id, S.RECEIVED)
        state = S.REVIEWED if passed else S.REJECTED
        conn.execute(
            update(application)
            .where(application.c.id == app_id)
            .values(
                state=state,
                reviewed_on=on,
                decision_due=decision_due(on) if passed else None,
                reason=None if passed else reason,
                updated_at=now,
            )
        )
        _event(conn, app_id, "review", state.value, reason, actor, now)
    return state.value


def decide_application(
    engine: Engine,
    actor: Actor,
    app_id: int,
    approve: bool,
    reason: str,
    on: date,
    policies: PolicySet | None = None,
) -> dict[str, Any]:
    """The county's decision (审批), recorded with the rules and facts it rests on."""
    ensure_role(actor, COUNTY, "审批申请", "decide applications")
    policies = policies or load_policies()
    with engine.connect() as conn:
        row = _load(conn, actor, app_id, S.REVIEWED)
    snap = snapshot(engine, row.received_on, SYSTEM, region="", person_ids=[row.person_id])
    dec = decide(policies, snap, row.received_on, row.program)
    if dec.is_empty():
        raise Conflict(
            "受理之日此人不在名册中", "the person was not registered on the day received"
        )
    d = dec.row(0, named=True)
    if approve and not d["eligible"]:
        raise Conflict(
            f"受理之日不符合条件（{'、'.join(d['failed'])}），不能批准",
            f"not eligible on the day received ({', '.join(d['failed'])})",
        )
    state, now = (S.APPROVED if approve else S.REJECTED), datetime.now()
    with engine.begin() as conn:
        _load(conn, actor, app_id, S.REVIEWED)
        conn.execute(
            update(application)
            .where(application.c.id == app_id)
            .values(
                state=state,
                decided_on=on,
                decided_by=actor.username,
                reason=reason,
                policy=d["policy"],
                version=d["version"],
                params=d["params"],
                facts_sha256=facts_sha256(snap)[0],
                amount_fen=d["amount_fen"],
                updated_at=now,
            )
        )
        _event(conn, app_id, "decide", state.value, reason, actor, now)
        if approve:
            new = pl.DataFrame(
                {
                    "person_id": [row.person_id],
                    "region": [row.region],
                    "start_month": [str(Month.of(row.received_on))],
                    "amount_fen": [d["amount_fen"]],
                }
            )
            write_enrolments(conn, new, row.program, f"application:#{app_id}", actor, now)
        audit.record(
            conn,
            actor.username,
            "application.decide",
            "application",
            str(app_id),
            {"state": state.value, "policy": d["policy"], "version": d["version"]},
        )
    return {
        "application_id": app_id,
        "state": state.value,
        **{k: d[k] for k in ("eligible", "amount_fen", "policy", "version", "params", "failed")},
    }


def late(today: date) -> ColumnElement[bool]:
    """Applications past their review or decision deadline on ``today``."""
    return ((application.c.state == S.RECEIVED) & (application.c.review_due < today)) | (
        (application.c.state == S.REVIEWED) & (application.c.decision_due < today)
    )


def overdue(engine: Engine, actor: Actor, today: date) -> list[dict[str, Any]]:
    """Applications past their review or decision deadline."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(application).where(late(today), scope_clause(application.c.region, actor))
        )
        return [dict(r) for r in rows.mappings()]
