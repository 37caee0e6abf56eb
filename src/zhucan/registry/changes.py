"""Apply a file's values to people already on file: only what changed is written.

A changed single-valued fact closes the open one at the change's effective date (or
retracts it, if it had not yet begun) and opens a new one; person-level fields leave a
history row; a changed certificate starts a new version.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection, bindparam, update

from zhucan.access.crypto import FieldCipher
from zhucan.access.masking import mask_phone_expr
from zhucan.registry.current import current_state
from zhucan.registry.facts import FactKind
from zhucan.registry.rows import (
    Provenance,
    certificate_rows,
    fact_rows,
    fact_values,
    next_id,
)
from zhucan.registry.tables import certificate, fact, person, person_history
from zhucan.storage.bulk import bulk_insert

CERT_FIELDS = (
    "category",
    "grade",
    "certificate_issued",
    "certificate_valid_until",
    "certificate_status",
)


def apply_changes(
    conn: Connection,
    old: pl.DataFrame,
    households: pl.DataFrame,
    cipher: FieldCipher,
    prov: Provenance,
) -> set[int]:
    """Write what differs between ``old`` (known people) and the file; return changed ids."""
    if old.is_empty():
        return set()
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
                .where(person.c.id == bindparam("i"))
                .values(phone_enc=bindparam("e"), phone_masked=bindparam("m"), updated_at=prov.now)
            )
        else:
            params = [{"i": i, "v": v} for i, v in rows.select("id", field).iter_rows()]
            stmt = (
                update(person)
                .where(person.c.id == bindparam("i"))
                .values({field: bindparam("v"), "updated_at": prov.now})
            )
        conn.execute(stmt, params)
    for h in history:
        bulk_insert(conn, person_history, h)
    return changed


def _change_facts(
    conn: Connection, new: pl.DataFrame, cur: pl.DataFrame, prov: Provenance
) -> set[int]:
    """Close the open fact and open a new one for each single-valued fact that changed."""
    wanted = fact_values(new)
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
            update(fact).where(fact.c.id == bindparam("i")).values(valid_to=bindparam("d")),
            [{"i": i, "d": d} for i, d in close.select("fact_id", "valid_from").iter_rows()],
        )
    if not retract.is_empty():
        conn.execute(
            update(fact).where(fact.c.id == bindparam("i")).values(retracted_at=prov.now),
            [{"i": i} for i in retract["fact_id"]],
        )
    region_moves = changed.filter(pl.col("kind") == FactKind.HUKOU_REGION.value)
    if not region_moves.is_empty():
        conn.execute(
            update(person).where(person.c.id == bindparam("i")).values(region=bindparam("r")),
            [{"i": i, "r": r} for i, r in region_moves.select("id", "value").iter_rows()],
        )
    rows = changed.filter(~pl.col("is_default")).select("id", "kind", "value", "valid_from")
    bulk_insert(conn, fact, fact_rows(rows, next_id(conn, fact.c.id), prov))
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
        update(certificate)
        .where(certificate.c.id == bindparam("i"))
        .values(valid_to=bindparam("d")),
        [{"i": i, "d": d} for i, d in rows.select("cert_id", "eff").iter_rows()],
    )
    bulk_insert(conn, certificate, certificate_rows(rows, next_id(conn, certificate.c.id), prov))
    return set(rows["id"].to_list())
