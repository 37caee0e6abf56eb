"""The registry's write path: canonical person frames in, people and their history out.

New people are inserted in bulk; people already on file are compared field by field and
only what changed is written: an effective-dated fact is closed and a new one opened, and
person-level fields leave a history row. Everything is columnar (Polars) and runs inside
the caller's transaction, so a failure leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl
from sqlalchemy import ColumnElement, Connection, func, select, update

from zhucan.access.crypto import FieldCipher
from zhucan.access.masking import mask_citizen_id_expr, mask_phone_expr
from zhucan.registry.facts import FRAME_FACTS, FactKind
from zhucan.registry.frame import conform
from zhucan.registry.tables import certificate, fact, household, person, person_history
from zhucan.storage.bulk import bulk_insert
from zhucan.storage.locks import take_write_lock

CHUNK = 5_000
CERT_FIELDS = (
    "category",
    "grade",
    "certificate_issued",
    "certificate_valid_until",
    "certificate_status",
)


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
    changed = _apply_changes(conn, old, households, cipher, prov)
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


def _next_id(conn: Connection, table_id: ColumnElement[int]) -> int:
    """The next free id of a table (callers hold the registry write lock)."""
    return int(conn.execute(select(func.coalesce(func.max(table_id), 0))).scalar_one()) + 1


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
    start = _next_id(conn, household.c.id)
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
    start = _next_id(conn, person.c.id)
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
    cert_start = _next_id(conn, certificate.c.id)
    bulk_insert(conn, certificate, _certificate_rows(new, cert_start, prov))
    fact_start = _next_id(conn, fact.c.id)
    values = _fact_values(new).filter(~pl.col("is_default"))
    bulk_insert(conn, fact, _fact_rows(values, fact_start, prov))


def _certificate_rows(rows: pl.DataFrame, start: int, prov: Provenance) -> pl.DataFrame:
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


def _fact_values(rows: pl.DataFrame) -> pl.DataFrame:
    """Long frame (id, kind, value, valid_from, is_default) of single-valued and death facts.

    ``is_default`` marks a value that needs no row of its own: no assistance, no care need,
    living where one's 户籍 is. Such a value closes an open fact but opens none.
    """
    parts = [
        rows.select(
            pl.col("id"),
            pl.lit(kind.value).alias("kind"),
            _as_text(column).alias("value"),
            pl.col("eff").alias("valid_from"),
            _is_default(column).alias("is_default"),
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


def _is_default(column: str) -> pl.Expr:
    if column == "assistance":
        return pl.col(column) == "none"
    if column == "needs_long_term_care":
        return ~pl.col(column)
    if column == "residence_region":
        return pl.col(column) == pl.col("hukou_region")
    return pl.lit(False)


def _as_text(column: str) -> pl.Expr:
    col = pl.col(column)
    if column == "needs_long_term_care":
        return pl.when(col).then(pl.lit("true")).when(~col).then(pl.lit("false"))
    return col


def _fact_rows(values: pl.DataFrame, start: int, prov: Provenance) -> pl.DataFrame:
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


def _apply_changes(
    conn: Connection,
    old: pl.DataFrame,
    households: pl.DataFrame,
    cipher: FieldCipher,
    prov: Provenance,
) -> set[int]:
    """Write what differs between ``old`` (known people) and the file; return changed ids."""
    if old.is_empty():
        return set()
    from zhucan.registry.current import current_state

    cur = current_state(conn, old["id"].to_list(), cipher)
    new = old.join(households, on="household_head_id", how="left").with_columns(
        pl.coalesce(pl.col("since"), pl.lit(prov.today)).alias("eff")
    )
    changed: set[int] = set()
    changed |= _change_person_fields(conn, new, cur, cipher, prov)
    changed |= _change_facts(conn, new, cur, prov)
    changed |= _change_certificates(conn, new, cur, prov)
    return changed


def _differs(column: str, cur_column: str | None = None) -> pl.Expr:
    """The file gives a value and it is not the one on file."""
    other = pl.col(cur_column or f"{column}_cur")
    return pl.col(column).is_not_null() & pl.col(column).ne_missing(other)


def _history(rows: pl.DataFrame, field: str, old: str, new: str, prov: Provenance) -> pl.DataFrame:
    return rows.select(
        pl.col("id").alias("person_id"),
        pl.lit(field).alias("field"),
        pl.col(old).cast(pl.String).alias("old_value"),
        pl.col(new).cast(pl.String).alias("new_value"),
        pl.lit(prov.source).alias("source"),
        pl.lit(prov.recorded_by).alias("recorded_by"),
        pl.lit(prov.now).alias("recorded_at"),
    )


def _change_person_fields(
    conn: Connection, new: pl.DataFrame, cur: pl.DataFrame, cipher: FieldCipher, prov: Provenance
) -> set[int]:
    both = new.join(cur, on="id", suffix="_cur").with_columns(
        mask_phone_expr("phone").alias("phone_masked_new")
    )
    history: list[pl.DataFrame] = []
    changed: set[int] = set()
    for field, old_col, new_col in (
        ("name", "name_cur", "name"),
        ("phone", "phone_masked", "phone_masked_new"),
        ("household_id", "household_id_cur", "household_id"),
    ):
        rows = both.filter(_differs(field if field != "phone" else "phone", f"{field}_cur"))
        if rows.is_empty():
            continue
        changed |= set(rows["id"].to_list())
        history.append(_history(rows, field, old_col, new_col, prov))
        if field == "phone":
            params = [
                {"i": i, "e": e, "m": m}
                for i, e, m in zip(
                    rows["id"],
                    cipher.encrypt_many(rows["phone"].to_list()),
                    rows["phone_masked_new"],
                    strict=True,
                )
            ]
            stmt = (
                update(person)
                .where(person.c.id == _bp("i"))
                .values(phone_enc=_bp("e"), phone_masked=_bp("m"), updated_at=prov.now)
            )
        else:
            params = [{"i": i, "v": v} for i, v in rows.select("id", field).iter_rows()]
            stmt = (
                update(person)
                .where(person.c.id == _bp("i"))
                .values({field: _bp("v"), "updated_at": prov.now})
            )
        conn.execute(stmt, params)
    for h in history:
        bulk_insert(conn, person_history, h)
    return changed


def _bp(name: str) -> object:
    from sqlalchemy import bindparam

    return bindparam(name)


def _change_facts(
    conn: Connection, new: pl.DataFrame, cur: pl.DataFrame, prov: Provenance
) -> set[int]:
    """Close the open fact and open a new one for each single-valued fact that changed."""
    wanted = _fact_values(new)
    open_facts = cur.select("id", "open_facts").explode("open_facts").unnest("open_facts")
    both = wanted.join(open_facts, on=["id", "kind"], how="left", suffix="_cur")
    changed = both.filter(
        pl.col("value").ne_missing(pl.col("value_cur"))
        & ~(pl.col("is_default") & pl.col("value_cur").is_null())
    )
    if changed.is_empty():
        return set()
    closing = changed.filter(pl.col("fact_id").is_not_null())
    retract = closing.filter(pl.col("valid_from") <= pl.col("valid_from_cur"))
    close = closing.filter(pl.col("valid_from") > pl.col("valid_from_cur"))
    if not close.is_empty():
        conn.execute(
            update(fact).where(fact.c.id == _bp("i")).values(valid_to=_bp("d")),
            [{"i": i, "d": d} for i, d in close.select("fact_id", "valid_from").iter_rows()],
        )
    if not retract.is_empty():
        conn.execute(
            update(fact).where(fact.c.id == _bp("i")).values(retracted_at=prov.now),
            [{"i": i} for i in retract["fact_id"]],
        )
    region_moves = changed.filter(pl.col("kind") == FactKind.HUKOU_REGION.value)
    if not region_moves.is_empty():
        conn.execute(
            update(person).where(person.c.id == _bp("i")).values(region=_bp("r")),
            [{"i": i, "r": r} for i, r in region_moves.select("id", "value").iter_rows()],
        )
    rows = changed.filter(~pl.col("is_default")).select("id", "kind", "value", "valid_from")
    bulk_insert(conn, fact, _fact_rows(rows, _next_id(conn, fact.c.id), prov))
    return set(changed["id"].to_list())


def _change_certificates(
    conn: Connection, new: pl.DataFrame, cur: pl.DataFrame, prov: Provenance
) -> set[int]:
    both = new.join(cur, on="id", suffix="_cur")
    differs = pl.any_horizontal(_differs(f) for f in CERT_FIELDS)
    rows = both.filter(differs)
    if rows.is_empty():
        return set()
    rows = rows.with_columns(
        pl.col(f).fill_null(pl.col(f"{f}_cur")) for f in CERT_FIELDS
    ).with_columns(
        pl.when(_differs("certificate_issued"))
        .then(pl.col("certificate_issued"))
        .otherwise(pl.col("eff"))
        .clip(lower_bound=pl.col("cert_valid_from"))
        .alias("eff")
    )
    conn.execute(
        update(certificate).where(certificate.c.id == _bp("i")).values(valid_to=_bp("d")),
        [{"i": i, "d": d} for i, d in rows.select("cert_id", "eff").iter_rows()],
    )
    bulk_insert(conn, certificate, _certificate_rows(rows, _next_id(conn, certificate.c.id), prov))
    return set(rows["id"].to_list())


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
    new_id = _next_id(conn, fact.c.id)
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
