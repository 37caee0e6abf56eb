"""Load the policy benchmark's people into a registry: the write path, then the extra facts."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
from sqlalchemy import Engine, select

from zhucan.access.crypto import get_cipher
from zhucan.registry.rows import Provenance, next_id
from zhucan.registry.tables import fact, person
from zhucan.registry.write import write_people
from zhucan.storage.bulk import bulk_insert, read_frame

FACTS_FROM = date(2020, 1, 1)
_DECIMALS = ("household_income_per_head", "personal_income", "similar_allowance")


def _text(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String).str.replace(r"0+$", "").str.strip_suffix(".")


def load_people(engine: Engine, frame: pl.DataFrame) -> None:
    """Write ``frame`` (``policy_data.people``) with its care, income and benefit facts."""
    cipher = get_cipher()
    now = datetime.now()
    with engine.begin() as conn:
        write_people(conn, frame, cipher, Provenance("bench", "bench", now))
    ids = read_frame(
        engine,
        str(select(person.c.id, person.c.citizen_id_bidx).compile(engine)),
        {"id": pl.Int64()},
    )
    bidx = pl.Series("citizen_id_bidx", cipher.blind_index_many(frame["citizen_id"].to_list()))
    keyed = frame.with_columns(bidx).join(ids, on="citizen_id_bidx", how="left")
    parts = [
        keyed.select(pl.col("id").alias("person_id"), pl.lit(c).alias("kind"), _text(c))
        for c in _DECIMALS
    ]
    parts.append(
        keyed.select(
            pl.col("id").alias("person_id"),
            pl.lit("self_care").alias("kind"),
            pl.col("self_care").alias("value"),
        )
    )
    parts.append(
        keyed.filter(pl.col("institutional_care")).select(
            pl.col("id").alias("person_id"),
            pl.lit("institutional_care").alias("kind"),
            pl.lit("true").alias("value"),
        )
    )
    parts.append(
        keyed.select(
            pl.col("id").alias("person_id"),
            pl.lit("other_benefit").alias("kind"),
            pl.col("other_benefits").alias("value"),
        ).explode("value")
    )
    rows = pl.concat([p.rename({p.columns[2]: "value"}) for p in parts], how="vertical").filter(
        pl.col("value").is_not_null()
    )
    with engine.begin() as conn:
        start = next_id(conn, fact.c.id)
        facts = rows.with_columns(
            pl.int_range(start, start + rows.height).alias("id"),
            pl.lit(FACTS_FROM).alias("valid_from"),
            pl.lit(None, pl.Date).alias("valid_to"),
            pl.lit("bench").alias("source"),
            pl.lit("bench").alias("recorded_by"),
            pl.lit(now).alias("recorded_at"),
            pl.lit(None, pl.Datetime("us")).alias("retracted_at"),
        )
        bulk_insert(conn, fact, facts)
