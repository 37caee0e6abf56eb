"""The annual review end to end on SQLite and PostgreSQL: sheets in, counts and levy out."""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook
from sqlalchemy import Engine, select

from factories import citizen_id, person_frame, person_row
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor
from zhucan.employment.employers import declare, import_employers
from zhucan.employment.reports import noncompliant, region_report
from zhucan.employment.service import run_review, set_local_wage
from zhucan.employment.tables import review, review_employee
from zhucan.registry.rows import Provenance
from zhucan.registry.write import write_people

ADMIN = Actor("admin", "admin", "")
LIANDU = Actor("lw", "county_officer", "331102000000")
NOW = datetime(2025, 3, 1, 9)
A, B, C = "91350100M000100Y43", "91110000600037341L", "91440300708461136T"


def _csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def _setup(engine: Engine, tmp_path: Path) -> None:
    people = [
        person_row(1, grade=1),
        person_row(2, grade=3),
        person_row(3, grade=4),
        person_row(4, grade=2, certificate_issued=date(2013, 1, 1)),  # expired by 2024
    ]
    with engine.begin() as conn:
        write_people(conn, person_frame(*people), get_cipher(), Provenance("t", "t", NOW))
    employers = [
        ["统一社会信用代码", "单位名称", "所在区划代码", "在职职工人数", "职工年平均工资"],
        [A, "甲公司", "331102", 200, 80000],
        [B, "乙公司", "331102", 100, 90000],
        [C, "丙公司", "331121", 50, 60000],
    ]
    summary = import_employers(engine, _csv(tmp_path / "e.csv", employers), ADMIN, NOW)
    assert (summary.created, summary.rejected) == (3, [])
    head = ["统一社会信用代码", "残疾职工身份证号", "残疾职工姓名"]
    rows = [
        head,
        [A, citizen_id(seq=1), "张一"],  # grade 1: counts twice
        [A, citizen_id(seq=2), "王二"],  # also declared by B
        [B, citizen_id(seq=2), "王二"],
        [B, citizen_id(seq=4), "赵四"],  # certificate expired
        [B, citizen_id(seq=9), "某某"],  # not in the registry
        [C, citizen_id(seq=3), "李三"],
    ]
    result = declare(engine, _csv(tmp_path / "d.csv", rows), ADMIN, 2024, NOW)
    assert result.rejected == [] and result.created == 3
    set_local_wage(engine, ADMIN, "33", 2024, Decimal(70000))


def test_review_counts_levy_and_duplicates(engine: Engine, tmp_path: Path) -> None:
    _setup(engine, tmp_path)
    summary, results = run_review(engine, LIANDU, 2024, now=NOW)
    assert summary.employers == 2  # 丙 lies outside 莲都区
    by_id = {r["employer_id"]: r for r in results.iter_rows(named=True)}
    a, b = by_id[1], by_id[2]
    assert (a["declared"], a["counted"], a["rejected"]) == (2, 2, 1)
    # 甲: 200 × 1.5% = 3, 2 counted (1%) → (3 − 2) × 80,000 × 50% = 40,000
    assert (a["levy_fen"], a["tier"]) == (4_000_000, "pay_50pct")
    # 乙: nobody counted → 1.5 × 90,000 × 90% = 121,500
    assert (b["counted"], b["levy_fen"], b["tier"]) == (0, 12_150_000, "pay_90pct")
    with engine.connect() as conn:
        statuses = conn.execute(
            select(review_employee.c.employer_id, review_employee.c.status).order_by(
                review_employee.c.declared_employee_id
            )
        ).all()
    assert [s for _, s in statuses] == [
        "counted",
        "duplicate",
        "duplicate",
        "certificate_invalid",
        "not_found",
    ]
    listed = noncompliant(engine, LIANDU, 2024)
    reasons = {r["credit_code"]: r["reasons"] for r in listed}
    assert set(reasons[A]) == {"below_ratio", "declaration_rejected"}
    assert set(reasons[B]) == {"below_ratio", "declaration_rejected"}
    out = region_report(engine, LIANDU, 2024, tmp_path / "report.xlsx")
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["2024年分区汇总", "2024年单位明细"]
    summary_rows = book.get_sheet_by_index(0).to_python()
    assert summary_rows[1][:3] == ["331102000", 2, 2]


def test_rerun_replaces_and_undeclared_is_noncompliant(engine: Engine, tmp_path: Path) -> None:
    _setup(engine, tmp_path)
    run_review(engine, ADMIN, 2024, now=NOW)
    run_review(engine, ADMIN, 2024, now=NOW)
    with engine.connect() as conn:
        assert len(conn.execute(select(review_employee.c.id)).all()) == 6
    listed = noncompliant(engine, ADMIN, 2025)
    assert {r["credit_code"] for r in listed} == {A, B, C}
    assert all(r["reasons"] == ["not_declared"] for r in listed)


def test_declaring_again_after_the_review_makes_it_stale(engine: Engine, tmp_path: Path) -> None:
    _setup(engine, tmp_path)
    run_review(engine, ADMIN, 2024, now=NOW)
    rows = [
        ["统一社会信用代码", "残疾职工身份证号", "残疾职工姓名"],
        [A, citizen_id(seq=1), "张一"],
    ]
    again = declare(engine, _csv(tmp_path / "d2.csv", rows), ADMIN, 2024, NOW)
    assert again.rejected == [] and again.created == 1
    with engine.connect() as conn:  # 甲's review (2 people) is gone; 乙 and 丙 keep theirs
        assert len(conn.execute(select(review_employee.c.id)).all()) == 4
        assert len(conn.execute(select(review.c.id).where(review.c.year == 2024)).all()) == 2
    run_review(engine, ADMIN, 2024, now=NOW)
    with engine.connect() as conn:
        assert len(conn.execute(select(review_employee.c.id)).all()) == 5
        assert len(conn.execute(select(review.c.id).where(review.c.year == 2024)).all()) == 3
