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
from zhucan.registry.snapshot import SNAPSHOT_SCHEMA, assemble

EXTRA_COLUMNS: dict[str, pl.DataType] = {
    "other_benefits": pl.List(pl.String()),
    "institutional_care": pl.Boolean(),
    "household_income_per_head": pl.Decimal(38, 4),
    "personal_income": pl.Decimal(38, 4),
    "self_care": pl.String(),
    "similar_allowance": pl.Decimal(38, 4),
}
_EPOCH = date(1900, 1, 1)
_AMOUNT = pl.Decimal(38, 4)


def _text(column: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(column)
    if dtype == pl.Boolean():
        return pl.when(col).then(pl.lit("true")).when(~col).then(pl.lit("false"))
    if dtype == pl.Date():
        return col.dt.to_string("%Y-%m-%d")
    return col.cast(pl.String)


def snapshot_of(people: pl.DataFrame, as_of: date, identity: bool = True) -> pl.DataFrame:
    """Columns of ``SNAPSHOT_SCHEMA``; person ids from a ``person_id`` column, else 1…n.

    With one row per person id the columns are derived directly, exactly as the pivot of
    :func:`by_facts` would give them (a test holds the two equal); otherwise through it.
    ``identity=False`` leaves the masked citizen ID and phone null: no rule reads them, so
    a frame only evaluated need not compute them.
    """
    ids = pl.int_range(1, people.height + 1, dtype=pl.Int64)
    frame = people.with_columns(
        pl.col("person_id") if "person_id" in people.columns else ids.alias("person_id"),
        *(pl.lit(None, t).alias(c) for c, t in EXTRA_COLUMNS.items() if c not in people.columns),
    )
    if frame.get_column("person_id").is_duplicated().any():
        return by_facts(frame, as_of)
    return _direct(frame, as_of, identity)


def _direct(frame: pl.DataFrame, as_of: date, identity: bool) -> pl.DataFrame:
    """The snapshot of one row per person without the long facts table (one lazy query).

    Columns that already have the snapshot's type (Boolean facts, decimal amounts, dates)
    are taken as they are instead of through the facts' text form, which gives the same.
    """
    day = pl.lit(as_of)
    schema = frame.schema

    def text(column: str) -> pl.Expr:
        return _text(column, schema[column])

    def yes(column: str) -> pl.Expr:
        if schema[column] == pl.Boolean():
            return pl.col(column).fill_null(False)
        return text(column).eq("true").fill_null(False)

    def amount(column: str) -> pl.Expr:
        if schema[column] == _AMOUNT:
            return pl.col(column)
        return text(column).cast(_AMOUNT, strict=False)

    hukou = text("hukou_region")
    died = pl.col("death_date") <= as_of
    death = pl.when(died).then(pl.col("death_date"))  # the final cast makes it a Date
    birth = pl.col("birth_date")
    age = (
        pl.lit(as_of.year)
        - birth.dt.year()
        - (
            (pl.lit(as_of.month * 100 + as_of.day))
            < (birth.dt.month().cast(pl.Int32) * 100 + birth.dt.day())
        ).cast(pl.Int32)
    )
    status = pl.col("certificate_status").fill_null("valid")
    out = (
        frame.lazy()
        .with_columns(_benefits(frame.get_column("other_benefits")))
        .filter(hukou.is_not_null())
        .select(
            "person_id",
            "name",
            *(
                (
                    mask_citizen_id_expr("citizen_id").alias("citizen_id_masked"),
                    mask_phone_expr("phone").alias("phone_masked"),
                )
                if identity
                else (
                    pl.lit(None, pl.String).alias("citizen_id_masked"),
                    pl.lit(None, pl.String).alias("phone_masked"),
                )
            ),
            "sex",
            "birth_date",
            age.cast(pl.Int32).alias("age"),
            pl.lit(None, pl.Int64).alias("household_id"),
            hukou.alias("hukou_region"),
            text("hukou_type").alias("hukou_type"),
            text("hukou_type").eq("urban").alias("urban"),
            pl.coalesce(text("residence_region"), hukou).alias("residence_region"),
            text("assistance").fill_null("none").alias("assistance"),
            yes("needs_long_term_care").alias("needs_long_term_care"),
            yes("institutional_care").alias("institutional_care"),
            "other_benefits",
            death.alias("death_date"),
            death.is_null().alias("alive"),
            "category",
            "grade",
            "certificate_issued",
            "certificate_valid_until",
            status.alias("certificate_status"),
            (
                status.eq("valid")
                & pl.col("certificate_issued").le(day).fill_null(True)
                & pl.col("certificate_valid_until").ge(day).fill_null(True)
            )
            .fill_null(False)
            .alias("certificate_valid"),
            *(amount(k.value).alias(k.value) for k in DECIMAL_FACTS),
            text("self_care").alias("self_care"),
        )
        .select([pl.col(c).cast(t) for c, t in SNAPSHOT_SCHEMA.items()])
    )
    if not frame.get_column("person_id").is_sorted():
        out = out.sort("person_id")
    return out.collect()


def _benefits(lists: pl.Series) -> pl.Series:
    """Each person's other benefits without nulls, distinct and sorted; [] when none.

    Lists of at most one non-null item (nearly all) are already so; per-row list work,
    which is slow, is done only when some list is longer or holds a null.
    """
    null_items = lists.explode(empty_as_null=False, keep_nulls=False).null_count()
    longest = lists.list.len().max()
    if null_items == 0 and (not isinstance(longest, int) or longest <= 1):
        return lists.fill_null([]).alias("other_benefits")
    tidy = lists.list.drop_nulls().list.unique().list.sort().fill_null([])
    return tidy.alias("other_benefits")


def by_facts(frame: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """The snapshot through the registry's own pivot (``assemble``) of long facts."""
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
