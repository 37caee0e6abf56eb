"""Synthetic support data of a city stays in that city.

台州 is 331000000000 and 丽水 331100000000: a prefix cut by stripping zeros ("331") would
take 丽水's people for 台州's, and deleting 台州's synthetic rows would delete 丽水's.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, func, select

from zhucan.access.scope import SYSTEM
from zhucan.registry.regions import load_regions
from zhucan.registry.service import generate_population
from zhucan.support.service_tables import service_record
from zhucan.support.tables import need
from zhucan.synth.support import generate_support

END = date(2024, 12, 31)


def _rows(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(need)).scalar_one(),
            conn.execute(select(func.count()).select_from(service_record)).scalar_one(),
        )


def test_another_city_leaves_lishui_alone(engine: Engine) -> None:
    load_regions(engine, ["33"])
    generate_population(engine, "3311", 300, 5, date(2021, 1, 1), SYSTEM)
    lishui = generate_support(engine, "331100000000", END, seed=5)
    assert lishui["needs"] > 0 and lishui["services"] > 0
    before = _rows(engine)
    assert before == (lishui["needs"], lishui["services"])

    taizhou = generate_support(engine, "331000000000", END, seed=5)

    assert taizhou["needs"] == 0 and taizhou["services"] == 0
    assert _rows(engine) == before
