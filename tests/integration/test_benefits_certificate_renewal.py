"""A certificate renewed before it expires keeps its subsidy without a gap."""

from __future__ import annotations

from datetime import date

import polars as pl
from benefits_support import add_people, auto, run
from sqlalchemy import Engine, select

from factories import citizen_id, person_row
from zhucan.access.scope import Actor
from zhucan.benefits.tables import payment_line
from zhucan.certificates.service import CaseRequest, open_case, record_step

TOWN = Actor("zj_town", "town_worker", "331102001000")
COUNTY = Actor("ld_county", "county_officer", "331102000000")


def test_renewal_before_expiry_keeps_the_nursing_subsidy(engine: Engine) -> None:
    # Both certificates were issued on 2015-12-01 and are valid until 2025-12-01.
    add_people(
        engine,
        person_row(1, grade=1, certificate_issued=date(2015, 12, 1)),
        person_row(2, grade=1, certificate_issued=date(2015, 12, 1)),
    )
    auto(engine, "nursing_subsidy")
    case_id = open_case(engine, TOWN, CaseRequest(citizen_id(seq=1), "renewal", date(2025, 11, 3)))
    record_step(engine, COUNTY, case_id["id"], "review", date(2025, 11, 5))
    record_step(engine, COUNTY, case_id["id"], "issue", date(2025, 11, 10))
    for month in ("2025-11", "2025-12", "2026-01", "2026-02"):
        run(engine, month)
    with engine.connect() as conn:
        rows = conn.execute(
            select(payment_line.c.person_id, payment_line.c.month, payment_line.c.amount_fen)
        ).all()
    paid = pl.DataFrame(rows, schema=["person_id", "month", "amount_fen"], orient="row")
    renewed = paid.filter(pl.col("person_id") == 1).sort("month")
    assert renewed["month"].to_list() == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert renewed["amount_fen"].to_list() == [10000] * 4
    # Without renewal the subsidy stops the month after the certificate expired.
    lapsed = paid.filter(pl.col("person_id") == 2).sort("month")
    assert lapsed["month"].to_list() == ["2025-11", "2025-12"]
