"""Certificate holders' state on given dates, one frame per date, for returns and synthesis.

A thin reading of :func:`zhucan.indicators.state.person_segments`: the people alive,
holding a valid certificate and with a 户籍 under the prefix on each date, with the
columns asked for (``age``, ``category``, ``grade``, ``urban``, ``assistance``,
``employed``, ``services:<kind>`` …, as :mod:`.state` names them).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

import polars as pl
from sqlalchemy import Engine

from zhucan.indicators.state import Needs, on_day, person_segments


def holders_on(
    engine: Engine, prefix: str, days: Sequence[date], columns: Collection[str]
) -> list[pl.DataFrame]:
    """For each of ``days`` (ascending, distinct): (person_id, hukou_region, ``columns``)
    of the holders on that date, in person order."""
    segments = person_segments(engine, prefix, list(days), Needs(frozenset(columns)))
    keep = ["person_id", "hukou_region", *(c for c in columns if c in segments.columns)]
    return [on_day(segments, k).select(keep).sort("person_id") for k in range(len(days))]
