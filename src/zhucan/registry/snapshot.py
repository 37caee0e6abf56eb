"""As-of snapshots: the state of people on any date, one person or a whole region.

Three set-based reads (people, facts and certificate versions in force on the date) are
pivoted into one row per person with Polars. The region filter is applied to the 户籍
region *as of the date*: who belonged to the region then, not now.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from sqlalchemy import Connection, Engine

from zhucan.access.scope import Actor, jurisdiction_prefix
from zhucan.core.errors import Forbidden
from zhucan.core.region_code import contains, normalize_region_code
from zhucan.registry.facts import DECIMAL_FACTS, FactKind
from zhucan.storage.bulk import read_frames

SNAPSHOT_SCHEMA: dict[str, pl.DataType] = {
    "person_id": pl.Int64(),
    "name": pl.String(),
    "citizen_id_masked": pl.String(),
    "phone_masked": pl.String(),
    "sex": pl.String(),
    "birth_date": pl.Date(),
    "age": pl.Int32(),
    "household_id": pl.Int64(),
    "hukou_region": pl.String(),
    "hukou_type": pl.String(),
    "urban": pl.Boolean(),
    "residence_region": pl.String(),
    "assistance": pl.String(),
    "needs_long_term_care": pl.Boolean(),
    "institutional_care": pl.Boolean(),
    "other_benefits": pl.List(pl.String()),
    "death_date": pl.Date(),
    "alive": pl.Boolean(),
    "category": pl.Int8(),
    "grade": pl.Int8(),
    "certificate_issued": pl.Date(),
    "certificate_valid_until": pl.Date(),
    "certificate_status": pl.String(),
    "certificate_valid": pl.Boolean(),
    "household_income_per_head": pl.Decimal(38, 4),  # yuan per month
    "personal_income": pl.Decimal(38, 4),  # yuan per month
    "self_care": pl.String(),  # SELF_CARE_VALUES or null
    "similar_allowance": pl.Decimal(38, 4),  # yuan per month, the highest received
}

#: The facts with one value at a time (the others: any number of other benefits).
SINGLE_FACTS = [k.value for k in FactKind if k is not FactKind.OTHER_BENEFIT]


def _in_force(alias: str, d: date) -> str:
    day = d.isoformat()
    return (
        f"{alias}.valid_from <= '{day}' AND ({alias}.valid_to IS NULL OR {alias}.valid_to > "
        f"'{day}') AND {alias}.retracted_at IS NULL"
    )


def _people_filter(column: str, d: date, prefix: str | None, person_ids: list[int] | None) -> str:
    """SQL condition on ``column`` (a person id) selecting the people wanted."""
    conds = []
    if prefix:
        conds.append(
            f"{column} IN (SELECT h.person_id FROM fact h WHERE h.kind = 'hukou_region' AND "
            f"h.value LIKE '{prefix}%' AND {_in_force('h', d)})"
        )
    if person_ids is not None:
        conds.append(f"{column} IN ({','.join(str(int(i)) for i in person_ids) or 'NULL'})")
    return " AND ".join(conds) or "1=1"


def snapshot(
    engine: Engine,
    as_of: date,
    actor: Actor,
    region: str | None = None,
    person_ids: list[int] | None = None,
) -> pl.DataFrame:
    """One row per person whose 户籍 on ``as_of`` lies in ``region`` (default: the actor's).

    A region is read through connectorx (columnar, fast for many rows); a few people are
    read on a pooled connection, since connectorx opens a new database connection for each
    of its queries (about 36 ms each on PostgreSQL, far more than one person's reads).
    """
    queries = snapshot_queries(as_of, actor, region, person_ids)
    if person_ids is not None and len(person_ids) <= FEW:
        with engine.connect() as conn:
            facts, people, certs = (read_on(conn, sql) for sql, _ in queries)
    else:
        facts, people, certs = read_frames(engine, queries)
    return assemble(people, facts, certs, as_of)


#: Up to this many people a snapshot is read on a pooled connection.
FEW = 100
# The type of every column the snapshot's three queries return (so empty reads keep them).
_COLUMN_TYPES: dict[str, pl.DataType] = {
    "person_id": pl.Int64(),
    "kind": pl.String(),
    "value": pl.String(),
    "valid_from": pl.Date(),
    "category": pl.Int16(),
    "grade": pl.Int16(),
    "certificate_issued": pl.Date(),
    "certificate_valid_until": pl.Date(),
    "certificate_status": pl.String(),
    "name": pl.String(),
    "citizen_id_masked": pl.String(),
    "phone_masked": pl.String(),
    "sex": pl.String(),
    "birth_date": pl.Date(),
    "household_id": pl.Int64(),
}


def read_on(conn: Connection, sql: str) -> pl.DataFrame:
    """One of the snapshot's queries read on ``conn``'s driver connection as a frame (the
    text is ours: no parameters)."""
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        columns, rows = [d[0] for d in cursor.description], cursor.fetchall()
    finally:
        cursor.close()
    # SQLite hands dates over as ISO text: read them as text, then parse.
    text_dates = conn.dialect.name == "sqlite"
    schema = {
        c: pl.String() if text_dates and _COLUMN_TYPES[c] == pl.Date else _COLUMN_TYPES[c]
        for c in columns
    }
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    if text_dates:
        dates = [c for c in columns if _COLUMN_TYPES[c] == pl.Date]
        frame = frame.with_columns(pl.col(dates).str.slice(0, 10).str.to_date("%Y-%m-%d"))
    return frame


def snapshot_queries(
    as_of: date,
    actor: Actor,
    region: str | None = None,
    person_ids: list[int] | None = None,
) -> list[tuple[str, dict[str, pl.DataType] | None]]:
    """The three reads of :func:`snapshot` (facts, people, certificates), with their types."""
    code = normalize_region_code(region) if region else actor.jurisdiction or None
    if code and actor.jurisdiction and not contains(actor.jurisdiction, code):
        raise Forbidden("无权查看辖区外的数据", "that region is outside your jurisdiction")
    prefix = jurisdiction_prefix(code) if code else None

    def who(column: str) -> str:
        return _people_filter(column, as_of, prefix, person_ids)

    queries = {
        "facts": (
            "SELECT f.person_id, f.kind, f.value, f.valid_from FROM fact f "
            f"WHERE {_in_force('f', as_of)} AND {who('f.person_id')}",
            {"person_id": pl.Int64(), "kind": pl.String(), "value": pl.String()},
        ),
        "certs": (
            "SELECT c.person_id, c.category, c.grade, c.issued AS certificate_issued, "
            "c.valid_until AS certificate_valid_until, c.status AS certificate_status "
            f"FROM certificate c WHERE {_in_force('c', as_of)} AND {who('c.person_id')}",
            {
                "person_id": pl.Int64(),
                "certificate_issued": pl.Date(),
                "certificate_valid_until": pl.Date(),
            },
        ),
        "people": (
            "SELECT id AS person_id, name, citizen_id_masked, phone_masked, sex, birth_date, "
            f"household_id FROM person WHERE {who('id')}",
            {"person_id": pl.Int64(), "birth_date": pl.Date(), "household_id": pl.Int64()},
        ),
    }
    return [queries[k] for k in ("facts", "people", "certs")]


def assemble(
    people: pl.DataFrame, facts: pl.DataFrame, certs: pl.DataFrame, as_of: date
) -> pl.DataFrame:
    """Pivot facts and join certificates onto people; only people with a 户籍 on the date."""
    single = (
        facts.filter(pl.col("kind").is_in(SINGLE_FACTS))
        .sort("valid_from")
        .pivot(on="kind", index="person_id", values="value", aggregate_function="last")
    )
    for kind in SINGLE_FACTS:
        if kind not in single.columns:
            single = single.with_columns(pl.lit(None, pl.String).alias(kind))
    others = (
        facts.filter(pl.col("kind") == FactKind.OTHER_BENEFIT.value)
        .group_by("person_id")
        .agg(pl.col("value").unique().sort().alias("other_benefits"))
    )
    day = pl.lit(as_of)
    birth = pl.col("birth_date")
    age = (
        pl.lit(as_of.year)
        - birth.dt.year()
        - (
            (pl.lit(as_of.month * 100 + as_of.day))
            < (birth.dt.month().cast(pl.Int32) * 100 + birth.dt.day())
        ).cast(pl.Int32)
    )
    out = (
        people.join(single, on="person_id", how="inner")
        .filter(pl.col(FactKind.HUKOU_REGION.value).is_not_null())
        .join(others, on="person_id", how="left")
        .join(certs.unique("person_id", keep="last"), on="person_id", how="left")
        .with_columns(
            age.cast(pl.Int32).alias("age"),
            pl.col("hukou_type").eq("urban").alias("urban"),
            pl.col("assistance").fill_null("none"),
            pl.coalesce("residence_region", "hukou_region").alias("residence_region"),
            pl.col("long_term_care").eq("true").fill_null(False).alias("needs_long_term_care"),
            pl.col("institutional_care").eq("true").fill_null(False),
            pl.col("other_benefits").fill_null([]),
            pl.col("death").str.to_date("%Y-%m-%d").alias("death_date"),
            pl.col("death").is_null().alias("alive"),
            (
                pl.col("certificate_status").eq("valid")
                & pl.col("certificate_issued").le(day).fill_null(True)
                & pl.col("certificate_valid_until").ge(day).fill_null(True)
            )
            .fill_null(False)
            .alias("certificate_valid"),
            *(pl.col(k.value).cast(pl.Decimal(38, 4), strict=False) for k in DECIMAL_FACTS),
        )
    )
    return out.select([pl.col(c).cast(t) for c, t in SNAPSHOT_SCHEMA.items()]).sort("person_id")
