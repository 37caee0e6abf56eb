"""The registry's write path: canonical person frames in, people and their history out.

New people are inserted in bulk; people already on file are compared field by field and
only what changed is written: an effective-dated fact is closed and a new one opened, and
person-level fields leave a history row. Everything is columnar (Polars) and runs inside
the caller's transaction, so a failure leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl
from sqlalchemy import Connection, select, update

from zhucan.access.crypto import FieldCipher
from zhucan.access.masking import mask_citizen_id_expr, mask_phone_expr
from zhucan.registry.changes import apply_changes
from zhucan.registry.facts import FactKind
from zhucan.registry.frame import conform
from zhucan.registry.rows import (
    Provenance,
    certificate_rows,
    fact_rows,
    fact_values,
    next_id,
)
from zhucan.registry.tables import certificate, fact, household, person
from zhucan.storage.bulk import bulk_insert
from zhucan.storage.locks import take_write_lock

CHUNK = 5_000


@dataclass(frozen=True)
class WriteResult:
    """What a write did, by citizen ID (so callers can report per row)."""

    created: list[str]
    updated: list[str]
    unchanged: list[str]


def write_people(
    conn: Connection, people: pl.DataFrame, cipher: FieldCipher, prov: Provenance
) -> WriteResult:
    """Create new people and apply changes to known ones, with history; one transaction."""
    frame = conform(people)
    take_write_lock(conn, "registry")
    frame = frame.with_columns(
        pl.Series("bidx", cipher.blind_index_many(frame["citizen_id"].to_list()), pl.String)
    )
    known = _ids_by_bidx(conn, frame["bidx"].to_list())
    frame = frame.with_columns(
        pl.col("bidx").replace_strict(known, default=None, return_dtype=pl.Int64).alias("id")
    )
    new = frame.filter(pl.col("id").is_null())
    old = frame.filter(pl.col("id").is_not_null())
    households = _household_ids(conn, frame, cipher, prov)
    _insert_new(conn, new, households, cipher, prov)
    changed = apply_changes(conn, old, households, cipher, prov)
    return WriteResult(
        created=new["citizen_id"].to_list(),
        updated=old.filter(pl.col("id").is_in(changed))["citizen_id"].to_list(),
        unchanged=old.filter(~pl.col("id").is_in(changed))["citizen_id"].to_list(),
    )


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def _ids_by_bidx(conn: Connection, bidx: list[str]) -> dict[str, int]:
    if not conn.execute(select(person.c.id).limit(1)).first():
        return {}
    found: dict[str, int] = {}
    for part in _chunks(bidx):
        rows = conn.execute(
            select(person.c.citizen_id_bidx, person.c.id).where(person.c.citizen_id_bidx.in_(part))
        )
        found.update({b: i for b, i in rows})
    return found


def _household_ids(
    conn: Connection, frame: pl.DataFrame, cipher: FieldCipher, prov: Provenance
) -> pl.DataFrame:
    """Map each household head's citizen ID to a household id, creating missing ones."""
    heads = frame.select(pl.col("household_head_id").drop_nulls().unique().sort()).join(
        frame.select(pl.col("citizen_id").alias("household_head_id"), "bidx"),
        on="household_head_id",
        how="left",
    )
    if heads.is_empty():
        return pl.DataFrame(schema={"household_head_id": pl.String, "household_id": pl.Int64})
    unknown = heads.filter(pl.col("bidx").is_null())["household_head_id"].to_list()
    computed = dict(zip(unknown, cipher.blind_index_many(unknown), strict=True))
    bidx: list[str] = [b if b is not None else computed[h] for h, b in heads.iter_rows()]
    found: dict[str, int] = {}
    any_household = conn.execute(select(household.c.id).limit(1)).first() is not None
    for part in _chunks(bidx if any_household else []):
        rows = conn.execute(
            select(household.c.head_bidx, household.c.id).where(household.c.head_bidx.in_(part))
        )
        found.update({b: i for b, i in rows})
    missing = [b for b in bidx if b not in found]
    start = next_id(conn, household.c.id)
    fresh = dict(zip(missing, range(start, start + len(missing)), strict=True))
    bulk_insert(
        conn,
        household,
        pl.DataFrame(
            {"id": list(fresh.values()), "head_bidx": list(fresh), "created_at": prov.now},
            schema={"id": pl.Int64, "head_bidx": pl.String, "created_at": pl.Datetime("us")},
        ),
    )
    found.update(fresh)
    return pl.DataFrame(
        {"household_head_id": heads["household_head_id"], "household_id": [found[b] for b in bidx]},
        schema={"household_head_id": pl.String, "household_id": pl.Int64},
    )


