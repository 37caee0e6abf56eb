"""A snapshot-shaped frame from a canonical person frame, with the registry's own pivot.

For people who are not (or not yet) on file: every value is taken as in force on the date,
and the frame goes through :func:`zhucan.registry.snapshot.assemble`, so derived columns
(age, alive, certificate_valid, …) mean exactly what they mean for registered people.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from zhucan.access.masking import mask_citizen_id_expr, mask_phone_expr
from zhucan.registry.facts import DECIMAL_FACTS, FactKind
from zhucan.registry.snapshot import assemble

EXTRA_COLUMNS: dict[str, pl.DataType] = {
    "other_benefits": pl.List(pl.String()),
    "institutional_care": pl.Boolean(),
    "household_income_per_head": pl.Decimal(38, 4),
    "personal_income": pl.Decimal(38, 4),
    "self_care": pl.String(),
    "similar_allowance": pl.Decimal(38, 4),
}
_EPOCH = date(1900, 1, 1)


def _text(column: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(column)
    if dtype == pl.Boolean():
        return pl.when(col).then(pl.lit("true")).when(~col).then(pl.lit("false"))
    if dtype == pl.Date():
        return col.dt.to_string("%Y-%m-%d")
    return col.cast(pl.String)


def snapshot_of(people: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Columns of ``SNAPSHOT_SCHEMA``; person ids from a ``person_id`` column, else 1…n."""
    ids = pl.int_range(1, people.height + 1, dtype=pl.Int64)
    frame = people.with_columns(
        pl.col("person_id") if "person_id" in people.columns else ids.alias("person_id"),
        *(pl.lit(None, t).alias(c) for c, t in EXTRA_COLUMNS.items() if c not in people.columns),
    )
    persons = frame.select(
        "person_id",
        "name",
        mask_citizen_id_expr("citizen_id").alias("citizen_id_masked"),
        mask_phone_expr("phone").alias("phone_masked"),
        "sex",
        "birth_date",
        pl.lit(None, pl.Int64).alias("household_id"),
    )
    sources = {
        FactKind.HUKOU_REGION: "hukou_region",
        FactKind.HUKOU_TYPE: "hukou_type",
        FactKind.RESIDENCE_REGION: "residence_region",
        FactKind.ASSISTANCE: "assistance",
        FactKind.LONG_TERM_CARE: "needs_long_term_care",
        FactKind.INSTITUTIONAL_CARE: "institutional_care",
        FactKind.SELF_CARE: "self_care",
        **{k: k.value for k in DECIMAL_FACTS},
    }
    parts = [
        frame.select(
            "person_id",
            pl.lit(kind.value).alias("kind"),
            _text(column, frame.schema[column]).alias("value"),
        )
        for kind, column in sources.items()
    ]
    died = pl.col("death_date") <= as_of
    parts.append(
        frame.select(
            "person_id",
            pl.lit(FactKind.DEATH.value).alias("kind"),
            pl.when(died).then(pl.col("death_date").dt.to_string("%Y-%m-%d")).alias("value"),
        )
    )
    parts.append(
        frame.select(
            "person_id",
            pl.lit(FactKind.OTHER_BENEFIT.value).alias("kind"),
            pl.col("other_benefits").alias("value"),
        ).explode("value")
    )
    facts = (
        pl.concat(parts)
        .filter(pl.col("value").is_not_null())
        .with_columns(pl.lit(_EPOCH).alias("valid_from"))
    )
    certs = frame.select(
        "person_id",
        "category",
        "grade",
        "certificate_issued",
        "certificate_valid_until",
        pl.col("certificate_status").fill_null("valid"),
    )
    return assemble(persons, facts, certs, as_of)
