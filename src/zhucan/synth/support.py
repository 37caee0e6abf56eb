"""Synthetic needs, services, insurance and employment of the people already in the registry.

Deterministic (one seeded generator, fixed order), vectorized per year over the people
holding a valid certificate on 30 June (or the end date) of that year. Rerunning replaces
what an earlier run wrote (rows whose source starts with ``synth``) for the region.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import polars as pl
from sqlalchemy import Engine, text

from zhucan.core.region_code import significant_prefix
from zhucan.indicators.holders import holders_on
from zhucan.support.ids import insert_frame
from zhucan.support.service_tables import insurance_enrollment, service_record
from zhucan.support.tables import need
from zhucan.synth.support_rates import ENROLLED, SERVED, share

SOURCE = "synth:support"
_NEEDS = (  # kind, base share, extra share, group that gets the extra
    ("rehabilitation", 0.30, 0.50, "child"),
    ("assistive_device", 0.10, 0.08, "sensory_physical"),
    ("home_accessibility", 0.02, 0.04, "severe"),
    ("care", 0.01, 0.07, "severe"),
    ("employment", 0.0, 0.15, "working"),
    ("training", 0.0, 0.10, "working"),
    ("culture_sport", 0.25, 0.0, "child"),
    ("family_doctor", 0.05, 0.0, "child"),
)


def _groups(frame: pl.DataFrame) -> dict[str, np.ndarray]:
    age = frame["age"].to_numpy()
    return {
        "child": age <= 17,
        "sensory_physical": frame["category"].is_in([1, 2, 4]).to_numpy(),
        "severe": (frame["grade"] <= 2).to_numpy(),
        "working": (age >= 16) & (age <= 59),
    }


def _dates(rng: np.random.Generator, n: int, year: int, end: date) -> np.ndarray:
    first = np.datetime64(date(year, 1, 1))
    return first + rng.integers(0, 365, n).astype("timedelta64[D]")


def _year(
    frame: pl.DataFrame, year: int, end: date, rng: np.random.Generator, gap: np.ndarray
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Needs and services of one year, as two frames."""
    n = frame.height
    g = _groups(frame)
    ids = frame["person_id"].to_numpy()
    needs, services = [], []

    def serve(kind: str, who: np.ndarray, rate: float, qty_max: int = 1) -> None:
        idx = np.flatnonzero(who & (rng.random(n) < 1 - (1 - rate) * gap))
        services.append(
            pl.DataFrame(
                {
                    "person_id": ids[idx],
                    "kind": kind,
                    "delivered_on": _dates(rng, idx.size, year, end),
                    "quantity": rng.integers(1, qty_max + 1, idx.size),
                }
            )
        )

    for kind, base, extra, group in _NEEDS:
        has = rng.random(n) < base + extra * g[group]
        needs.append(pl.DataFrame({"person_id": ids[has], "kind": kind}))
        if kind != "family_doctor":
            serve(kind, has, share(SERVED[kind], year), 3 if kind == "training" else 1)
    age = frame["age"].to_numpy()
    serve(
        "family_doctor",
        ~frame["institutional_care"].to_numpy(),
        share(SERVED["family_doctor"], year),
    )
    mental = (frame["category"] == 6).to_numpy()
    serve("psychiatric_medication", mental, share(SERVED["psychiatric_medication"], year))
    serve("education", (age >= 6) & (age <= 15), share(SERVED["education"], year))
    serve("education", (age >= 16) & (age <= 18), share(SERVED["upper_secondary"], year))
    svc = pl.concat(services).with_columns(pl.col("delivered_on").cast(pl.Date))
    year_needs = pl.concat(needs).with_columns(pl.lit(year, pl.Int16).alias("year"))
    return year_needs, svc.filter(pl.col("delivered_on") <= end)


def _gaps(counties: pl.Series, seed: int) -> dict[str, float]:
    """Each county's shortfall factor (mean 1): some counties lag, some lead."""
    names = sorted(set(counties.to_list()))
    rng = np.random.default_rng(seed + 7919)
    return dict(zip(names, rng.uniform(0.4, 1.6, len(names)).tolist(), strict=True))


