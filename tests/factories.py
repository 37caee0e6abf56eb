"""Small factories for test data: valid citizen IDs and canonical person rows."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from zhucan.core.citizen_id import check_digit
from zhucan.core.dates import add_years
from zhucan.registry.frame import conform


def citizen_id(region6: str = "331102", birth: date = date(1960, 5, 17), seq: int = 1) -> str:
    """A valid citizen ID; odd ``seq`` gives a man, even a woman."""
    first17 = f"{region6}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def person_row(seq: int = 1, **overrides: Any) -> dict[str, Any]:
    """One canonical person row in 莲都区 (331102), valid and alive, with overrides."""
    cid = overrides.pop("citizen_id", None) or citizen_id(seq=seq)
    issued = overrides.get("certificate_issued", date(2019, 3, 1))
    row: dict[str, Any] = {
        "citizen_id": cid,
        "name": f"测试{seq}",
        "sex": "M" if int(cid[16]) % 2 else "F",
        "birth_date": date(int(cid[6:10]), int(cid[10:12]), int(cid[12:14])),
        "category": 4,
        "grade": 2,
        "certificate_issued": issued,
        "certificate_valid_until": add_years(issued, 10),
        "certificate_status": "valid",
        "hukou_region": "331102001001",
        "hukou_type": "rural",
        "assistance": "dibao",
        "needs_long_term_care": True,
        "phone": "13812345678",
    }
    row.update(overrides)
    return row


def person_frame(*rows: dict[str, Any]) -> pl.DataFrame:
    """A canonical person frame from rows made by :func:`person_row`."""
    return conform(pl.DataFrame(list(rows), infer_schema_length=None))
