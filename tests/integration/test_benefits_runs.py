"""Payment runs: idempotent months, late facts as exact arrears and overpayments."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from benefits_support import (
    ADMIN,
    DAY,
    REGION,
    add_people,
    auto,
    cid,
    people,
    policies,
    run,
    write_csv,
)
from sqlalchemy import Engine, func, select

from factories import person_row
from zhucan.benefits.explain import explain_line
from zhucan.benefits.feeds.formats import FeedKind
from zhucan.benefits.feeds.service import import_feed
from zhucan.benefits.tables import enrollment, notification, payment_line


def _lines(engine: Engine) -> pl.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(select(payment_line).order_by(payment_line.c.id)).mappings().all()
    return pl.DataFrame([dict(r) for r in rows], infer_schema_length=None)


def test_month_is_paid_once_and_enrolment_is_automatic(engine: Engine) -> None:
    add_people(engine, *people(3), person_row(4, grade=3))
    auto(engine, "nursing_subsidy")
    first = run(engine, "2025-01")
    assert (first.new_lines, first.regular, first.new_fen, first.enrolled) == (3, 3, 30000, 3)
    again = run(engine, "2025-01")
    assert again.run_id == first.run_id and again.new_lines == 0
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(enrollment)).scalar_one() == 3
        notes = conn.execute(select(notification.c.message)).scalars().all()
    assert len(notes) == 3 and "2025-01" in notes[0] and "100.00" in notes[0]
    assert run(engine, "2025-02").new_lines == 3
    assert _lines(engine).height == 6


def test_death_reported_three_months_late_is_recovered_exactly(
    engine: Engine, tmp_path: Path
) -> None:
    add_people(engine, *people(3))
    auto(engine, "nursing_subsidy")
    for m in ("2025-01", "2025-02", "2025-03", "2025-04"):
        run(engine, m)
    feed = write_csv(
        tmp_path / "deaths.csv",
        ["身份证号", "姓名", "变动类型", "变动日期"],
        [[cid(1), "测试1", "死亡", "2025-01-15"]],
    )
    summary = import_feed(
        engine, ADMIN, FeedKind.PUBLIC_SECURITY, feed, as_of=DAY, now=datetime(2025, 4, 20, 10)
    )
    assert summary.matched == 1 and summary.alerts == {"paid_after_death": 1}
    may = run(engine, "2025-05")
    assert (may.recovery, may.regular, may.new_fen) == (3, 2, 2 * 10000 - 3 * 10000)
    lines = _lines(engine).filter((pl.col("person_id") == 1) & (pl.col("kind") == "recovery"))
    assert lines["month"].to_list() == ["2025-02", "2025-03", "2025-04"]
    assert lines["amount_fen"].to_list() == [-10000] * 3
    assert set(lines["status"]) == {"to_recover"} and set(lines["seq"]) == {1}
    reason = lines["reason"][0]
    assert "死亡" in reason and "2025-01-15" in reason and "2025-04-20" in reason
    assert "test.nursing_subsidy 版本 2016" in reason and "alive" in reason
    assert run(engine, "2025-05").new_lines == 0  # nothing twice


def test_late_dibao_approval_pays_exact_arrears(engine: Engine, tmp_path: Path) -> None:
    add_people(engine, person_row(1, assistance="none"), person_row(2))
    auto(engine, "living_subsidy")
    for m in ("2025-01", "2025-02", "2025-03"):
        assert run(engine, m, "living_subsidy").new_lines == 1
    feed = write_csv(
        tmp_path / "dibao.csv",
        ["身份证号", "姓名", "救助类别", "开始日期", "结束日期"],
        [[cid(1), "测试1", "低保", "2025-01-01", ""]],
    )
    import_feed(engine, ADMIN, FeedKind.CIVIL_AFFAIRS, feed, now=datetime(2025, 4, 10, 9))
    april = run(engine, "2025-04", "living_subsidy")
    assert (april.regular, april.arrears, april.new_fen) == (2, 3, 5 * 33600)
    arrears = _lines(engine).filter(pl.col("kind") == "arrears")
    assert arrears["person_id"].to_list() == [1] * 3
    assert arrears["month"].to_list() == ["2025-01", "2025-02", "2025-03"]
    assert arrears["amount_fen"].to_list() == [33600] * 3
    assert "低保状态：低保（2025-01-01 起）" in arrears["reason"][0]
    assert "2025-04-10" in arrears["reason"][0] and "民政比对" in arrears["reason"][0]


def test_a_payment_is_explained_down_to_policy_version_and_facts(engine: Engine) -> None:
    add_people(engine, *people(1))
    auto(engine, "nursing_subsidy")
    run(engine, "2025-01")
    line_id = int(_lines(engine)["id"][0])
    why = explain_line(engine, ADMIN, line_id, policies())
    assert (why["policy"], why["version"], why["params"]) == (
        "test.nursing_subsidy",
        "2016",
        {"nursing_standard": "100"},
    )
    assert why["facts_unchanged"] is True and len(why["facts_sha256"]) == 64
    assert why["decided_on"] == "2025-01-01" and why["amount_fen"] == 10000
    assert any("100.00" in s for s in why["explanation_zh"])


@pytest.mark.parametrize("dummy", [None])
def test_region_outside_jurisdiction_is_refused(engine: Engine, dummy: None) -> None:
    from zhucan.access.scope import Actor
    from zhucan.benefits.runs import run_payments
    from zhucan.core.errors import Forbidden
    from zhucan.core.period import Month

    county = Actor("c", "county_officer", "331121000000")
    with pytest.raises(Forbidden):
        run_payments(engine, county, Month(2025, 1), REGION, "nursing_subsidy", policies())
