"""Explain one payment line: policy, version, parameters, the facts it was decided on."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, select

from zhucan.access.scope import SYSTEM, Actor, ensure_in_scope
from zhucan.benefits.entitle import facts_sha256
from zhucan.benefits.rules import decision_day
from zhucan.benefits.tables import payment_line, payment_run
from zhucan.core.errors import NotFound
from zhucan.core.period import Month
from zhucan.policy.explain import explain_person
from zhucan.policy.loader import load_policies
from zhucan.policy.policy_set import PolicySet
from zhucan.registry.snapshot import snapshot


def explain_line(
    engine: Engine, actor: Actor, line_id: int, policies: PolicySet | None = None
) -> dict[str, Any]:
    """The line, its run, the rules used and whether today's facts for the month still match."""
    with engine.connect() as conn:
        line = conn.execute(select(payment_line).where(payment_line.c.id == line_id)).first()
        if line is None:
            raise NotFound(f"没有发放明细 #{line_id}", f"no payment line #{line_id}")
        ensure_in_scope(actor, line.region)
        run = conn.execute(select(payment_run).where(payment_run.c.id == line.run_id)).one()
    day = decision_day(Month.parse(line.month))
    snap = snapshot(engine, day, SYSTEM, region="", person_ids=[line.person_id])
    now_hash = facts_sha256(snap)[0] if snap.height else None
    account = (
        explain_person(policies or load_policies(), snap.row(0, named=True), day, line.program)
        if snap.height
        else None
    )
    return {
        "line_id": line.id,
        "run_id": run.id,
        "run_state": run.state,
        "person_id": line.person_id,
        "program": line.program,
        "month": line.month,
        "decided_on": str(day),
        "kind": line.kind,
        "amount_fen": line.amount_fen,
        "entitled_fen": line.entitled_fen,
        "booked_fen": line.booked_fen,
        "policy": line.policy,
        "version": line.version,
        "params": json.loads(line.params) if line.params else None,
        "facts_sha256": line.facts_sha256,
        "status": line.status,
        "reason": line.reason,
        "facts_unchanged": now_hash == line.facts_sha256,
        "explanation_zh": account.lines_zh() if account else [],
    }
