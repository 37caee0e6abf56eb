"""Stored indicator values: refresh one date under a region, read a region and its children.

:func:`refresh` computes :func:`~zhucan.indicators.service.all_regions` once and replaces
that date's rows under the region in one transaction (bulk insert). :func:`stored` gives
the rows :func:`~zhucan.indicators.service.compute_indicators` would, from the table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import Engine, delete, func, or_, select

from zhucan.access import audit
from zhucan.access.scope import SYSTEM, Actor, ensure_in_scope
from zhucan.access.tables import audit_log
from zhucan.core.region_code import normalize_region_code, significant_prefix
from zhucan.indicators.definitions import Definition, load_definitions
from zhucan.indicators.service import _rows, all_regions
from zhucan.indicators.tables import indicator_value as iv
from zhucan.registry.tables import region as region_table
from zhucan.storage.bulk import bulk_insert
from zhucan.storage.engine import reading

#: The audit action of a refresh: the only writer of stored values, in the same transaction.
REFRESH_ACTION = "indicators.refresh"


@dataclass(frozen=True)
class Refreshed:
    """What a refresh wrote."""

    region: str
    as_of: dt.date
    rows: int
    computed_at: dt.datetime


def value_text(numerator: pl.Expr, denominator: pl.Expr, ratio: pl.Expr) -> pl.Expr:
    """The value as exact decimal text: 100·n/d to 2 places (half to even), or the count.

    >>> frame = pl.DataFrame(
    ...     {"n": [2, 1, 7, 1], "d": [3, 0, 0, 32], "r": [True, True, False, True]})
    >>> frame.select(value_text(pl.col("n"), pl.col("d"), pl.col("r")))["value"].to_list()
    ['66.67', None, '7', '3.12']
    """
    scaled = numerator * 10_000
    den = pl.when(denominator > 0).then(denominator)
    q, r = scaled // den, scaled % den
    up = (2 * r > den) | ((2 * r == den) & (q % 2 == 1))
    hundredths = q + up.cast(pl.Int64)
    ratio_text = (
        (hundredths // 100).cast(pl.String) + "." + (hundredths % 100).cast(pl.String).str.zfill(2)
    )
    return pl.when(ratio).then(ratio_text).otherwise(numerator.cast(pl.String)).alias("value")


def refresh(
    engine: Engine,
    region: str,
    as_of: dt.date,
    actor: Actor = SYSTEM,
    definitions: Sequence[Definition] | None = None,
) -> Refreshed:
    """Compute every indicator under ``region`` on ``as_of`` and replace the stored rows."""
    code = normalize_region_code(region)
    ensure_in_scope(actor, code)
    defs = list(definitions or load_definitions())
    table = all_regions(engine, code, as_of, defs)
    ratios = [d.id for d in defs if d.is_ratio]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    frame = table.select(
        "region",
        pl.lit(as_of, pl.Date).alias("as_of"),
        "indicator",
        pl.col("level").cast(pl.Int16),
        "numerator",
        "denominator",
        value_text(pl.col("numerator"), pl.col("denominator"), pl.col("indicator").is_in(ratios)),
        pl.lit(now, pl.Datetime("us")).alias("computed_at"),
        pl.lit(actor.username).alias("computed_by"),
    )
    prefix = significant_prefix(code)  # digits only: no LIKE wildcards
    with engine.begin() as conn:
        conn.execute(delete(iv).where(iv.c.as_of == as_of, iv.c.region.like(prefix + "%")))
        written = bulk_insert(conn, iv, frame)
        audit.record(
            conn,
            actor.username,
            REFRESH_ACTION,
            "region",
            code,
            {"as_of": as_of.isoformat(), "rows": written},
        )
    return Refreshed(code, as_of, written, now)


def _region_and_children(engine: Engine, code: str, children: bool) -> pl.DataFrame:
    here = region_table.c.code == code
    stmt = (
        select(region_table.c.code, region_table.c.name, region_table.c.parent_code)
        .where(or_(here, region_table.c.parent_code == code) if children else here)
        .order_by(region_table.c.code)
    )
    with reading(engine) as conn:
        rows = conn.execute(stmt).all()
    return pl.DataFrame(
        [tuple(r) for r in rows],
        schema={"region": pl.String(), "name": pl.String(), "parent_code": pl.String()},
        orient="row",
    )


def stored(
    engine: Engine,
    region: str,
    as_of: dt.date,
    definitions: Sequence[Definition] | None = None,
    children: bool = True,
) -> list[dict[str, Any]]:
    """The stored rows of ``region`` and each direct sub-region (unless ``children`` is
    false), as ``compute_indicators`` gives them; empty when nothing is stored for the date."""
    code = normalize_region_code(region)
    regions = _region_and_children(engine, code, children)
    codes = regions["region"].to_list()
    stmt = select(iv.c.region, iv.c.indicator, iv.c.numerator, iv.c.denominator).where(
        iv.c.as_of == as_of, iv.c.region.in_(codes)
    )
    with reading(engine) as conn:
        rows = conn.execute(stmt).all()
    if not any(r.region == code for r in rows):
        return []
    table = pl.DataFrame(
        [tuple(r) for r in rows],
        schema={
            "region": pl.String(),
            "indicator": pl.String(),
            "numerator": pl.Int64(),
            "denominator": pl.Int64(),
        },
        orient="row",
    )
    kids = [c for c in codes if c != code]
    return _rows(table, regions, [code, *kids], list(definitions or load_definitions()))


def refresh_mark(engine: Engine) -> int:
    """The audit id of the latest refresh (0 if none).

    Stored values change only in :func:`refresh`, which audits itself in the same
    transaction, so anything built from them stays right while this number is unchanged.
    """
    stmt = select(func.max(audit_log.c.id)).where(audit_log.c.action == REFRESH_ACTION)
    with reading(engine) as conn:
        return conn.scalar(stmt) or 0


def stored_dates(engine: Engine, region: str) -> list[dt.date]:
    """The dates with stored values for ``region``, newest first."""
    code = normalize_region_code(region)
    stmt = select(iv.c.as_of).where(iv.c.region == code).distinct().order_by(iv.c.as_of.desc())
    with reading(engine) as conn:
        return list(conn.execute(stmt).scalars())


def computed(engine: Engine, region: str, as_of: dt.date) -> dict[str, Any] | None:
    """When and by whom the region's values on ``as_of`` were computed (None if never)."""
    code = normalize_region_code(region)
    stmt = (
        select(iv.c.computed_at, iv.c.computed_by)
        .where(iv.c.region == code, iv.c.as_of == as_of)
        .order_by(iv.c.computed_at.desc())
        .limit(1)
    )
    with reading(engine) as conn:
        row = conn.execute(stmt).first()
    return None if row is None else {"at": row.computed_at, "by": row.computed_by}


def stored_series(engine: Engine, region: str, indicator: str) -> list[dict[str, Any]]:
    """The region's stored numerator and denominator of ``indicator`` at every stored date."""
    code = normalize_region_code(region)
    stmt = (
        select(iv.c.as_of, iv.c.numerator, iv.c.denominator)
        .where(iv.c.region == code, iv.c.indicator == indicator)
        .order_by(iv.c.as_of)
    )
    with reading(engine) as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]
