"""What the person file page shows, put together from the registry's scoped queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine

from zhucan.access import audit
from zhucan.access.scope import Actor
from zhucan.benefits.listing import person_benefit_reads, person_benefits_of
from zhucan.registry.person_state import state_of, state_reads
from zhucan.registry.queries import (
    person_region_in_scope,
    registered,
    timeline_of,
    timeline_read,
)
from zhucan.registry.regions import full_names
from zhucan.registry.search import housemates_read
from zhucan.storage.batch import read_groups
from zhucan.web.labels import REGION_FACTS, category_label, grade_label, kind_label, value_label
from zhucan.web.person_support import support_of, support_reads


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


def person_file(
    conn: Connection, actor: Actor, person_id: int, lang: str, benefits: bool = False
) -> dict[str, Any]:
    """The state today, the household and the labelled timeline of one person, with
    their benefits if asked (opening the file is audited by the caller:
    :func:`record_view`).

    Once the person is known to be in the actor's jurisdiction, the reads that do not
    depend on each other go to the database together (:mod:`storage.batch`)."""
    today = date.today()
    person_region_in_scope(conn, actor, person_id)
    state_rows, (timeline_rows, household), support_rows, benefit_rows = read_groups(
        conn,
        state_reads(actor, person_id, today),
        [timeline_read(person_id), housemates_read(actor, person_id)],
        support_reads(person_id, today),
        person_benefit_reads(actor, person_id) if benefits else [],
    )
    state = registered(state_of(state_rows, today), today)
    timeline = timeline_of(timeline_rows)
    codes = {state["hukou_region"], state["residence_region"]} | {
        r["value"] for r in timeline if r["what"] in REGION_FACTS
    }
    names = full_names(conn, {c for c in codes if c})
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
        "support": support_of(support_rows),
        "benefits": person_benefits_of(benefit_rows) if benefits else None,
        "today": today,
    }
