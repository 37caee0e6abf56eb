"""A synthetic 丽水市: indicators add up across levels; the CLI prints CONTRACTS §5."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import polars as pl
import pytest
import typer
from sqlalchemy import Engine
from typer.testing import CliRunner

from zhucan.access.scope import SYSTEM
from zhucan.cli import indicators as cli
from zhucan.indicators.definitions import load_definitions
from zhucan.indicators.service import all_regions, indicator_series
from zhucan.registry.regions import load_regions
from zhucan.registry.service import generate_population
from zhucan.settings import get_settings
from zhucan.storage.engine import get_engine
from zhucan.synth.facilities import generate_facilities
from zhucan.synth.support import generate_support

CITY = "3311"
END = date(2024, 12, 31)


@pytest.fixture
def city(engine: Engine) -> Engine:
    load_regions(engine, ["33"])
    generate_population(engine, CITY, 3000, 5, date(2021, 1, 1), SYSTEM)
    generate_facilities(engine, CITY, END, seed=5)
    generate_support(engine, CITY, END, seed=5)
    return engine


@pytest.fixture
def configured(city: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv("ZHUCAN_DATABASE_URL", db_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield city
    get_engine.cache_clear()


def test_every_level_adds_up(city: Engine) -> None:
    table = all_regions(city, CITY, END)
    finest = {d.id: d.finest_level for d in load_definitions()}
    child = table.with_columns(
        pl.col("region")
        .str.slice(
            0,
            pl.col("level")
            .cast(pl.Int64)
            .replace_strict({2: 4, 3: 6, 4: 9, 5: 12}, return_dtype=pl.Int64),
        )
        .alias("prefix")
    )
    for level, width in ((2, 4), (3, 6), (4, 9)):
        parents = child.filter(pl.col("level") == level)
        kids = (
            child.filter(pl.col("level") == level + 1)
            .filter(pl.col("indicator").replace_strict(finest, return_dtype=pl.Int64) > level)
            .group_by(pl.col("region").str.slice(0, width).alias("prefix"), "indicator")
            .agg(pl.col("numerator").sum().alias("n"), pl.col("denominator").sum().alias("d"))
        )
        joined = parents.join(kids, on=["prefix", "indicator"], how="inner")
        assert joined.height > 0
        bad = joined.filter(
            (pl.col("n") != pl.col("numerator")) | (pl.col("d") != pl.col("denominator"))
        )
        assert bad.is_empty(), bad
    rehab = table.filter(pl.col("indicator") == "basic_rehab_coverage", pl.col("level") == 2).row(
        0, named=True
    )
    assert 0.9 < rehab["numerator"] / rehab["denominator"] <= 1.0


def test_series_year_ends_match_single_dates(city: Engine) -> None:
    series = indicator_series(city, CITY, date(2022, 1, 1), END, "year")
    assert sorted(set(series["date"].to_list())) == [date(2022, 12, 31), date(2023, 12, 31), END]
    one = all_regions(city, CITY, END).filter(pl.col("level") == 2).drop("level")
    last = series.filter(pl.col("date") == END).drop("date", "level")
    assert one.sort("indicator").equals(last.select(one.columns).sort("indicator"))


def test_cli_compute_contract(configured: Engine) -> None:
    root = typer.Typer()
    root.add_typer(cli.app, name="indicators")
    result = CliRunner().invoke(
        root,
        ["indicators", "compute", "--region", CITY, "--as-of", "2024-06-30", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    keys = {"indicator", "region", "numerator", "denominator", "value", "unit"}
    assert all(keys <= set(r) for r in rows)
    regions = {r["region"] for r in rows}
    assert "331100000000" in regions and "331102000000" in regions
    top = {r["indicator"]: r for r in rows if r["region"] == "331100000000"}
    for indicator, r in top.items():
        kids = [x for x in rows if x["indicator"] == indicator and x["region"] != "331100000000"]
        if all(k["additive"] for k in kids):
            assert sum(k["numerator"] for k in kids) == r["numerator"]
            assert sum(k["denominator"] for k in kids) == r["denominator"]
