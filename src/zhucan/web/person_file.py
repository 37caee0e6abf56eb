"""What the person file page shows, put together from the registry's scoped queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine

from zhucan.access import audit
from zhucan.access.scope import Actor
from zhucan.registry.queries import person_as_of_on, timeline_rows
from zhucan.registry.regions import full_names
from zhucan.registry.search import household_members
from zhucan.web.labels import REGION_FACTS, category_label, grade_label, kind_label, value_label
from zhucan.web.person_support import support_and_cases


def record_view(engine: Engine, actor: Actor, person_id: int) -> None:
    """Audit that ``actor`` opened the person's file (masked or not): who, whom, when."""
    audit.record_alone(engine, actor.username, "person.view", "person", str(person_id), {})


CERTIFICATE_STATES = ("无", "已注销", "有效", "已过期")


def certificate_state(state: dict[str, Any], today: date) -> str:
    """有效 / 已过期 / 已注销 / 无 as a message id (the page says it in words, not colour)."""
    if state.get("certificate_status") is None:
        return "无"
    if state["certificate_status"] != "valid":
        return "已注销"
    return "有效" if state.get("certificate_valid") else "已过期"


def person_file(conn: Connection, actor: Actor, person_id: int, lang: str) -> dict[str, Any]:
    """The state today, the household and the labelled timeline of one person (opening
    the file is audited by the caller: :func:`record_view`)."""
    today = date.today()
    state = person_as_of_on(conn, actor, person_id, today)
    timeline = timeline_rows(conn, person_id)
    household = household_members(conn, actor, state.get("household_id"), but=person_id)
    codes = {state["hukou_region"], state["residence_region"]} | {
        r["value"] for r in timeline if r["what"] in REGION_FACTS
    }
    names = full_names(conn, {c for c in codes if c})
    support = support_and_cases(conn, person_id, today)
    certificate_no = None
    if state.get("category") is not None:
        certificate_no = f"{state['citizen_id_masked']}{state['category']}{state['grade']}"
    rows = [
        {
            **r,
            "label": kind_label(r["what"], lang),
            "value_label": value_label(r["what"], r["value"], names, lang),
        }
        for r in reversed(timeline)
    ]
    return {
        "person_id": person_id,
        "state": state,
        "regions": names,
        "category": category_label(state.get("category"), lang),
        "grade": grade_label(state.get("grade"), lang),
        "certificate_no": certificate_no,
        "certificate_state": certificate_state(state, today),
        "household": household,
        "timeline": rows,
        "support": support,
        "today": today,
    }
