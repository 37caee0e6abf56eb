"""Job matching on SQLite and PostgreSQL: seekers, postings, referral, placement as a fact."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine, select

from factories import citizen_id, person_frame, person_row
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor
from zhucan.core.errors import Conflict, InvalidValue
from zhucan.employment.jobs import add_posting, match_jobs, record_outcome, refer, register_seeker
from zhucan.employment.tables import employer
from zhucan.registry.facts import FactKind
from zhucan.registry.rows import Provenance
from zhucan.registry.tables import fact
from zhucan.registry.write import write_people

LIANDU = Actor("lw", "county_officer", "331102000000")
NOW = datetime(2024, 5, 1, 9)
ON = date(2024, 5, 1)
CODE = "91350100M000100Y43"


def test_match_refer_and_place(engine: Engine) -> None:
    people = [
        person_row(1, citizen_id=citizen_id(birth=date(1990, 1, 1), seq=1), category=4, grade=3),
        person_row(2, citizen_id=citizen_id(birth=date(1950, 1, 1), seq=2)),  # 74: too old
    ]
    with engine.begin() as conn:
        write_people(conn, person_frame(*people), get_cipher(), Provenance("t", "t", NOW))
        conn.execute(
            employer.insert().values(
                credit_code=CODE,
                name="甲公司",
                region="331102000000",
                staff=100,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    seeker = register_seeker(engine, LIANDU, 1, ON, skills=["客服"], needs=["barrier_free"])
    with pytest.raises(InvalidValue):
        register_seeker(engine, LIANDU, 2, ON)
    posting = add_posting(
        engine,
        LIANDU,
        CODE,
        "客服专员",
        "331102001001",
        [4],
        [3, 4],
        ["客服"],
        ["barrier_free"],
        posted_on=ON,
    )
    matches = match_jobs(engine, LIANDU, ON)
    assert matches.select("seeker_id", "posting_id", "score").rows() == [(seeker, posting, 100)]
    ref = refer(engine, LIANDU, seeker, posting, 100, matches["reasons"][0], ON)
    record_outcome(engine, LIANDU, ref, "hired", date(2024, 5, 20), now=NOW)
    with pytest.raises(Conflict):
        record_outcome(engine, LIANDU, ref, "rejected", date(2024, 5, 21), now=NOW)
    with engine.connect() as conn:
        facts = conn.execute(
            select(fact.c.value, fact.c.valid_from).where(fact.c.kind == FactKind.EMPLOYMENT.value)
        ).all()
    assert facts == [(f"employed:{CODE}", date(2024, 5, 20))]
    assert match_jobs(engine, LIANDU, ON).is_empty()  # placed, and the one opening is filled


def test_graduates_one_by_one(engine: Engine) -> None:
    from zhucan.employment.graduates import graduates_helped, track_graduate

    people = [person_row(i, citizen_id=citizen_id(birth=date(2002, 1, 1), seq=i)) for i in (1, 2)]
    with engine.begin() as conn:
        write_people(conn, person_frame(*people), get_cipher(), Provenance("t", "t", NOW))
    track_graduate(engine, LIANDU, 1, 2024, "丽水学院", "推荐客服岗位，落实无障碍工位", on=ON)
    track_graduate(engine, LIANDU, 2, 2024, "丽水职业技术学院", "职业培训后推荐", on=ON)
    assert graduates_helped(engine, LIANDU, 2024) == {"331102": (0, 2)}
    track_graduate(engine, LIANDU, 1, 2024, "丽水学院", "已入职", "employed", on=ON)
    assert graduates_helped(engine, LIANDU, 2024) == {"331102": (1, 2)}
