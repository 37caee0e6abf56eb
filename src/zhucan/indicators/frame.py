"""The per-person indicator frame on one date, built in memory from a :class:`History`.

One row per certificate holder alive, with a valid certificate and a 户籍 on the date.
Needs are those of the date's year; ``services`` are those delivered from 1 January of
that year up to the date (year to date); ``services_plan`` and ``*_times_plan`` count from
the start of the plan period (2021-01-01).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from zhucan.indicators.history import FACT_KINDS, PLAN_START, History
from zhucan.support.kinds import ServiceKind

PERSON_SCHEMA: dict[str, pl.DataType] = {
    "person_id": pl.Int64(),
    "hukou_region": pl.String(),
    "household_id": pl.Int64(),
    "sex": pl.String(),
    "age": pl.Int32(),
    "category": pl.Int8(),
    "grade": pl.Int8(),
    "urban": pl.Boolean(),
    "assistance": pl.String(),
    "institutional_care": pl.Boolean(),
    "needs_long_term_care": pl.Boolean(),
    "employed": pl.Boolean(),
    "needs": pl.List(pl.String()),
    "services": pl.List(pl.String()),
    "services_plan": pl.List(pl.String()),
    "insurance": pl.List(pl.String()),
    **{f"{k.value}_times": pl.Int64() for k in ServiceKind},
    **{f"{k.value}_times_plan": pl.Int64() for k in ServiceKind},
}


def in_force(frame: pl.DataFrame, day: date) -> pl.DataFrame:
    """Rows whose ``[valid_from, valid_to)`` holds ``day``."""
    d = pl.lit(day)
    return frame.filter(
        (pl.col("valid_from") <= d) & (pl.col("valid_to").is_null() | (pl.col("valid_to") > d))
    )


def _age(day: date) -> pl.Expr:
    birth = pl.col("birth_date")
    before = pl.lit(day.month * 100 + day.day) < (
        birth.dt.month().cast(pl.Int32) * 100 + birth.dt.day().cast(pl.Int32)
    )
    return (pl.lit(day.year) - birth.dt.year().cast(pl.Int32) - before.cast(pl.Int32)).cast(
        pl.Int32
    )


def _lists(frame: pl.DataFrame, column: str, name: str) -> pl.DataFrame:
    return frame.group_by("person_id").agg(pl.col(column).unique().sort().alias(name))


def _suffixed(frame: pl.DataFrame, suffix: str) -> pl.DataFrame:
    return frame.rename({c: c + suffix for c in frame.columns if c != "person_id"})


def _service_counts(services: pl.DataFrame, day: date) -> pl.DataFrame:
    """Per person: quantities by kind this year and since the plan start, and the kinds."""
    year_start = pl.lit(date(day.year, 1, 1))
    by_kind = (
        services.filter(pl.col("delivered_on") <= pl.lit(day))
        .with_columns((pl.col("delivered_on") >= year_start).alias("this_year"))
        .group_by("person_id", "kind", "this_year")
        .agg(pl.col("quantity").sum(), (pl.col("delivered_on") >= pl.lit(PLAN_START)).any())
    )
    plan = (
        by_kind.filter(pl.col("delivered_on"))
        .group_by("person_id", "kind")
        .agg(pl.col("quantity").sum())
    )
    year = by_kind.filter(pl.col("this_year"))
    wide = []
    for frame, suffix in ((year, "_times"), (plan, "_times_plan")):
        wide.append(
            _suffixed(
                frame.pivot(
                    on="kind", index="person_id", values="quantity", aggregate_function="sum"
                ),
                suffix,
            ).join(
                frame.group_by("person_id").agg(pl.col("kind").alias("services" + suffix[6:])),
                on="person_id",
            )
        )
    return wide[0].join(wide[1], on="person_id", how="full", coalesce=True)


def person_frame(history: History, day: date) -> pl.DataFrame:
    """The indicator frame of the people under the history's region on ``day``."""
    facts = in_force(history.facts, day)
    wide = facts.pivot(on="kind", index="person_id", values="value", aggregate_function="last")
    for kind in FACT_KINDS:
        if kind not in wide.columns:
            wide = wide.with_columns(pl.lit(None, pl.String).alias(kind))
    counts = _service_counts(history.services, day)
    missing = [
        c
        for c in PERSON_SCHEMA
        if c.endswith(("_times", "_times_plan", "services", "services_plan"))
        and c not in counts.columns
    ]
    counts = counts.with_columns(pl.lit(None, PERSON_SCHEMA[c]).alias(c) for c in missing)
    certs = in_force(history.certs, day).unique("person_id", keep="last")
    d = pl.lit(day)
    valid = (
        (pl.col("status") == "valid")
        & pl.col("issued").le(d).fill_null(True)
        & pl.col("valid_until").ge(d).fill_null(True)
    )
    needs = _lists(history.needs.filter(pl.col("year") == day.year), "kind", "needs")
    insurance = _lists(in_force(history.insurance, day), "scheme", "insurance")
    empty: pl.Expr = pl.lit([], pl.List(pl.String()))
    out = (
        wide.filter(
            pl.col("hukou_region").str.starts_with(history.prefix), pl.col("death").is_null()
        )
        .join(certs.filter(valid), on="person_id", how="inner")
        .join(history.people, on="person_id", how="inner")
        .join(needs, on="person_id", how="left")
        .join(insurance, on="person_id", how="left")
        .join(counts, on="person_id", how="left")
        .with_columns(
            _age(day).alias("age"),
            (pl.col("hukou_type") == "urban").fill_null(False).alias("urban"),
            pl.col("assistance").fill_null("none"),
            (pl.col("institutional_care") == "true").fill_null(False),
            (pl.col("long_term_care") == "true").fill_null(False).alias("needs_long_term_care"),
            (pl.col("employment").is_not_null() & ~pl.col("employment").is_in(["unemployed"]))
            .fill_null(False)
            .alias("employed"),
            *(pl.col(c).fill_null(empty) for c in ("needs", "services", "services_plan")),
            pl.col("insurance").fill_null(empty),
            *(
                pl.col(c).fill_null(0)
                for c in PERSON_SCHEMA
                if c.endswith(("_times", "_times_plan"))
            ),
        )
    )
    return out.select(pl.col(c).cast(t) for c, t in PERSON_SCHEMA.items())
