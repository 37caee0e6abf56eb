"""Every alert kind raised by a feed, and worked: suspend, stop, recover, dismiss."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from benefits_support import ADMIN, add_people, auto, cid, people, run, write_csv
from sqlalchemy import Engine, select

from factories import citizen_id, person_row
from zhucan.benefits.alert_work import alert_history, list_alerts, work_alert
from zhucan.benefits.feeds.formats import FeedKind
from zhucan.benefits.feeds.service import import_feed
from zhucan.benefits.tables import enrollment
from zhucan.core.errors import Conflict, InvalidValue
from zhucan.registry.snapshot import snapshot

HEAD = {
    FeedKind.PUBLIC_SECURITY: ["身份证号", "姓名", "变动类型", "变动日期", "迁入地区划代码"],
    FeedKind.CIVIL_AFFAIRS: ["身份证号", "姓名", "救助类别", "开始日期", "结束日期"],
    FeedKind.HUMAN_RESOURCES: ["身份证号", "姓名", "待遇类型", "开始日期", "结束日期"],
    FeedKind.MEDICAL_INSURANCE: ["身份证号", "姓名", "险种", "参保状态", "变动日期"],
}


def _feed(engine: Engine, tmp: Path, kind: FeedKind, rows: list[list[str]]) -> dict[str, int]:
    path = write_csv(tmp / f"{kind.value}.csv", HEAD[kind], rows)
    summary = import_feed(
        engine, ADMIN, kind, path, as_of=date(2025, 4, 20), now=datetime(2025, 4, 20, 10)
    )
    again = import_feed(
        engine, ADMIN, kind, path, as_of=date(2025, 4, 20), now=datetime(2025, 4, 21, 10)
    )
    assert again.alerts == {} and again.opened == 0  # idempotent
    return summary.alerts


def test_each_alert_kind_is_raised_by_a_feed_and_worked(engine: Engine, tmp_path: Path) -> None:
    twin = person_row(7, citizen_id=citizen_id(birth=date(1960, 5, 17), seq=77), name="测试1")
    expired = person_row(
        6, certificate_issued=date(2014, 1, 1), certificate_valid_until=date(2025, 3, 31)
    )
    add_people(engine, *people(5), expired, twin)
    auto(engine, "nursing_subsidy", "living_subsidy")
    for m in ("2025-01", "2025-02", "2025-03", "2025-04"):
        run(engine, m)
        run(engine, m, "living_subsidy")
    ps = _feed(
        engine,
        tmp_path,
        FeedKind.PUBLIC_SECURITY,
        [
            [cid(1), "测试1", "死亡", "2025-02-10", ""],
            [cid(2), "测试2", "迁出", "2025-03-15", "331121001001"],
        ],
    )
    assert ps == {"paid_after_death": 2, "moved_out": 2, "duplicate": 1}
    ca = _feed(
        engine,
        tmp_path,
        FeedKind.CIVIL_AFFAIRS,
        [[cid(3), "测试3", "低保", "2019-03-01", "2025-04-01"]],
    )
    assert ca == {"lost_dibao": 1}
    hr = _feed(
        engine,
        tmp_path,
        FeedKind.HUMAN_RESOURCES,
        [[cid(4), "测试4", "工伤保险生活护理费", "2025-01-01", ""]],
    )
    assert hr == {"overlap": 1}
    mi = _feed(
        engine,
        tmp_path,
        FeedKind.MEDICAL_INSURANCE,
        [[cid(6), "测试6", "城乡居民基本医疗保险", "参保", "2025-01-01"]],
    )
    assert mi == {"certificate": 2}
    state = snapshot(engine, date(2025, 4, 20), ADMIN, region="", person_ids=[6]).row(0, named=True)
    assert state["other_benefits"] == ["城乡居民基本医疗保险"]

    alerts = {(a["kind"], a["program"]): a for a in list_alerts(engine, ADMIN)}
    death = alerts["paid_after_death", "nursing_subsidy"]
    assert death["amount_fen"] == 2 * 10000 and "2025-03 至 2025-04" in death["detail"]
    assert (
        work_alert(engine, ADMIN, death["id"], "recover", "公安比对确认死亡")["month"] == "2025-03"
    )
    moved = alerts["moved_out", "nursing_subsidy"]
    assert work_alert(engine, ADMIN, moved["id"], "suspend", "核实迁移")["state"] == "suspended"
    assert (
        work_alert(engine, ADMIN, moved["id"], "stop", "已迁出", today=date(2025, 4, 20))["month"]
        == "2025-05"
    )  # no move date on the alert: from the month after it is worked
    overlap = alerts["overlap", "nursing_subsidy"]
    work_alert(engine, ADMIN, overlap["id"], "stop", "择一享受", today=date(2025, 4, 20))
    dup = alerts["duplicate", None]
    assert {dup["person_id"], dup["other_person_id"]} == {1, 7}
    work_alert(engine, ADMIN, dup["id"], "dismiss", "核实为两人，身份证号不同")
    with pytest.raises(Conflict):
        work_alert(engine, ADMIN, dup["id"], "stop", "again")
    with pytest.raises(InvalidValue):
        work_alert(engine, ADMIN, alerts["lost_dibao", "living_subsidy"]["id"], "stop", " ")
    assert [h["to_state"] for h in alert_history(engine, ADMIN, moved["id"])] == [
        "suspended",
        "stopped",
    ]
    with engine.connect() as conn:
        ends = dict(
            conn.execute(
                select(enrollment.c.person_id, enrollment.c.end_month).where(
                    enrollment.c.program == "nursing_subsidy", enrollment.c.end_month.is_not(None)
                )
            ).all()
        )
    assert ends == {1: "2025-03", 2: "2025-05", 4: "2025-05"}
    assert len(list_alerts(engine, ADMIN, state=None)) == 9  # nothing deleted
