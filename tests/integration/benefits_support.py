"""Helpers for the benefits tests: fixed test policies, people, feeds and runs."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from factories import citizen_id, person_frame, person_row
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor
from zhucan.benefits.runs import RunSummary, run_payments
from zhucan.benefits.settings import set_auto_enrol
from zhucan.core.period import Month
from zhucan.policy.loader import parse_document
from zhucan.policy.policy_set import PolicySet
from zhucan.registry.rows import Provenance
from zhucan.registry.write import write_people

ADMIN = Actor("officer_a", "admin", "")
OTHER = Actor("officer_b", "county_officer", "331102000000")
REGION = "331102"

NURSING = """
id: test.nursing_subsidy
program: nursing_subsidy
kind: payment
subject: person
name: {zh: 护理补贴（测试）}
jurisdiction: ""
parameters:
  nursing_standard:
    {zh: 标准, type: decimal, unit: 元/月, values: [{from: 2016-01-01, value: "100"}]}
versions:
  - id: "2016"
    effective_from: 2016-01-01
    eligibility:
      - {id: certificate, when: certificate_valid, zh: 持有效残疾人证}
      - {id: alive, when: alive, zh: 本人在世}
      - {id: severe, when: 'grade in (1, 2)', zh: 一级或二级}
      - {id: long_term_care, when: needs_long_term_care, zh: 需长期照护}
    exclusions:
      - {id: injury_care, when: 'has(other_benefits, "工伤保险生活护理费")',
         zh: 已享受工伤保险生活护理费}
    amount: round_yuan(nursing_standard)
"""
LIVING = """
id: test.living_subsidy
program: living_subsidy
kind: payment
subject: person
name: {zh: 生活补贴（测试）}
jurisdiction: ""
parameters:
  living_standard:
    {zh: 标准, type: decimal, unit: 元/月, values: [{from: 2016-01-01, value: "336"}]}
versions:
  - id: "2016"
    effective_from: 2016-01-01
    eligibility:
      - {id: certificate, when: certificate_valid, zh: 持有效残疾人证}
      - {id: alive, when: alive, zh: 本人在世}
      - {id: dibao, when: 'assistance in ("dibao", "dibao_edge", "tekun")', zh: 低保或特困}
    amount: round_yuan(living_standard)
"""


def policies() -> PolicySet:
    """The two test documents: nursing 100 元/月, living 336 元/月."""
    return PolicySet.of([parse_document(NURSING, "nursing.yaml"), parse_document(LIVING, "l.yaml")])


def add_people(engine: Engine, *rows: dict[str, Any]) -> None:
    """Write people (person_row dicts) as recorded on 2024-12-01."""
    with engine.begin() as conn:
        write_people(
            conn, person_frame(*rows), get_cipher(), Provenance("test", "t", datetime(2024, 12, 1))
        )


def people(n: int, **overrides: Any) -> list[dict[str, Any]]:
    """``n`` severe, care-needing 低保 people in 莲都区 with certificates from 2019."""
    return [person_row(i, grade=1, **overrides) for i in range(1, n + 1)]


def auto(engine: Engine, *programs: str) -> None:
    """Enrol these programs automatically."""
    for p in programs:
        set_auto_enrol(engine, ADMIN, p, True)


def run(engine: Engine, month: str, program: str = "nursing_subsidy", **kw: Any) -> RunSummary:
    """A run of ``month`` created on its 5th day."""
    m = Month.parse(month)
    now = datetime(m.year, m.month, 5, 9)
    return run_payments(engine, ADMIN, m, REGION, program, policies(), now=now, **kw)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """A UTF-8 CSV feed file."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def cid(seq: int) -> str:
    """The citizen ID of test person ``seq``."""
    return citizen_id(seq=seq)


DAY = date(2025, 4, 20)
