"""Expiring certificates and overdue steps, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine

from factories import citizen_id, person_frame, person_row
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor
from zhucan.certificates.applicants import Applicant
from zhucan.certificates.reports import expiring, overdue
from zhucan.certificates.service import CaseRequest, open_case
from zhucan.core.errors import Forbidden, InvalidValue
from zhucan.registry.rows import Provenance
from zhucan.registry.tables import region
from zhucan.registry.write import write_people

TOWN = Actor("zj_town", "town_worker", "331102001000")
COUNTY = Actor("ld_county", "county_officer", "331102000000")
JINYUN = Actor("jy_county", "county_officer", "331121000000")
AS_OF = date(2025, 11, 1)


def _people(engine: Engine) -> None:
    rows = [
        person_row(1, certificate_issued=date(2015, 12, 1)),  # expires in 30 days
        person_row(2, certificate_issued=date(2015, 12, 1)),  # same, renewal under way
        person_row(3, certificate_issued=date(2016, 5, 20)),  # expires in 201 days
        person_row(4, certificate_issued=date(2015, 11, 20), death_date=date(2025, 6, 1)),
        person_row(5, certificate_issued=date(2015, 11, 5), hukou_region="331102002001"),
        person_row(6, certificate_issued=date(2015, 10, 1)),  # already expired
        person_row(7, certificate_issued=date(2015, 12, 1), certificate_status="cancelled"),
        person_row(
            8,
            citizen_id=citizen_id("331121", seq=8),
            certificate_issued=date(2015, 12, 10),
            hukou_region="331121001001",
        ),
    ]
    with engine.begin() as conn:
        write_people(
            conn, person_frame(*rows), get_cipher(), Provenance("t", "t", datetime(2015, 1, 1))
        )
        conn.execute(region.insert().values(code="331102001000", name="紫金街道", level=4))


def test_expiring_excludes_open_renewals_the_dead_and_the_far(engine: Engine) -> None:
    _people(engine)
    open_case(engine, TOWN, CaseRequest(citizen_id(seq=2), "renewal", date(2025, 10, 20)))
    frame = expiring(engine, COUNTY, 90, AS_OF)
    assert frame["person_id"].to_list() == [5, 1]
    first = frame.row(1, named=True)
    assert first["valid_until"] == date(2025, 12, 1) and first["days_left"] == 30
    assert (first["town"], first["town_name"]) == ("331102001", "紫金街道")
    assert frame.row(0, named=True)["town"] == "331102002"
    assert expiring(engine, COUNTY, 250, AS_OF)["person_id"].to_list() == [5, 1, 3]
    assert expiring(engine, COUNTY, 90, AS_OF, region="331102001")["person_id"].to_list() == [1]
    everyone = Actor("admin", "admin", "")
    assert expiring(engine, everyone, 90, AS_OF)["person_id"].to_list() == [5, 1, 8]
    assert expiring(engine, JINYUN, 90, AS_OF)["person_id"].to_list() == [8]
    with pytest.raises(Forbidden):
        expiring(engine, JINYUN, 90, AS_OF, region="331102")
    with pytest.raises(InvalidValue, match="天数应在"):
        expiring(engine, COUNTY, -1, AS_OF)


def test_overdue_steps(engine: Engine) -> None:
    req = CaseRequest(
        citizen_id(seq=50), "new", date(2025, 9, 15), applicant=Applicant("李四", "331102001001")
    )
    case_id = open_case(engine, TOWN, req)["id"]
    # The assessment is due within 20 working days: by 2025-10-17 across National Day.
    assert overdue(engine, COUNTY, date(2025, 10, 17)).is_empty()
    late = overdue(engine, COUNTY, date(2025, 11, 1))
    assert late.select("case_id", "step", "deadline", "days_overdue").rows() == [
        (case_id, "assess", date(2025, 10, 17), 15)
    ]
    assert overdue(engine, JINYUN, date(2025, 11, 1)).is_empty()
