"""Evaluate indicator definitions on one date for every region of the wanted levels.

The rows counted (people, areas, facilities) are evaluated once with the compiled
expressions, summed at the finest level asked for and rolled up by code prefix, so every
numerator and denominator of a region is the sum of its sub-regions' (for ratios and
counts alike) wherever the indicator is defined at the sub-regions' level.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import polars as pl
from sqlalchemy import Engine

from zhucan.core.region_code import LEVEL_LENGTHS
from zhucan.indicators.definitions import UNIT_LEVEL, Definition
from zhucan.indicators.program_counts import SubsidyRules, program_reads, program_rows
from zhucan.indicators.schemas import UNIT_COUNTS
from zhucan.indicators.state import Needs, person_segments, rewrite
from zhucan.policy.expr.ast_nodes import Type
from zhucan.policy.expr.to_polars import compile_condition, compile_value
from zhucan.storage.bulk import prepare_reads
from zhucan.support.facilities import facility_history, operating_on

RESULT_SCHEMA = {
    "region": pl.String(),
    "level": pl.Int8(),
    "indicator": pl.String(),
    "numerator": pl.Int64(),
    "denominator": pl.Int64(),
}


def _exprs(d: Definition, rewritten: bool = False) -> list[pl.Expr]:
    trees = [d.numerator_tree, d.denominator_tree]
    num, den_tree = (rewrite(t) if rewritten and t is not None else t for t in trees)
    assert num is not None
    den = compile_condition(den_tree) if den_tree is not None else None
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


def _wide(
    rows: pl.DataFrame, key: pl.Expr, defs: Sequence[Definition], finest: int
) -> pl.DataFrame:
    """Sums (key, ``<id>\x00n``, ``<id>\x00d`` …) per key prefix of the finest level."""
    width = LEVEL_LENGTHS[finest - 1]
    return (
        rows.select(key.str.slice(0, width).alias("key"), *(e for d in defs for e in _exprs(d)))
        .group_by("key")
        .agg(pl.exclude("key").sum())
    )


def _rollup_wide(wide: pl.DataFrame, regions: pl.DataFrame, levels: Sequence[int]) -> pl.DataFrame:
    """:data:`RESULT_SCHEMA` rows plus ``k`` from wide sums: added up by code prefix first
    (a few hundred thousand cells), turned into rows last."""
    num = [c for c in wide.columns if c.endswith("\x00n")]
    den = [c[:-1] + "d" for c in num]
    shortest = wide.select(pl.col("key").str.len_chars().min()).item() if wide.height else None
    out = []
    for level in levels:
        width = LEVEL_LENGTHS[level - 1]
        if shortest is None or width > shortest:
            continue  # not defined at this level (rows are coarser)
        rolled = (
            wide.group_by(
                pl.col("key").str.slice(0, width).str.pad_end(12, "0").alias("region"), "k"
            )
            .agg(pl.col(num + den).sum())
            .join(
                regions.filter(pl.col("level") == level).select("region"), on="region", how="semi"
            )
        )
        n_long = rolled.unpivot(
            num, index=["region", "k"], variable_name="indicator", value_name="numerator"
        )
        d_long = rolled.unpivot(den, index=["region", "k"], value_name="denominator")
        out.append(
            n_long.with_columns(
                pl.col("indicator").str.slice(0, pl.col("indicator").str.len_chars() - 2),
                d_long["denominator"],
                pl.lit(level, pl.Int8).alias("level"),
            )
        )
    schema = {**RESULT_SCHEMA, "k": pl.Int32()}
    if not out:
        return pl.DataFrame(schema=schema)
    return pl.concat(out).select(pl.col(c).cast(t) for c, t in schema.items())


def _units(regions: pl.DataFrame, facilities: pl.DataFrame, level: int) -> pl.DataFrame:
    width = LEVEL_LENGTHS[level - 1]
    counts = facilities.group_by(pl.col("region").str.slice(0, width).alias("key")).agg(
        e.cast(pl.Int64).sum().alias(name) for name, e in UNIT_COUNTS.items()
    )
    areas = regions.filter(pl.col("level") == level).select(
        pl.col("region").str.slice(0, width).alias("key")
    )
    return areas.join(counts, on="key", how="left").with_columns(pl.exclude("key").fill_null(0))


def _person_sums(segments: pl.DataFrame, defs: Sequence[Definition], width: int) -> pl.DataFrame:
    """Wide sums (key, k, ``<id>\x00n``, ``<id>\x00d`` …) of the person indicators per date."""
    exprs = [e for d in defs for e in _exprs(d, rewritten=True)]
    # one pass: sums per (key, segment span); a span [s, e) counts on the dates s … e-1
    spans = (
        segments.lazy()
        .select(pl.col("hukou_region").str.slice(0, width).alias("key"), "s", "e", *exprs)
        .group_by("key", "s", "e")
        .agg(pl.exclude("key", "s", "e").sum())
        .collect(engine="streaming")
    )
    cols = [c for c in spans.columns if "\x00" in c]
    wide = (
        spans.with_columns(pl.int_ranges("s", "e", dtype=pl.Int32).alias("k"))
        .explode("k")
        .group_by("key", "k")
        .agg(pl.col(cols).sum())
    )
    return wide


def evaluate_days(
    engine: Engine,
    prefix: str,
    days: Sequence[date],
    regions: pl.DataFrame,
    definitions: Sequence[Definition],
    levels: Sequence[int],
) -> pl.DataFrame:
    """:data:`RESULT_SCHEMA` plus ``date`` for every day of ``days`` (ascending), read once.

    People are read and evaluated per segment of constant state (:mod:`.state`); the
    facilities (a few thousand rows) are evaluated date by date.
    """
    prepare_reads(engine)  # the helpers start while the policies load and queries are built
    days = sorted(set(days))
    finest = max(levels)
    parts = []
    people = [d for d in definitions if d.over == "person"]
    rules = SubsidyRules.of(definitions)
    segments = None
    with ThreadPoolExecutor(1) as pool:  # the other tables are read beside the people
        other = pool.submit(program_reads, engine, prefix, days, definitions, rules)
        if people or rules:
            trees = [
                rewrite(t) for d in people for t in (d.numerator_tree, d.denominator_tree) if t
            ]
            extra = rules.state_columns if rules else set()
            segments = person_segments(engine, prefix, days, Needs.of(trees), extra)
        reads = other.result()
    if people and segments is not None:
        parts.append(_person_sums(segments, people, LEVEL_LENGTHS[finest - 1]))
    places = [d for d in definitions if d.over == "facility"]
    units = {
        over: [d for d in definitions if d.over == over]
        for over, unit_level in UNIT_LEVEL.items()
        if min(levels) <= unit_level
    }
    if places or any(units.values()):
        facilities, ratings = facility_history(engine, prefix)
        per_day: list[list[pl.DataFrame]] = []
        for k, day in enumerate(days):
            operating = operating_on(facilities, ratings, day)
            at = [_wide(operating, pl.col("region"), places, finest)]
            for over, unit_defs in units.items():
                if unit_defs:
                    unit_level = UNIT_LEVEL[over]
                    rows = _units(regions, operating, unit_level)
                    at.append(_wide(rows, pl.col("key"), unit_defs, min(finest, unit_level)))
            per_day.append([w.with_columns(pl.lit(k, pl.Int32).alias("k")) for w in at])
        parts.extend(pl.concat(same) for same in zip(*per_day, strict=True))
    for over, frames in program_rows(reads, days, segments, rules).items():
        same = [d for d in definitions if d.over == over]  # subsidies, cases, graduates
        wides = (_wide(f, pl.col("region"), same, finest) for f in frames)
        parts.append(
            pl.concat(w.with_columns(pl.lit(k, pl.Int32).alias("k")) for k, w in enumerate(wides))
        )
    out = (
        pl.concat(
            [_rollup_wide(w, regions, levels) for w in parts if w.width > 2],
            how="vertical_relaxed",
        )
        if parts
        else pl.DataFrame(schema={**RESULT_SCHEMA, "k": pl.Int32()})
    )
    return out.with_columns(
        pl.col("k").replace_strict(dict(enumerate(days)), return_dtype=pl.Date).alias("date")
    ).drop("k")
