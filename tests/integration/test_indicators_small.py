"""Indicators on a hand-built county: hand-computed values and sub-regions adding up."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine
from tests.factories import person_frame, person_row

from zhucan.access.crypto import get_cipher
from zhucan.access.scope import SYSTEM
from zhucan.indicators.service import compute_indicators
from zhucan.registry.rows import Provenance
from zhucan.registry.tables import region
from zhucan.registry.write import write_people
from zhucan.storage.bulk import read_frame
from zhucan.support.facilities import NewFacility, add_facility, close_facility, rate_facility
from zhucan.support.kinds import FacilityKind, InsuranceScheme, ServiceKind
from zhucan.support.needs import NeedKind
from zhucan.support.records import ServiceEntry, record_service, set_insurance
from zhucan.support.service import record_needs

AS_OF = date(2024, 6, 30)
REGIONS = [
    ("331100000000", "丽水市", 2, "330000000000"),
    ("331102000000", "莲都区", 3, "331100000000"),
    ("331102001000", "甲街道", 4, "331102000000"),
    ("331102002000", "乙镇", 4, "331102000000"),
    ("331102001001", "一村", 5, "331102001000"),
    ("331102001002", "二村", 5, "331102001000"),
    ("331102002001", "三村", 5, "331102002000"),
]


def _world(engine: Engine) -> dict[int, int]:
    """Five people (three counted), two homes (one closed), needs, services, insurance."""
    with engine.begin() as conn:
        conn.execute(
            region.insert(),
            [dict(zip(("code", "name", "level", "parent_code"), r, strict=True)) for r in REGIONS],
        )
        rows = [
            person_row(1, hukou_region="331102001001"),
            person_row(2, hukou_region="331102001002"),
            person_row(3, hukou_region="331102002001"),
            person_row(4, hukou_region="331102002001", certificate_status="cancelled"),
            person_row(5, hukou_region="331102002001", death_date=date(2023, 1, 1)),
        ]
        write_people(
            conn, person_frame(*rows), get_cipher(), Provenance("test", "t", datetime(2020, 1, 1))
        )
    ids = read_frame(engine, "SELECT id, citizen_id_masked FROM person ORDER BY id")["id"]
    pid = {seq: int(ids[seq - 1]) for seq in range(1, 6)}
    now = datetime(2024, 1, 5)
    with engine.begin() as conn:
        for seq in (1, 2, 4, 5):
            record_needs(conn, pid[seq], 2024, [NeedKind.REHABILITATION], "survey", "t", now)
        record_needs(
            conn,
            pid[3],
            2024,
            [NeedKind.REHABILITATION, NeedKind.ASSISTIVE_DEVICE],
            "visit",
            "t",
            now,
        )
    for seq, kind, day in (
        (1, ServiceKind.REHABILITATION, date(2024, 3, 1)),
        (3, ServiceKind.REHABILITATION, date(2024, 5, 1)),
        (3, ServiceKind.ASSISTIVE_DEVICE, date(2024, 8, 1)),  # after the date
        (2, ServiceKind.REHABILITATION, date(2023, 5, 1)),
    ):  # last year
        record_service(engine, SYSTEM, ServiceEntry(pid[seq], kind, day, "康复中心"))
    set_insurance(engine, SYSTEM, pid[1], InsuranceScheme.MEDICAL, True, date(2020, 1, 1))
    set_insurance(engine, SYSTEM, pid[2], InsuranceScheme.MEDICAL, True, date(2020, 1, 1))
    set_insurance(engine, SYSTEM, pid[2], InsuranceScheme.MEDICAL, False, date(2024, 1, 1))
    home = add_facility(
        engine,
        SYSTEM,
        NewFacility(FacilityKind.DISABILITY_HOME, "甲之家", "331102001001", date(2022, 1, 1)),
    )
    rate_facility(engine, SYSTEM, home, 3, date(2022, 1, 1))
    rate_facility(engine, SYSTEM, home, 4, date(2024, 7, 1))
    old = add_facility(
        engine,
        SYSTEM,
        NewFacility(FacilityKind.DISABILITY_HOME, "乙之家", "331102002000", date(2019, 1, 1)),
    )
    close_facility(engine, SYSTEM, old, date(2024, 1, 1))
    return pid


def _by(rows: list[dict], indicator: str) -> dict[str, tuple[int, int, object]]:  # type: ignore[type-arg]
    return {
        r["region"]: (r["numerator"], r["denominator"], r["value"])
        for r in rows
        if r["indicator"] == indicator
    }


def test_hand_computed_county(engine: Engine) -> None:
    _world(engine)
    rows = compute_indicators(engine, "331102", AS_OF)
    assert [r["region"] for r in rows[:1]] == ["331102000000"]
    rehab = _by(rows, "basic_rehab_coverage")
    assert rehab["331102000000"] == (2, 3, 66.67)
    assert rehab["331102001000"] == (1, 2, 50.0)
    assert rehab["331102002000"] == (1, 1, 100.0)
    assert _by(rows, "assistive_device_fitting_rate")["331102000000"] == (0, 1, 0.0)
    assert _by(rows, "certificate_holders")["331102000000"] == (3, 0, 3)
    assert _by(rows, "medical_insurance_enrollment")["331102000000"] == (1, 3, 33.33)
    homes = _by(rows, "disability_home_coverage")
    assert homes["331102000000"] == (1, 2, 50.0)
    assert homes["331102001000"] == (1, 1, 100.0) and homes["331102002000"] == (0, 1, 0.0)
    assert _by(rows, "three_star_disability_home_coverage")["331102000000"] == (1, 1, 100.0)
    assert _by(rows, "top_disability_homes")["331102000000"][0] == 0


def test_sub_regions_add_up_and_town_rows_for_villages(engine: Engine) -> None:
    _world(engine)
    rows = compute_indicators(engine, "331102", AS_OF)
    additive = {r["indicator"] for r in rows} - {r["indicator"] for r in rows if not r["additive"]}
    assert additive >= {"basic_rehab_coverage", "disability_home_coverage", "certificate_holders"}
    for indicator in additive:
        by = _by(rows, indicator)
        top = by.pop("331102000000")
        assert (sum(v[0] for v in by.values()), sum(v[1] for v in by.values())) == top[:2]
    town = compute_indicators(engine, "331102001", AS_OF)
    assert {r["region"] for r in town} == {"331102001000", "331102001001", "331102001002"}
    village = _by(town, "disability_home_coverage")["331102001001"]
    assert village == (0, 0, None)  # a town indicator is not defined for a village
