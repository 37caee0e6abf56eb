"""Row builders shared by the registry's writers: provenance, ids, certificate and fact rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import polars as pl
from sqlalchemy import ColumnElement, Connection, func, select

from zhucan.registry.facts import FRAME_FACTS, FactKind


@dataclass(frozen=True)
class Provenance:
    """Where a change comes from: source text, the user, and the time of recording."""

    source: str
    recorded_by: str
    now: datetime

    @property
    def today(self) -> date:
        """The day of recording."""
        return self.now.date()


def next_id(conn: Connection, table_id: ColumnElement[int]) -> int:
    """The next free id of a table (callers hold the registry write lock)."""
    return int(conn.execute(select(func.coalesce(func.max(table_id), 0))).scalar_one()) + 1


def certificate_rows(rows: pl.DataFrame, start: int, prov: Provenance) -> pl.DataFrame:
    """Certificate versions for ``rows`` (columns id, eff and the certificate fields)."""
    return rows.select(
        pl.int_range(start, start + rows.height, dtype=pl.Int64).alias("id"),
        pl.col("id").alias("person_id"),
        pl.col("category").cast(pl.Int16),
        pl.col("grade").cast(pl.Int16),
        pl.col("certificate_issued").alias("issued"),
        pl.col("certificate_valid_until").alias("valid_until"),
        pl.col("certificate_status").fill_null("valid").alias("status"),
        pl.col("eff").alias("valid_from"),
        pl.lit(None, pl.Date).alias("valid_to"),
        pl.lit(prov.source).alias("source"),
        pl.lit(prov.recorded_by).alias("recorded_by"),
        pl.lit(prov.now).alias("recorded_at"),
        pl.lit(None, pl.Datetime("us")).alias("retracted_at"),
    )


def fact_values(rows: pl.DataFrame) -> pl.DataFrame:
    """Long frame (id, kind, value, valid_from, is_default) of single-valued and death facts.

    ``is_default`` marks a value that needs no row of its own: no assistance, no care need,
    living where one's 户籍 is. Such a value closes an open fact but opens none.
    """
    parts = [
        rows.select(
            pl.col("id"),
            pl.lit(kind.value).alias("kind"),
            as_text(column).alias("value"),
            pl.col("eff").alias("valid_from"),
            is_default(column).alias("is_default"),
        )
        for column, kind in FRAME_FACTS.items()
    ]
    parts.append(
        rows.select(
            pl.col("id"),
            pl.lit(FactKind.DEATH.value).alias("kind"),
            pl.col("death_date").dt.to_string("%Y-%m-%d").alias("value"),
            pl.col("death_date").alias("valid_from"),
            pl.lit(False).alias("is_default"),
        )
    )
    return pl.concat(parts).filter(pl.col("value").is_not_null())


def is_default(column: str) -> pl.Expr:
    if column == "assistance":
        return pl.col(column) == "none"
    if column == "needs_long_term_care":
        return ~pl.col(column)
    if column == "residence_region":
        return pl.col(column) == pl.col("hukou_region")
    return pl.lit(False)


def as_text(column: str) -> pl.Expr:
    col = pl.col(column)
    if column == "needs_long_term_care":
        return pl.when(col).then(pl.lit("true")).when(~col).then(pl.lit("false"))
    return col


def fact_rows(values: pl.DataFrame, start: int, prov: Provenance) -> pl.DataFrame:
    """Fact table rows from a long frame (id, kind, value, valid_from)."""
    return values.select(
        pl.int_range(start, start + values.height, dtype=pl.Int64).alias("id"),
        pl.col("id").alias("person_id"),
        pl.col("kind"),
        pl.col("value"),
        pl.col("valid_from"),
        pl.lit(None, pl.Date).alias("valid_to"),
        pl.lit(prov.source).alias("source"),
        pl.lit(prov.recorded_by).alias("recorded_by"),
        pl.lit(prov.now).alias("recorded_at"),
        pl.lit(None, pl.Datetime("us")).alias("retracted_at"),
    )
