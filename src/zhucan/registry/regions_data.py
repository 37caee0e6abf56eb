"""Read the shipped region-code files (built by ``scripts/build_regions.py``).

``regions_towns.csv.gz`` holds levels 1–4 (province, city, county, town) for all of
China; ``villages_<pp>.csv.gz`` holds level 5 for the few provinces shipped with villages.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

DATA_DIR = Path(__file__).resolve().parent / "data"
TOWNS_FILE = "regions_towns.csv.gz"
VILLAGES_PREFIX = "villages_"

_SCHEMA: dict[str, pl.DataType] = {
    "code": pl.String(),
    "name": pl.String(),
    "level": pl.Int8(),
    "parent_code": pl.String(),
    "urban": pl.Int8(),
}


def shipped_provinces_with_villages() -> list[str]:
    """The 2-digit codes of the provinces whose villages are shipped, sorted."""
    return sorted(
        p.name[len(VILLAGES_PREFIX) : -len(".csv.gz")]
        for p in DATA_DIR.glob(f"{VILLAGES_PREFIX}*.csv.gz")
    )


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, schema=_SCHEMA).with_columns(pl.col("urban").cast(pl.Boolean))


def read_regions(provinces: list[str] | None = None, villages: bool = True) -> pl.DataFrame:
    """Shipped regions (code, name, level, parent_code, urban), optionally by province."""
    wanted = None if provinces is None else sorted({p.strip()[:2] for p in provinces})
    frames = [_read(DATA_DIR / TOWNS_FILE)]
    if wanted is not None:
        frames[0] = frames[0].filter(pl.col("code").str.slice(0, 2).is_in(wanted))
    if villages:
        shipped = shipped_provinces_with_villages()
        for prov in shipped if wanted is None else [p for p in wanted if p in shipped]:
            frames.append(_read(DATA_DIR / f"{VILLAGES_PREFIX}{prov}.csv.gz"))
    return pl.concat(frames).sort("code")
