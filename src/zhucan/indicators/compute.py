"""Evaluate indicator definitions on one date for every region of the wanted levels.

The rows counted (people, areas, facilities) are evaluated once with the compiled
expressions, summed at the finest level asked for and rolled up by code prefix, so every
numerator and denominator of a region is the sum of its sub-regions' (for ratios and
counts alike) wherever the indicator is defined at the sub-regions' level.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from zhucan.core.region_code import LEVEL_LENGTHS
from zhucan.indicators.definitions import UNIT_LEVEL, Definition
from zhucan.indicators.frame import person_frame
from zhucan.indicators.history import History
from zhucan.indicators.schemas import UNIT_COUNTS
from zhucan.policy.expr.ast_nodes import Type
from zhucan.policy.expr.to_polars import compile_condition, compile_value
from zhucan.support.facilities import operating_on

RESULT_SCHEMA = {
    "region": pl.String(),
    "level": pl.Int8(),
    "indicator": pl.String(),
    "numerator": pl.Int64(),
    "denominator": pl.Int64(),
}
_SUM_SCHEMA = {
    "key": pl.String(),
    "indicator": pl.String(),
    "numerator": pl.Int64(),
    "denominator": pl.Int64(),
}


def _exprs(d: Definition) -> list[pl.Expr]:
    den = compile_condition(d.denominator_tree) if d.denominator_tree is not None else None
    num = d.numerator_tree
    counted = (
        compile_condition(num).cast(pl.Int64)
        if num.type == Type.BOOL
        else compile_value(num).cast(pl.Int64).fill_null(0)
    )
    if den is None:
        return [counted.alias(f"{d.id}\x00n"), pl.lit(0, pl.Int64).alias(f"{d.id}\x00d")]
    return [
        (counted * den.cast(pl.Int64)).alias(f"{d.id}\x00n"),
        den.cast(pl.Int64).alias(f"{d.id}\x00d"),
    ]


def _sums(
    rows: pl.DataFrame, key: pl.Expr, defs: Sequence[Definition], finest: int
) -> pl.DataFrame:
    """Long frame (key, indicator, numerator, denominator) summed per key prefix."""
    if not defs:
        return pl.DataFrame(schema=_SUM_SCHEMA)
    width = LEVEL_LENGTHS[finest - 1]
    wide = (
        rows.select(key.str.slice(0, width).alias("key"), *(e for d in defs for e in _exprs(d)))
        .group_by("key")
        .agg(pl.exclude("key").sum())
    )
    long = wide.unpivot(index="key", variable_name="col", value_name="v").with_columns(
        pl.col("col").str.split_exact("\x00", 1).struct.rename_fields(["indicator", "part"])
    ).unnest("col")  # fmt: skip
    return long.pivot(on="part", index=["key", "indicator"], values="v").select(
        "key",
        "indicator",
        pl.col("n").cast(pl.Int64).alias("numerator"),
        pl.col("d").cast(pl.Int64).alias("denominator"),
    )


def _rollup(base: pl.DataFrame, regions: pl.DataFrame, levels: Sequence[int]) -> pl.DataFrame:
    out = []
    for level in levels:
        width = LEVEL_LENGTHS[level - 1]
        rolled = (
            base.filter(pl.col("key").str.len_chars() >= width)
            .group_by(pl.col("key").str.slice(0, width).str.pad_end(12, "0").alias("region"),
                      "indicator")
            .agg(pl.col("numerator").sum(), pl.col("denominator").sum())
        )  # fmt: skip
        at_level = regions.filter(pl.col("level") == level).select("region")
        out.append(rolled.join(at_level, on="region", how="inner").with_columns(
            pl.lit(level, pl.Int8).alias("level")))  # fmt: skip
    if not out:
        return pl.DataFrame(schema=RESULT_SCHEMA)
    return pl.concat(out, how="diagonal").select(
        pl.col(c).cast(t) for c, t in RESULT_SCHEMA.items()
    )


def _units(regions: pl.DataFrame, facilities: pl.DataFrame, level: int) -> pl.DataFrame:
    width = LEVEL_LENGTHS[level - 1]
    counts = facilities.group_by(pl.col("region").str.slice(0, width).alias("key")).agg(
        e.cast(pl.Int64).sum().alias(name) for name, e in UNIT_COUNTS.items()
    )
    areas = regions.filter(pl.col("level") == level).select(
        pl.col("region").str.slice(0, width).alias("key")
    )
    return areas.join(counts, on="key", how="left").with_columns(
        pl.exclude("key").fill_null(0)
    )  # fmt: skip


def evaluate(
    history: History,
    day: date,
    regions: pl.DataFrame,
    definitions: Sequence[Definition],
    levels: Sequence[int],
) -> pl.DataFrame:
    """Numerator and denominator of every definition for every region of ``levels``.

    ``regions`` has columns ``region`` (12 digits) and ``level`` for the regions under the
    history's prefix; a definition is left out at levels finer than its rows.
    """
    finest = max(levels)
    parts = []
    people = [d for d in definitions if d.over == "person"]
    if people:
        frame = person_frame(history, day)
        parts.append(_sums(frame, pl.col("hukou_region"), people, finest))
    operating = operating_on(history.facilities, history.ratings, day)
    places = [d for d in definitions if d.over == "facility"]
    parts.append(_sums(operating, pl.col("region"), places, finest))
    for over, unit_level in UNIT_LEVEL.items():
        unit_defs = [d for d in definitions if d.over == over]
        if unit_defs and min(levels) <= unit_level:
            units = _units(regions, operating, unit_level)
            parts.append(_sums(units, pl.col("key"), unit_defs, min(finest, unit_level)))
    base = pl.concat(parts)
    return _rollup(base, regions, levels)