def _enrollments(
    people: pl.DataFrame, years: list[int], gaps: dict[str, float], seed: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Insurance intervals and employment facts from a stable per-person draw."""
    rng = np.random.default_rng(seed + 104729)
    gap = people["county"].replace_strict(gaps, return_dtype=pl.Float64).to_numpy()
    out: dict[str, pl.DataFrame] = {}
    for scheme, pair in ENROLLED.items():
        u = rng.random(people.height)
        first = np.full(people.height, 0)
        for y in sorted(years, reverse=True):
            first = np.where(u < 1 - (1 - share(pair, y)) * gap, y, first)
        hit = first > 0
        out[scheme] = pl.DataFrame(
            {
                "person_id": people["person_id"].to_numpy()[hit],
                "scheme": scheme,
                "valid_from": [date(int(y), 1, 1) for y in first[hit]],
            }
        )
    employed = (
        out.pop("employed")
        .drop("scheme")
        .with_columns(pl.lit("employment").alias("kind"), pl.lit("employed").alias("value"))
    )
    return pl.concat(out.values()), employed


def generate_support(
    engine: Engine, region: str, end: date, seed: int = 1, first_year: int = 2020
) -> dict[str, int]:
    """Write synthetic needs, services, insurance and employment for ``region`` up to ``end``."""
    prefix = significant_prefix(region)  # 331000000000 is 3310 (台州), not 331 (also 丽水 3311)
    rng = np.random.default_rng(seed)
    years = list(range(first_year, end.year + 1))
    needs, services, people = [], [], []
    gaps: dict[str, float] | None = None
    columns = ("age", "category", "grade", "institutional_care")
    frames = holders_on(engine, prefix, [min(date(y, 6, 30), end) for y in years], columns)
    for year, frame in zip(years, frames, strict=True):
        county = frame["hukou_region"].str.slice(0, 6)
        gaps = gaps or _gaps(county, seed)
        gap = county.replace_strict(gaps, default=1.0, return_dtype=pl.Float64).to_numpy()
        year_needs, year_services = _year(frame, year, end, rng, gap)
        needs.append(year_needs)
        services.append(year_services)
        people.append(frame.select("person_id", county.alias("county")))
    everyone = pl.concat(people).unique("person_id", keep="last").sort("person_id")
    insurance, employment = _enrollments(everyone, years, gaps or {}, seed)
    return _write(engine, prefix, pl.concat(needs), pl.concat(services), insurance, employment)


def _write(
    engine: Engine,
    prefix: str,
    needs: pl.DataFrame,
    services: pl.DataFrame,
    insurance: pl.DataFrame,
    employment: pl.DataFrame,
) -> dict[str, int]:
    from zhucan.registry.tables import fact

    now = datetime.now().replace(microsecond=0)
    stamp = [
        pl.lit(SOURCE).alias("source"),
        pl.lit("synth").alias("recorded_by"),
        pl.lit(now).alias("recorded_at"),
    ]
    mine = f"person_id IN (SELECT id FROM person WHERE region LIKE '{prefix}%')"
    with engine.begin() as conn:
        for table in ("need", "service_record", "insurance_enrollment"):
            conn.execute(text(f"DELETE FROM {table} WHERE source = '{SOURCE}' AND {mine}"))
        conn.execute(
            text(f"DELETE FROM fact WHERE kind = 'employment' AND source = '{SOURCE}' AND {mine}")
        )
        taken = {
            r[0]
            for r in conn.execute(
                text(f"SELECT person_id FROM fact WHERE kind = 'employment' AND {mine}")
            )
        }
        employment = employment.filter(~pl.col("person_id").is_in(list(taken)))
        counts = {
            "needs": insert_frame(conn, need, needs.with_columns(stamp)),
            "services": insert_frame(
                conn,
                service_record,
                services.with_columns(pl.lit("synthetic provider").alias("provider"), *stamp),
            ),
            "insurance": insert_frame(conn, insurance_enrollment, insurance.with_columns(stamp)),
            "employment": insert_frame(conn, fact, employment.with_columns(stamp)),
        }
    return counts
