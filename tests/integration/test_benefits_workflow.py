"""Run steps (check, approve, export, reconcile), bank accounts, discovery, applications."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from benefits_support import (
    ADMIN,
    OTHER,
    REGION,
    add_people,
    auto,
    people,
    policies,
    run,
    write_csv,
)
from sqlalchemy import Engine, select

from factories import person_row
from zhucan.access.scope import Actor
from zhucan.benefits import applications as apps
from zhucan.benefits.bank import register_account
from zhucan.benefits.discover import discover
from zhucan.benefits.export import export_bank_file
from zhucan.benefits.run_steps import approve_run, check_run, reconcile_run
from zhucan.benefits.tables import bank_account, enrollment, work_item
from zhucan.core.errors import Forbidden
from zhucan.core.period import Month
from zhucan.registry.importing.read import read_table

JAN = Month(2025, 1)
TOWN = Actor("town", "town_worker", "331102001000")


def test_run_steps_bank_file_and_carry_over(engine: Engine, tmp_path: Path) -> None:
    add_people(engine, *people(3))
    auto(engine, "nursing_subsidy")
    for pid in (1, 2):
        register_account(engine, ADMIN, pid, "农业银行", f"测试{pid}", f"6228 4800 0000 000{pid}")
    with engine.connect() as conn:
        assert conn.execute(select(bank_account.c.account_masked)).scalars().first() == (
            "6228********0001"
        )
        assert b"6228" not in conn.execute(select(bank_account.c.account_enc)).scalars().first()
    run(engine, "2025-01")
    assert check_run(engine, ADMIN, JAN, REGION, "nursing_subsidy")["without_account"] == 1
    with pytest.raises(Forbidden, match="创建人"):
        approve_run(engine, ADMIN, JAN, REGION, "nursing_subsidy")
    assert approve_run(engine, OTHER, JAN, REGION, "nursing_subsidy")["state"] == "approved"
    with pytest.raises(Forbidden):
        export_bank_file(engine, TOWN, JAN, REGION, "nursing_subsidy", tmp_path / "x.csv")
    done = export_bank_file(engine, OTHER, JAN, REGION, "nursing_subsidy", tmp_path / "bank.csv")
    assert (done["rows"], done["total_fen"], done["without_account"]) == (2, 20000, 1)
    sheet = read_table(tmp_path / "bank.csv")
    assert "账号" in sheet.headers and sheet.rows.to_series(5)[0] == "6228480000000001"
    ids = sheet.rows.to_series(0).to_list()
    back = write_csv(
        tmp_path / "return.csv",
        ["流水号", "结果", "失败原因"],
        [[ids[0], "成功", ""], [ids[1], "失败", "账户已销户"]],
    )
    rec = reconcile_run(engine, ADMIN, JAN, REGION, "nursing_subsidy", back)
    assert (rec["paid"], rec["failed"], rec["state"]) == (1, 1, "reconciled")
    feb = run(engine, "2025-02")
    assert (feb.regular, feb.arrears, feb.new_fen) == (3, 2, 50000)  # two January lines carried


def test_xlsx_bank_file_is_audited(engine: Engine, tmp_path: Path) -> None:
    from zhucan.access.tables import audit_log

    add_people(engine, *people(1))
    auto(engine, "nursing_subsidy")
    register_account(engine, ADMIN, 1, "工商银行", "测试1", "6222020000000001")
    run(engine, "2025-01")
    check_run(engine, OTHER, JAN, REGION, "nursing_subsidy")
    approve_run(engine, OTHER, JAN, REGION, "nursing_subsidy")
    export_bank_file(engine, ADMIN, JAN, REGION, "nursing_subsidy", tmp_path / "b.xlsx", "xlsx")
    assert read_table(tmp_path / "b.xlsx").height == 1
    with engine.connect() as conn:
        actions = conn.execute(select(audit_log.c.action)).scalars().all()
    assert "payment_run.bank_file" in actions


def test_discovery_makes_town_work_items_once(engine: Engine) -> None:
    add_people(engine, *people(2), person_row(3, grade=3))
    found = discover(engine, ADMIN, REGION, date(2025, 1, 1), policies())
    assert found["new"] == 5  # 2 nursing + 3 living (all three are 低保)
    assert found["new"] == discover(engine, ADMIN, REGION, date(2025, 1, 1), policies())["found"]
    assert discover(engine, ADMIN, REGION, date(2025, 1, 1), policies())["new"] == 0
    with engine.connect() as conn:
        items = pl.DataFrame([dict(r) for r in conn.execute(select(work_item)).mappings()])
    assert set(items["town"]) == {"331102001"} and set(items["kind"]) == {"enrol"}
    assert (
        "符合：一级或二级" in items.filter(pl.col("program") == "nursing_subsidy")["explanation"][0]
    )


def test_application_received_reviewed_decided_and_enrolled(engine: Engine) -> None:
    add_people(engine, *people(1), person_row(2, grade=3))
    app = apps.submit(engine, TOWN, 1, "nursing_subsidy", date(2025, 3, 3))
    assert apps.overdue(engine, ADMIN, date(2025, 3, 19))[0]["id"] == app  # review due 03-18
    assert apps.review(engine, TOWN, app, True, "材料齐全", date(2025, 3, 10)) == "reviewed"
    decided = apps.decide_application(
        engine, OTHER, app, True, "同意", date(2025, 3, 20), policies()
    )
    assert (decided["policy"], decided["version"], decided["amount_fen"]) == (
        "test.nursing_subsidy",
        "2016",
        10000,
    )
    with engine.connect() as conn:
        start = conn.execute(select(enrollment.c.start_month)).scalar_one()
    assert start == "2025-03"
    other = apps.submit(engine, TOWN, 2, "nursing_subsidy", date(2025, 3, 3))
    apps.review(engine, TOWN, other, True, "转县审批", date(2025, 3, 4))
    with pytest.raises(Exception, match="severe"):
        apps.decide_application(engine, OTHER, other, True, "同意", date(2025, 3, 5), policies())
    assert run(engine, "2025-03").new_lines == 1  # enrolled by application, not automatic
