"""Why each program applies or not, for a page: the person file, self-service, the calculator."""

from __future__ import annotations

from datetime import date
from typing import Any

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
