"""Synthetic facilities for the towns of a region: homes, institutions, accessible places.

Towns (counties for children's rehabilitation) are covered in the order of one seeded
draw, so coverage follows :data:`zhucan.synth.support_rates.COVERED` year by year; counted
places grow linearly per :data:`PER_TOWN`. Disability homes gain a star every two years.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import polars as pl
from sqlalchemy import Engine, select, text

from zhucan.core.region_code import significant_prefix
from zhucan.storage.bulk import read_frame
from zhucan.support.facility_tables import facility, facility_rating
from zhucan.support.ids import insert_frame
from zhucan.synth.support_rates import COVERED, PER_TOWN, share

SOURCE = "synth:facilities"


def _opening(
    u: np.ndarray, pair: tuple[float, float], rng: np.random.Generator
) -> list[date | None]:
    """The day each area's first facility opened (None: not by 2025)."""
    out: list[date | None] = []
    for x in u:
        year = next((y for y in range(2020, 2026) if x < share(pair, y)), None)
        if year == 2020:
            out.append(date(int(rng.integers(2012, 2020)), int(rng.integers(1, 13)), 1))
        else:
            out.append(None if year is None else date(year, int(rng.integers(1, 13)), 1))
    return out


def _covered(areas: list[str], kind: str, rng: np.random.Generator) -> list[dict[str, object]]:
    rows = []
    for code, opened in zip(
        areas, _opening(rng.random(len(areas)), COVERED[kind], rng), strict=True
    ):
        if opened is None:
            continue
        rows.append(
            {
                "kind": kind,
                "region": code,
                "opened_on": opened,
                "standardized": True,
                "workshop": bool(rng.random() < 0.35),
                "capacity": int(rng.integers(10, 60)),
            }
        )
    return rows


def _counted(towns: list[str], kind: str, rng: np.random.Generator) -> list[dict[str, object]]:
    low, high = (round(r * len(towns)) for r in PER_TOWN[kind])
    rows = []
    for i in range(high):
        year = (
            2012 + int(rng.integers(0, 8))
            if i < low
            else 2021 + (i - low) * 5 // max(high - low, 1)
        )
        rows.append(
            {
                "kind": kind,
                "region": towns[int(rng.integers(0, len(towns)))],
                "opened_on": date(year, int(rng.integers(1, 13)), 1),
                "standardized": False,
                "workshop": False,
                "capacity": None,
            }
        )
    return rows


def _stars(homes: pl.DataFrame, end: date, rng: np.random.Generator) -> pl.DataFrame:
    rows = []
    for fid, opened in homes.select("id", "opened_on").iter_rows():
        stars, day = int(rng.integers(1, 4)), opened
        while day <= end and stars <= 5:
            rows.append({"facility_id": fid, "stars": stars, "valid_from": day})
            stars, day = stars + 1, date(day.year + 2, day.month, 1)
    frame = pl.DataFrame(
        rows, schema={"facility_id": pl.Int64, "stars": pl.Int16, "valid_from": pl.Date}
    )
    return frame.sort("facility_id", "valid_from").with_columns(
        pl.col("valid_from").shift(-1).over("facility_id").alias("valid_to")
    )


def generate_facilities(engine: Engine, region: str, end: date, seed: int = 1) -> dict[str, int]:
    """Write synthetic facilities (and star histories) under ``region`` opened by ``end``."""
    prefix = significant_prefix(region)
    codes = read_frame(
        engine,
        f"SELECT code, level FROM region WHERE code LIKE '{prefix}%' AND level IN (3, 4) "
        "ORDER BY code",
    )
    towns = codes.filter(pl.col("level") == 4)["code"].to_list()
    counties = sorted({t[:6].ljust(12, "0") for t in towns})
    rng = np.random.default_rng(seed + 31337)
    rows = _covered(towns, "disability_home", rng) + _covered(towns, "care_institution", rng)
    rows += _covered(counties, "child_rehab", rng)
    for kind in PER_TOWN:
        rows += _counted(towns, kind, rng) if towns else []
    now = datetime.now().replace(microsecond=0)
    frame = (
        pl.DataFrame(rows, infer_schema_length=None)
        .filter(pl.col("opened_on") <= end)
        .with_columns(
            pl.concat_str(
                pl.col("kind"), pl.lit("-"), pl.int_range(pl.len()).cast(pl.String)
            ).alias("name"),
            pl.lit(False).alias("designated"),
            pl.lit(SOURCE).alias("source"),
            pl.lit("synth").alias("recorded_by"),
            pl.lit(now).alias("recorded_at"),
        )
    )
    mine = f"region LIKE '{prefix}%' AND source = '{SOURCE}'"
    with engine.begin() as conn:
        ours = f"SELECT id FROM facility WHERE {mine}"
        conn.execute(text(f"DELETE FROM facility_rating WHERE facility_id IN ({ours})"))
        conn.execute(text(f"DELETE FROM facility WHERE {mine}"))
        insert_frame(conn, facility, frame)
        found = conn.execute(
            select(facility.c.id, facility.c.opened_on).where(
                facility.c.source == SOURCE,
                facility.c.kind == "disability_home",
                facility.c.region.like(f"{prefix}%"),
            )
        ).all()
        homes = pl.DataFrame(found, schema={"id": pl.Int64, "opened_on": pl.Date}, orient="row")
        stars = _stars(homes, end, rng).with_columns(
            pl.lit("synth").alias("recorded_by"), pl.lit(now).alias("recorded_at")
        )
        insert_frame(conn, facility_rating, stars)
    return {"facilities": frame.height, "ratings": stars.height}
