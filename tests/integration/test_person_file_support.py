"""The person file shows the person's needs, services, insurance and cases, and no one else's."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine, insert
from test_web_pages import app_engine, client_for, person_id  # noqa: F401  (fixture)

from factories_web import HOUSEMATE_NAME
from zhucan.cases.tables import case_file
from zhucan.support.service_tables import insurance_enrollment, service_record
from zhucan.support.tables import need

NOW = datetime(2026, 1, 5, 9, 0)


def _record(engine: Engine, pid: int, other: int) -> None:
    year = date.today().year
    who = {"recorded_by": "test", "recorded_at": NOW}
    with engine.begin() as conn:
        conn.execute(insert(need), [
            {"person_id": pid, "year": year, "kind": "assistive_device", "source": "survey", **who},
            {"person_id": pid, "year": year - 5, "kind": "education", "source": "survey", **who},
            {"person_id": other, "year": year, "kind": "training", "source": "survey", **who},
        ])  # fmt: skip
        conn.execute(insert(service_record), [
            {"person_id": pid, "kind": "rehabilitation", "delivered_on": date(year, 1, 3),
             "provider": "莲都区康复中心", "quantity": 4, "amount": None, "source": "t", **who},
            {"person_id": other, "kind": "care", "delivered_on": date(year, 1, 3),
             "provider": "别人的托养机构", "quantity": 1, "amount": None, "source": "t", **who},
        ])  # fmt: skip
        conn.execute(insert(insurance_enrollment), [
            {"person_id": pid, "scheme": "medical", "valid_from": date(2020, 1, 1),
             "valid_to": None, "source": "t", **who},
            {"person_id": pid, "scheme": "pension", "valid_from": date(2015, 1, 1),
             "valid_to": date(2019, 1, 1), "source": "t", **who},
        ])  # fmt: skip
        conn.execute(insert(case_file).values(
            kind="petition", category="rehabilitation", region="331102001001",
            assigned_region="331102000000", person_id=pid, summary="申请康复", received_on=date(
                year, 1, 2), extension_days=0, due_on=date(year, 2, 1), escalation_level=0,
            status="accepted", source="hotline", created_by="test", created_at=NOW,
        ))  # fmt: skip


def test_person_file_lists_needs_services_insurance_and_cases(app_engine: Engine) -> None:  # noqa: F811
    client = client_for(app_engine, "county")
    pid, other = person_id(client), person_id(client, HOUSEMATE_NAME)
    _record(app_engine, pid, other)
    html = client.get(f"/persons/{pid}").text
    for text in ("需求与服务", "辅助器具", "康复服务", "莲都区康复中心", "城乡居民基本医疗保险"):
        assert text in html, text
    assert "诉求与个案" in html and "办理中" in html and 'href="/cases/' in html
    # another person's rows, a need from five years ago and lapsed insurance are not shown
    for text in ("职业培训", "别人的托养机构", "城乡居民基本养老保险"):
        assert text not in html, text
    assert ">教育<" not in html
