"""The subsidy coverages decide eligibility on the indicator state, not on a registry snapshot:
both must find the same people eligible, month by month, as facts change."""

from __future__ import annotations

import random
from datetime import date, datetime

import polars as pl
from sqlalchemy import Engine
from tests.factories import citizen_id, person_frame, person_row

from zhucan.access.crypto import get_cipher
from zhucan.access.scope import SYSTEM
from zhucan.indicators.definitions import load_definitions
from zhucan.indicators.program_counts import PROGRAMS
from zhucan.indicators.service import indicator_series
from zhucan.policy.evaluate import ELIGIBLE, PERSON, column, decide
from zhucan.policy.loader import load_policies
from zhucan.registry.facts import FactKind
from zhucan.registry.rows import Provenance
from zhucan.registry.snapshot import snapshot
from zhucan.registry.tables import region
from zhucan.registry.write import record_fact, write_people
from zhucan.storage.bulk import read_frame

TOWNS = ("331102001", "331102002")
PROV = Provenance("test", "t", datetime(2020, 1, 1))


def _world(engine: Engine, n: int = 160) -> None:
    """``n`` people whose facts bear on both subsidies, many changing during 2022–2024."""
    rnd = random.Random(7)
    rows = []
    for seq in range(1, n + 1):
        birth = date(rnd.randint(1955, 2010), rnd.randint(1, 12), rnd.randint(1, 28))
        issued = date(rnd.randint(2012, 2023), rnd.randint(1, 12), 1)
        rows.append(
            person_row(
                seq,
                citizen_id=citizen_id(birth=birth, seq=seq),
                birth_date=birth,
                hukou_region=f"{rnd.choice(TOWNS)}00{rnd.randint(1, 2)}",
                category=rnd.randint(1, 7),
                grade=rnd.randint(1, 4),
                assistance=rnd.choice(("none", "none", "dibao", "dibao_edge", "tekun")),
                needs_long_term_care=rnd.random() < 0.5,
                certificate_issued=issued,
                certificate_valid_until=date(issued.year + rnd.choice((3, 10)), issued.month, 1),
                certificate_status=rnd.choice(("valid",) * 9 + ("cancelled",)),
                death_date=date(2023, rnd.randint(1, 12), 1) if rnd.random() < 0.05 else None,
            )
        )
    with engine.begin() as conn:
        conn.execute(
            region.insert(),
            [{"code": "331102000000", "name": "莲都区", "level": 3, "parent_code": "331100000000"}]
            + [
                {"code": f"{t}000", "name": t, "level": 4, "parent_code": "331102000000"}
                for t in TOWNS
            ],
        )
        write_people(conn, person_frame(*rows), get_cipher(), PROV)
    ids = read_frame(engine, "SELECT id FROM person ORDER BY id")["id"].to_list()
    with engine.begin() as conn:
        for pid in ids:
            start = date(rnd.randint(2021, 2024), rnd.randint(1, 12), 1)
            if rnd.random() < 0.4:
                income = rnd.choice(("900", "1500", "1619.99", "1620", "2500"))
                record_fact(conn, pid, FactKind.HOUSEHOLD_INCOME_PER_HEAD, income, start, PROV)
            if rnd.random() < 0.3:
                income = rnd.choice(("0", "800", "1700"))
                record_fact(conn, pid, FactKind.PERSONAL_INCOME, income, start, PROV)
            if rnd.random() < 0.3:
                care = rnd.choice(("none", "partial", "full"))
                record_fact(conn, pid, FactKind.SELF_CARE, care, start, PROV)
            if rnd.random() < 0.15:
                record_fact(conn, pid, FactKind.SIMILAR_ALLOWANCE, "200", start, PROV)
            if rnd.random() < 0.15:
                record_fact(conn, pid, FactKind.INSTITUTIONAL_CARE, "true", start, PROV)
            if rnd.random() < 0.2:
                benefit = rnd.choice(("孤儿基本生活费", "工伤保险生活护理费"))
                until = date(2024, 1, 1) if rnd.random() < 0.5 else None
                record_fact(conn, pid, FactKind.OTHER_BENEFIT, benefit, start, PROV, until)


def _by_snapshot(engine: Engine, day: date) -> dict[tuple[str, str], int]:
    """{(program, town): eligible} by a registry snapshot and the policy engine."""
    snap = snapshot(engine, day, SYSTEM, region="331102000000")
    decided = decide(load_policies(), snap, day, PERSON, list(PROGRAMS)).frame
    joined = snap.select("person_id", "hukou_region").join(decided, on="person_id")
    return {
        (p, town): int(
            joined.filter(pl.col("hukou_region").str.starts_with(town))[column(p, ELIGIBLE)].sum()
        )
        for p in PROGRAMS
        for town in TOWNS
    }


def test_eligibility_on_the_state_equals_a_snapshot_decision(engine: Engine) -> None:
    _world(engine)
    defs = [d for d in load_definitions() if d.over == "subsidy"]
    series = indicator_series(
        engine, "331102", date(2022, 1, 1), date(2024, 6, 30), children=True, definitions=defs
    )
    towns = series.filter(pl.col("level") == 4)
    checked = 0
    for day in (date(2022, 12, 31), date(2023, 12, 31), date(2024, 6, 30)):
        expected = _by_snapshot(engine, day)
        at = towns.filter(pl.col("date") == day)
        for p in PROGRAMS:
            for town in TOWNS:
                got = at.filter(
                    (pl.col("indicator") == f"{p}_coverage") & (pl.col("region") == f"{town}000")
                )["denominator"].item()
                assert got == expected[(p, town)], (day, p, town)
                checked += got
    assert checked > 20  # the world has eligible people to count
    off_days = towns.filter(pl.col("date") == date(2023, 6, 30))
    assert off_days["denominator"].sum() == 0  # computed on 31 December and the last date
