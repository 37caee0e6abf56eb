"""Use cases: indicators for a region and its sub-regions on a date, and their series."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import polars as pl
from sqlalchemy import Engine, select

from zhucan.access.scope import SYSTEM, Actor, ensure_in_scope
from zhucan.core.errors import NotFound
from zhucan.core.region_code import normalize_region_code, region_level, significant_prefix
from zhucan.indicators.compute import evaluate_days
from zhucan.indicators.definitions import Definition, load_definitions
from zhucan.registry.tables import region


def regions_under(engine: Engine, code: str) -> pl.DataFrame:
    """The region (12 digits), its level, name and parent for ``code`` and all below it."""
    with engine.connect() as conn:  # a few thousand rows: on our own connection
        rows = conn.execute(
            select(region.c.code, region.c.level, region.c.name, region.c.parent_code).where(
                region.c.code.startswith(significant_prefix(code), autoescape=True)
            )
        ).all()
    frame = pl.DataFrame(
        rows,
        schema={"region": pl.String, "level": pl.Int8, "name": pl.String, "parent_code": pl.String},
        orient="row",
    )
    if frame.filter(pl.col("region") == code).is_empty():
        raise NotFound(f"没有这个区划：{code}", f"unknown region: {code}")
    return frame


def value_of(d: Definition, numerator: int, denominator: int) -> float | None:
    """The indicator value: a percentage rounded to 2 places, or the count itself.

    Rounded exactly (half to even, in integers), as :func:`.store.value_text` stores it;
    rounding the float 100·n/d would round 1/20000 (0.005 %) up.

    >>> from zhucan.indicators.definitions import get_definition
    >>> rehab = get_definition("basic_rehab_coverage")
    >>> value_of(rehab, 1, 3), value_of(rehab, 1, 20000), value_of(
    ...     get_definition("disability_homes"), 7, 0)
    (33.33, 0.0, 7)
    """
    if not d.is_ratio:
        return numerator
    if denominator == 0:
        return None
    q, r = divmod(numerator * 10_000, denominator)
    up = 2 * r > denominator or (2 * r == denominator and q % 2 == 1)
    return (q + up) / 100


def _rows(
    table: pl.DataFrame, regions: pl.DataFrame, codes: Sequence[str], defs: Sequence[Definition]
) -> list[dict[str, Any]]:
    found = {(r["region"], r["indicator"]): r for r in table.iter_rows(named=True)}
    names = dict(zip(regions["region"], regions["name"], strict=True))
    out = []
    for code in codes:
        for d in defs:
            hit = found.get((code, d.id))
            num, den = (hit["numerator"], hit["denominator"]) if hit else (0, 0)
            defined = hit is not None or region_level(code) <= d.finest_level
            out.append({
                "indicator": d.id, "region": code, "numerator": num, "denominator": den,
                "value": value_of(d, num, den) if defined else None, "unit": d.unit,
                "name": d.name, "region_name": names.get(code, ""),
                "additive": defined,
            })  # fmt: skip
    return out


def compute_indicators(
    engine: Engine,
    region: str,
    as_of: date,
    actor: Actor = SYSTEM,
    definitions: Sequence[Definition] | None = None,
) -> list[dict[str, Any]]:
    """CONTRACTS §5: every indicator for ``region`` and each direct sub-region on ``as_of``."""
    code = normalize_region_code(region)
    ensure_in_scope(actor, code)
    defs = list(definitions or load_definitions())
    regions = regions_under(engine, code)
    level = region_level(code)
    kids = regions.filter(pl.col("parent_code") == code).sort("region")["region"].to_list()
    levels = [level, level + 1] if kids else [level]
    table = evaluate_days(engine, significant_prefix(code), [as_of], regions, defs, levels)
    return _rows(table, regions, [code, *kids], defs)


def all_regions(
    engine: Engine, region: str, as_of: date, definitions: Sequence[Definition] | None = None
) -> pl.DataFrame:
    """Every indicator for every region at every level under ``region`` on ``as_of``."""
    code = normalize_region_code(region)
    regions = regions_under(engine, code)
    levels = sorted(set(regions["level"].to_list()))
    defs = list(definitions or load_definitions())
    table = evaluate_days(engine, significant_prefix(code), [as_of], regions, defs, levels)
    return table.drop("date")


def period_ends(start: date, end: date, freq: str) -> list[date]:
    """Month ends (``month``) or year ends (``year``) from ``start`` to ``end``, then ``end``.

    >>> period_ends(date(2021, 11, 5), date(2022, 2, 10), "month")
    [datetime.date(2021, 11, 30), datetime.date(2021, 12, 31), datetime.date(2022, 1, 31), \
datetime.date(2022, 2, 10)]
    """
    days: list[date] = []
    y, m = start.year, start.month
    while True:
        if freq == "year":
            last = date(y, 12, 31)
            y += 1
        else:
            last = date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
            y, m = y + m // 12, m % 12 + 1
        if last >= end:
            break
        days.append(last)
    return [*days, end]


def indicator_series(
    engine: Engine,
    region: str,
    start: date,
    end: date,
    freq: str = "month",
    children: bool = False,
    definitions: Sequence[Definition] | None = None,
) -> pl.DataFrame:
    """Numerators and denominators at each period end: one read, evaluated in memory."""
    code = normalize_region_code(region)
    regions = regions_under(engine, code)
    level = region_level(code)
    levels = [level, level + 1] if children else [level]
    defs = list(definitions or load_definitions())
    days = period_ends(start, end, freq)
    table = evaluate_days(engine, significant_prefix(code), days, regions, defs, levels)
    return table.sort("date", maintain_order=True)