def _effective(prov: Provenance) -> pl.Expr:
    """The date from which a row's facts hold: ``since``, else issue date, else today."""
    return pl.coalesce(pl.col("since"), pl.col("certificate_issued"), pl.lit(prov.today))


def _insert_new(
    conn: Connection,
    new: pl.DataFrame,
    households: pl.DataFrame,
    cipher: FieldCipher,
    prov: Provenance,
) -> None:
    if new.is_empty():
        return
    start = next_id(conn, person.c.id)
    new = new.with_columns(pl.int_range(start, start + new.height, dtype=pl.Int64).alias("id"))
    new = new.join(households, on="household_head_id", how="left")
    people = new.select(
        pl.col("id"),
        pl.col("bidx").alias("citizen_id_bidx"),
        pl.Series("citizen_id_enc", cipher.encrypt_many(new["citizen_id"].to_list()), pl.Binary),
        mask_citizen_id_expr("citizen_id").alias("citizen_id_masked"),
        pl.col("name"),
        pl.col("sex"),
        pl.col("birth_date"),
        pl.Series("phone_enc", cipher.encrypt_many(new["phone"].to_list()), pl.Binary),
        mask_phone_expr("phone").alias("phone_masked"),
        pl.col("household_id"),
        pl.col("hukou_region").alias("region"),
        pl.lit(prov.now).alias("created_at"),
        pl.lit(prov.now).alias("updated_at"),
    )
    bulk_insert(conn, person, people)
    new = new.with_columns(_effective(prov).alias("eff"))
    cert_start = next_id(conn, certificate.c.id)
    bulk_insert(conn, certificate, certificate_rows(new, cert_start, prov))
    fact_start = next_id(conn, fact.c.id)
    values = fact_values(new).filter(~pl.col("is_default"))
    bulk_insert(conn, fact, fact_rows(values, fact_start, prov))


def record_fact(
    conn: Connection,
    person_id: int,
    kind: FactKind,
    value: str,
    valid_from: date,
    prov: Provenance,
    valid_to: date | None = None,
) -> int:
    """Record one effective-dated fact (a caseworker's entry or a data feed); returns its id.

    A single-valued fact closes the open fact of its kind from ``valid_from`` on; other
    benefits may run side by side, so they are only added.
    """
    take_write_lock(conn, "registry")
    if kind is not FactKind.OTHER_BENEFIT:
        open_rows = conn.execute(
            select(fact.c.id, fact.c.valid_from).where(
                fact.c.person_id == person_id,
                fact.c.kind == kind.value,
                fact.c.valid_to.is_(None),
                fact.c.retracted_at.is_(None),
            )
        ).all()
        for fact_id, started in open_rows:
            values = (
                {"valid_to": valid_from} if started < valid_from else {"retracted_at": prov.now}
            )
            conn.execute(update(fact).where(fact.c.id == fact_id).values(values))
        if kind is FactKind.HUKOU_REGION and valid_to is None:
            conn.execute(update(person).where(person.c.id == person_id).values(region=value))
    new_id = next_id(conn, fact.c.id)
    conn.execute(
        fact.insert().values(
            id=new_id,
            person_id=person_id,
            kind=kind.value,
            value=value,
            valid_from=valid_from,
            valid_to=valid_to,
            source=prov.source,
            recorded_by=prov.recorded_by,
            recorded_at=prov.now,
        )
    )
    return new_id
