"""A case as staff see it: steps with deadlines and responsible offices, the next step."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection

from zhucan.certificates.records import (
    current_certificate,
    done_steps,
    load_case,
    load_steps,
    person_row,
)
from zhucan.certificates.workflow import RULES, CaseKind, CaseState, Level, Step, allowed_now
from zhucan.registry.regions import region_name

_LEVEL_ZH = {
    Level.VILLAGE: "村（社区）",
    Level.TOWN: "乡镇（街道）",
    Level.COUNTY: "县级残联",
    Level.TARGET_COUNTY: "迁入地县级残联",
}


def office_name(conn: Connection, code: str, level: Level) -> str:
    """The federation office of region ``code``, e.g. 莲都区残疾人联合会."""
    name = region_name(conn, code)
    if name is None:
        return f"{_LEVEL_ZH[level]}（{code}）"
    return name + ("残疾人协会" if level is Level.VILLAGE else "残疾人联合会")


def certificate_no_masked(masked_id: str, category: int, grade: int) -> str:
    """The certificate number with the citizen ID part masked.

    >>> certificate_no_masked("331102********0013", 4, 2)
    '331102********001342'
    """
    return f"{masked_id}{category}{grade}"


def _step_json(conn: Connection, row: dict[str, Any]) -> dict[str, Any]:
    step = Step(row["step"])
    rule = RULES[step]
    return {
        "step": step.value,
        "step_zh": step.zh,
        "due_from": row["due_from"],
        "deadline": row["deadline"],
        "basis": rule.basis,
        "office_region": row["office_region"],
        "office": office_name(conn, row["office_region"], rule.level),
        "done_on": row["done_on"],
        "done_by": row["done_by"],
        "outcome": row["outcome"],
        "note": row["note"],
        "category": row["category"],
        "grade": row["grade"],
        "components": row["components"],
        "physician": row["physician"],
        "institution": row["institution"],
    }


def case_view(conn: Connection, case_id: int, today: date) -> dict[str, Any]:
    """Everything about one case (callers check scope first)."""
    case = load_case(conn, case_id)
    who = person_row(conn, case["person_id"])
    steps = load_steps(conn, case_id)
    kind = CaseKind(case["kind"])
    state = CaseState(case["state"])
    upcoming = allowed_now(kind, done_steps(steps)) if state is CaseState.OPEN else []
    cert = current_certificate(conn, case["person_id"], case["closed_on"] or today)
    return {
        "id": case["id"],
        "kind": kind.value,
        "kind_zh": kind.zh,
        "state": state.value,
        "person_id": who["id"],
        "name": who["name"],
        "citizen_id_masked": who["citizen_id_masked"],
        "region": case["region"],
        "office_region": case["office_region"],
        "office": office_name(conn, case["office_region"], Level.COUNTY),
        "target_region": case["target_region"],
        "reason": case["reason"],
        "event_date": case["event_date"],
        "opened_on": case["opened_on"],
        "closed_on": case["closed_on"],
        "note": case["note"],
        "created_by": case["created_by"],
        "next_steps": [s.value for s in upcoming],
        "steps": [_step_json(conn, s) for s in steps],
        "certificate": None
        if cert is None
        else {
            "id": cert.id,
            "number_masked": certificate_no_masked(
                who["citizen_id_masked"], cert.category, cert.grade
            ),
            "category": cert.category,
            "grade": cert.grade,
            "issued": cert.issued,
            "valid_until": cert.valid_until,
            "status": cert.status,
        },
    }
