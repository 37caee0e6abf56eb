"""The person file's benefit sections: enrolments and payments, and why each program applies."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection

from zhucan.access.scope import Actor
from zhucan.benefits.listing import person_benefits
from zhucan.core.errors import ZhucanError
from zhucan.policy.explain import ProgramExplanation, explain_person
from zhucan.policy.policy_set import PolicySet


def entitlement(e: ProgramExplanation) -> dict[str, Any]:
    """One program's verdict with its reasons, for a page."""
    return {
        "program": e.program,
        "policy": e.policy,
        "policy_name": e.policy_name,
        "version": e.version,
        "eligible": e.eligible,
        "amount_fen": e.amount_fen,
        "checks": e.checks,
        "parameters": e.parameters,
        "formula": e.formula,
        "formula_numbers": e.formula_numbers,
    }


def explain_all(
    policies: PolicySet, facts: dict[str, Any], day: date, lang: str
) -> list[dict[str, Any]]:
    """Every person program explained for one person's facts (an error shown per program)."""
    out = []
    for program in policies.programs("person"):
        try:
            out.append(entitlement(explain_person(policies, facts, day, program)))
        except ZhucanError as exc:
            out.append({"program": program, "policy": None, "error": exc.message(lang)})
    return out


def benefit_sections(
    conn: Connection,
    actor: Actor,
    person_id: int,
    policies: PolicySet,
    lang: str,
    facts: dict[str, Any],
) -> dict[str, Any]:
    """Enrolments, applications and payment lines, and today's verdict for every program.

    ``facts`` is the person's snapshot row today; the caller has checked that the person
    is in the actor's jurisdiction.
    """
    return {
        "benefits": person_benefits(conn, actor, person_id),
        "entitlements": explain_all(policies, facts, date.today(), lang),
    }
