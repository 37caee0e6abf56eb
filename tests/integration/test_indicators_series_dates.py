"""A monthly series (segments, running sums, as-of joins) equals each date computed alone.

The series builds every person's state once per segment of constant state and spreads it
over the dates; one date is built with plain joins. Both must give the same numerator and
denominator for every region, indicator and date, across year ends (year-to-date services
and needs restart) and a leap day.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from sqlalchemy import Engine

from zhucan.access.scope import SYSTEM
from zhucan.indicators.compute import evaluate_days
from zhucan.indicators.definitions import load_definitions
from zhucan.indicators.service import indicator_series, regions_under
from zhucan.registry.regions import load_regions
from zhucan.registry.service import generate_population
from zhucan.synth.facilities import generate_facilities
from zhucan.synth.support import generate_support

CITY = "3311"
END = date(2024, 12, 31)
#: The kinds of rows the series and the single dates both evaluate here.
OVER = ("person", "facility", "town", "county")


@pytest.fixture
def city(engine: Engine) -> Engine:
    load_regions(engine, ["33"])
    generate_population(engine, CITY, 1500, 11, date(2021, 1, 1), SYSTEM)
    generate_facilities(engine, CITY, END, seed=11)
    generate_support(engine, CITY, END, seed=11)
    return engine


def test_monthly_series_equals_single_dates(city: Engine) -> None:
    defs = [d for d in load_definitions() if d.over in OVER]
    series = indicator_series(city, CITY, date(2022, 1, 1), END, children=True, definitions=defs)
    assert series["date"].n_unique() == 36
    regions = regions_under(city, f"{CITY}00000000")
    keys = ["region", "indicator"]
    for day in (date(2022, 1, 31), date(2022, 12, 31), date(2023, 1, 31), date(2024, 2, 29), END):
        one = evaluate_days(city, CITY, [day], regions, defs, [2, 3]).drop("date")
        at = series.filter(pl.col("date") == day).drop("date")
        assert one.height == at.height > 0
        assert one.select(pl.col("numerator").sum()).item() > 0
        joined = one.join(at, on=keys, how="full", suffix="_s")
        bad = joined.filter(
            pl.col("numerator").ne_missing(pl.col("numerator_s"))
            | pl.col("denominator").ne_missing(pl.col("denominator_s"))
        )
        assert bad.is_empty(), (day, bad)
