"""Registry counts: living certificate holders by sub-region, category and grade."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import Engine

from zhucan.access.scope import Actor
from zhucan.core.disability import Category, Grade
from zhucan.core.region_code import normalize_region_code, region_level
from zhucan.registry import regions as reg
from zhucan.registry.snapshot import snapshot

_CHILD_PREFIX = {1: 4, 2: 6, 3: 9, 4: 12, 5: 12}


def registry_counts(
    engine: Engine, actor: Actor, region: str | None, as_of: date
) -> dict[str, Any]:
    """Counts of living holders of a valid certificate in ``region`` on ``as_of``."""
    code = normalize_region_code(region) if region else (actor.jurisdiction or None)
    snap = snapshot(engine, as_of, actor, region=code).filter(
        pl.col("alive") & pl.col("certificate_valid")
    )
    level = region_level(code) if code else 0
    width = _CHILD_PREFIX.get(level, 2)
    by_child = (
        snap.group_by(pl.col("hukou_region").str.slice(0, width).alias("prefix"))
        .len("count")
        .sort("prefix")
    )
    with engine.connect() as conn:
        names = {r["code"]: r["name"] for r in (reg.children(conn, code) if code else [])}
        region_name = reg.full_name(conn, code) if code else "全国"
    by_region = [
        {"code": (p + "0" * 12)[:12], "name": names.get((p + "0" * 12)[:12], p), "count": n}
        for p, n in by_child.iter_rows()
    ]
    return {
        "region": code,
        "region_name": region_name,
        "as_of": as_of.isoformat(),
        "total": snap.height,
        "by_region": by_region,
        "by_category": _labelled(snap, "category", lambda v: Category(v).zh),
        "by_grade": _labelled(snap, "grade", lambda v: Grade(v).zh),
    }


def _labelled(snap: pl.DataFrame, column: str, label: Any) -> list[dict[str, Any]]:
    counts = snap.group_by(column).len("count").drop_nulls(column).sort(column)
    return [{"code": int(v), "name": label(int(v)), "count": n} for v, n in counts.iter_rows()]
