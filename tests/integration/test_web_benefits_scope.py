"""Benefits records of the person outside 莲都区, and the scoping requests of the benefits,
policy and calculator pages (used by ``test_web_scope``).

No tests here: the seed and the requests only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from benefits_support import policies
from sqlalchemy import Engine, func, select

from factories_web import OUTSIDE_NAME
from zhucan.access.scope import SYSTEM, Actor, Role
from zhucan.benefits.applications import submit
from zhucan.benefits.discover import discover
from zhucan.benefits.runs import run_payments
from zhucan.benefits.settings import set_auto_enrol
from zhucan.benefits.tables import alert, application, payment_line, payment_run, work_item
from zhucan.core.period import Month
from zhucan.registry.tables import person

OUTSIDE_DETAIL = "青田外县预警详情"
SECRETS = (OUTSIDE_DETAIL,)
QINGTIAN = Actor("qingtian", Role.COUNTY_OFFICER, "331121000000")
REFORM = "chongqing.banan.nursing_subsidy_reform"


def seed_benefits(engine: Engine) -> dict[str, int]:
    """An application, a work item, an alert, a run and a line of the outside person."""
    with engine.connect() as conn:
        outside = conn.execute(
            select(person.c.id).where(person.c.name == OUTSIDE_NAME)
        ).scalar_one()
    discover(engine, QINGTIAN, "331121", date(2025, 1, 2), policies())
    app_id = submit(engine, QINGTIAN, outside, "living_subsidy", date(2025, 1, 10))
    set_auto_enrol(engine, SYSTEM, "nursing_subsidy", True)
    run = run_payments(engine, QINGTIAN, Month.parse("2025-01"), "331121", "nursing_subsidy",
                       policies())  # fmt: skip
    now = datetime(2025, 2, 1)
    with engine.begin() as conn:
        conn.execute(
            alert.insert().values(
                id=900, kind="lost_dibao", person_id=outside, region="331121001001",
                detail=OUTSIDE_DETAIL, dedup_key="outside", state="open", source="test",
                raised_at=now, updated_at=now,
            )
        )  # fmt: skip
        line = conn.execute(
            select(payment_line.c.id).where(payment_line.c.person_id == outside)
        ).scalar_one()
    return {"application": app_id, "alert": 900, "run": run.run_id, "line": line}


def benefits_state(engine: Engine) -> tuple[Any, ...]:
    """Everything about the outside area's benefits that a request could change."""
    outside = "331121%"
    with engine.connect() as conn:
        return (
            conn.execute(select(application.c.state).where(application.c.region.like(outside)))
            .scalars()
            .all(),
            conn.execute(select(alert.c.state).where(alert.c.region.like(outside))).scalars().all(),
            conn.execute(select(payment_run.c.state).where(payment_run.c.region == "331121"))
            .scalars()
            .all(),
            conn.execute(
                select(func.count()).where(payment_line.c.region.like(outside))
            ).scalar_one(),
            conn.execute(select(func.count()).where(work_item.c.region.like(outside))).scalar_one(),
        )


Call = Callable[[Any], list[Any]]
ANSWERS = {"code": "331121", "age": "40", "category": "4", "grade": "1"}


def _post(c: Any, path: str, **data: Any) -> list[Any]:
    return [c.client.post(path, data={**data, "csrf_token": c.token()})]


BENEFIT_REQUESTS: dict[tuple[str, str], Call] = {
    ("GET", "/benefits"): lambda c: [c.client.get("/benefits")],
    ("GET", "/benefits/applications"): lambda c: [
        c.client.get("/benefits/applications", params={"state": s}) for s in ("", "received")
    ],
    ("POST", "/benefits/applications"): lambda c: _post(
        c, "/benefits/applications", person_id=c.outside, program="nursing_subsidy"
    ),
    ("GET", "/benefits/applications/{app_id}"): lambda c: [
        c.client.get(f"/benefits/applications/{c.benefits['application']}")
    ],
    ("POST", "/benefits/applications/{app_id}/review"): lambda c: _post(
        c, f"/benefits/applications/{c.benefits['application']}/review", outcome="no", reason="x"
    ),
    ("POST", "/benefits/applications/{app_id}/decide"): lambda c: _post(
        c, f"/benefits/applications/{c.benefits['application']}/decide", outcome="no", reason="x"
    ),
    ("GET", "/benefits/work-items"): lambda c: [c.client.get("/benefits/work-items")],
    ("POST", "/benefits/work-items/discover"): lambda c: _post(c, "/benefits/work-items/discover"),
    ("GET", "/benefits/runs"): lambda c: [c.client.get("/benefits/runs")],
    ("POST", "/benefits/runs"): lambda c: _post(
        c, "/benefits/runs", period="2025-02", program="nursing_subsidy"
    ),
    ("GET", "/benefits/runs/{run_id}"): lambda c: [
        c.client.get(f"/benefits/runs/{c.benefits['run']}")
    ],
    **{
        ("POST", f"/benefits/runs/{{run_id}}/{step}"): (
            lambda c, step=step: _post(c, f"/benefits/runs/{c.benefits['run']}/{step}")
        )
        for step in ("check", "approve", "export", "reconcile")
    },
    ("GET", "/benefits/lines/{line_id}"): lambda c: [
        c.client.get(f"/benefits/lines/{c.benefits['line']}")
    ],
    ("GET", "/benefits/alerts"): lambda c: [
        c.client.get("/benefits/alerts", params={"state": s}) for s in ("", "open")
    ],
    ("GET", "/benefits/alerts/{alert_id}"): lambda c: [
        c.client.get(f"/benefits/alerts/{c.benefits['alert']}")
    ],
    ("POST", "/benefits/alerts/{alert_id}/work"): lambda c: _post(
        c, f"/benefits/alerts/{c.benefits['alert']}/work", action="stop", reason="越权"
    ),
    ("GET", "/policies"): lambda c: [c.client.get("/policies")],
    ("GET", "/policies/documents/{doc_id}"): lambda c: [
        c.client.get("/policies/documents/zhejiang.living_subsidy")
    ],
    ("GET", "/policies/simulate"): lambda c: [
        c.client.get(
            "/policies/simulate",
            params={"reform": REFORM, "region": "331121", "as_of": "2025-06-01"},
        )
    ],
    ("GET", "/calculator"): lambda c: [c.client.get("/calculator")],
    ("POST", "/calculator"): lambda c: _post(c, "/calculator", **ANSWERS),
}
# Routes aimed at the outside person's records: refused outright for every role.
BENEFIT_REFUSED = {
    ("POST", "/benefits/applications"),
    ("GET", "/benefits/applications/{app_id}"),
    ("POST", "/benefits/applications/{app_id}/review"),
    ("POST", "/benefits/applications/{app_id}/decide"),
    ("GET", "/benefits/runs/{run_id}"),
    ("POST", "/benefits/runs/{run_id}/check"),
    ("POST", "/benefits/runs/{run_id}/approve"),
    ("POST", "/benefits/runs/{run_id}/export"),
    ("POST", "/benefits/runs/{run_id}/reconcile"),
    ("GET", "/benefits/lines/{line_id}"),
    ("GET", "/benefits/alerts/{alert_id}"),
    ("POST", "/benefits/alerts/{alert_id}/work"),
    ("GET", "/policies/simulate"),
}
