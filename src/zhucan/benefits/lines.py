"""The difference between what is due and what was booked, as new payment lines.

For every person and month examined: entitled fen (eligible on the month's first day,
enrolled, not stopped) minus fen already booked (lines not failed at the bank). Any
non-zero difference becomes one new line with the next free ``seq``: the month's regular
line, arrears (补发) or an overpayment to recover (追回). People whose payment is
suspended get no line until it is lifted; the difference is then paid as arrears.
"""

from __future__ import annotations

import polars as pl

from zhucan.benefits.reads import BOOKED_SCHEMA, ENROL_SCHEMA
from zhucan.benefits.reasons import line_reason

LINE_COLUMNS = (
    "person_id",
    "month",
    "seq",
    "kind",
    "amount_fen",
    "entitled_fen",
    "booked_fen",
    "policy",
    "version",
    "params",
    "reason",
    "region",
    "status",
    "failed",
)


def enrolled_expr(auto: bool) -> pl.Expr:
    """Whether a row's month lies in the person's enrolment (auto programs: unless stopped)."""
    month = pl.col("month")
    ended = pl.col("end_month").is_not_null() & (month >= pl.col("end_month"))
    if auto:
        return ~ended.fill_null(False)
    started = pl.col("start_month").is_not_null() & (pl.col("start_month") <= month)
    return (started & ~ended).fill_null(False)


def difference_lines(
    decisions: pl.DataFrame,
    booked: pl.DataFrame,
    enrol: pl.DataFrame,
    changes: pl.DataFrame,
    period: str,
    auto: bool,
) -> pl.DataFrame:
    """New lines for ``decisions`` (person_id, month, decision columns) given what is booked."""
    rows = (
        decisions.join(booked.select(list(BOOKED_SCHEMA)), on=["person_id", "month"], how="left")
        .join(enrol.select(list(ENROL_SCHEMA)), on="person_id", how="left")
        .join(changes, on="person_id", how="left")
        .filter(pl.col("suspended_from").is_null() | (pl.col("suspended_from") > period))
        .with_columns(
            pl.when(pl.col("eligible") & enrolled_expr(auto))
            .then(pl.col("amount_fen"))
            .otherwise(0)
            .alias("entitled_fen"),
            pl.col("booked_fen").fill_null(0),
            pl.col("next_seq").fill_null(0).alias("seq"),
        )
        .with_columns((pl.col("entitled_fen") - pl.col("booked_fen")).alias("amount_fen"))
        .filter(pl.col("amount_fen") != 0)
    )
    kind = (
        pl.when((pl.col("month") == period) & (pl.col("seq") == 0) & (pl.col("amount_fen") > 0))
        .then(pl.lit("regular"))
        .when(pl.col("amount_fen") > 0)
        .then(pl.lit("arrears"))
        .otherwise(pl.lit("recovery"))
    )
    change = pl.coalesce(
        pl.col("change"),
        pl.when(pl.col("failed_note").is_not_null()).then(
            pl.concat_str([pl.lit("上次发放失败（"), pl.col("failed_note"), pl.lit("），结转补发")])
        ),
    )
    return (
        rows.with_columns(kind.alias("kind"), change.alias("change"))
        .with_columns(
            line_reason().alias("reason"),
            pl.col("hukou_region").alias("region"),
            pl.when(pl.col("amount_fen") < 0)
            .then(pl.lit("to_recover"))
            .otherwise(pl.lit("pending"))
            .alias("status"),
            pl.col("seq").cast(pl.Int64),
        )
        .select(LINE_COLUMNS)
        .sort("person_id", "month")
    )
