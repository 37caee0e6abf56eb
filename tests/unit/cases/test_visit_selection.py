"""Which households get a visit plan: 低保/特困 with a grade 1–2 member, one per household."""

from __future__ import annotations

from datetime import date

import polars as pl

from zhucan.cases.visits import households_to_visit
from zhucan.registry.snapshot import SNAPSHOT_SCHEMA


def _snap(rows: list[dict[str, object]]) -> pl.DataFrame:
    base = {
        "alive": True,
        "certificate_valid": True,
        "hukou_region": "331102001001",
        "birth_date": date(1960, 1, 1),
    }
    full = [{**base, **r} for r in rows]
    return pl.DataFrame(full, schema={k: SNAPSHOT_SCHEMA[k] for k in full[0]})


def test_one_plan_per_household_for_its_most_severe_member() -> None:
    snap = _snap(
        [
            {"person_id": 1, "household_id": 7, "grade": 2, "assistance": "tekun"},
            {"person_id": 2, "household_id": 7, "grade": 1, "assistance": "tekun"},
            {"person_id": 3, "household_id": None, "grade": 1, "assistance": "dibao"},
            {"person_id": 4, "household_id": None, "grade": 2, "assistance": "dibao_edge"},
            {"person_id": 5, "household_id": None, "grade": 3, "assistance": "dibao"},
            {
                "person_id": 6,
                "household_id": None,
                "grade": 1,
                "assistance": "dibao",
                "alive": False,
            },
        ]
    )
    plans = households_to_visit(snap)
    assert plans.select("person_id", "visits_per_year").rows() == [(2, 12), (3, 4)]
