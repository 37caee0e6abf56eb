"""Record many effective-dated facts at once (the bulk counterpart of ``record_fact``).

Per person and kind: a fact identical to one on file changes nothing; the same value
already open changes nothing (or is closed on the row's end date); anything else closes
the open fact at the new start (or retracts it, if it began on or after that day) and
opens the new one. Other benefits run side by side: only one of the same value is closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import Connection, bindparam, select, update

from zhucan.registry.rows import Provenance, fact_rows, next_id
from zhucan.registry.tables import fact, person
from zhucan.storage.bulk import bulk_insert
from zhucan.storage.locks import take_write_lock

_CHUNK = 5000
_KEY = ["person_id", "kind"]


@dataclass(frozen=True)
class Applied:
    """How many facts a feed opened, closed and retracted, and rows that changed nothing."""

    opened: int
    closed: int
    retracted: int
    unchanged: int
    changed_people: list[int]


def _on_file(conn: Connection, ids: list[int], kinds: list[str]) -> pl.DataFrame:
    rows: list[Any] = []
    for i in range(0, len(ids), _CHUNK):
        rows += conn.execute(
            select(
                fact.c.id,
                fact.c.person_id,
                fact.c.kind,
                fact.c.value,
                fact.c.valid_from,
                fact.c.valid_to,
            ).where(
                fact.c.person_id.in_(ids[i : i + _CHUNK]),
                fact.c.kind.in_(kinds),
                fact.c.retracted_at.is_(None),
            )
        ).all()
    schema = {
        "fact_id": pl.Int64,
        "person_id": pl.Int64,
        "kind": pl.String,
        "value_cur": pl.String,
        "from_cur": pl.Date,
        "to_cur": pl.Date,
    }
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


def apply_facts(conn: Connection, rows: pl.DataFrame, prov: Provenance) -> Applied:
    """Write ``rows`` (person_id, kind, value, valid_from, valid_to, close_only)."""
    take_write_lock(conn, "registry")
    rows = rows.with_columns(pl.col("person_id").cast(pl.Int64))
    cur = _on_file(conn, rows["person_id"].unique().to_list(), rows["kind"].unique().to_list())
    same = rows.join(
        cur,
        left_on=[*_KEY, "value", "valid_from", "valid_to"],
        right_on=[*_KEY, "value_cur", "from_cur", "to_cur"],
        nulls_equal=True,
        how="semi",
    )
    todo = rows.join(same, on=[*_KEY, "value", "valid_from"], how="anti", nulls_equal=True)
    open_ = cur.filter(pl.col("to_cur").is_null())
    multi = pl.col("kind") == "other_benefit"
    single = todo.filter(~multi).join(open_.filter(~multi), on=_KEY, how="left")
    many = (
        todo.filter(multi)
        .join(
            open_.filter(multi), left_on=[*_KEY, "value"], right_on=[*_KEY, "value_cur"], how="left"
        )
        .with_columns(pl.col("value").alias("value_cur"))
    )
    both = pl.concat([single, many], how="diagonal_relaxed")
    has_open = pl.col("fact_id").is_not_null()
    keeps = (
        has_open
        & (pl.col("value") == pl.col("value_cur"))
        & (pl.col("from_cur") <= pl.col("valid_from"))
    )
    end_open = both.filter(keeps & pl.col("valid_to").is_not_null())  # close at the row's end
    replace = both.filter(~keeps.fill_null(False) & ~pl.col("close_only"))
    stop = both.filter(~keeps.fill_null(False) & pl.col("close_only") & has_open)
    ending = pl.concat([replace.filter(has_open), stop])
    close = ending.filter(pl.col("from_cur") < pl.col("valid_from"))
    retract = ending.filter(pl.col("from_cur") >= pl.col("valid_from"))
    shut = pl.concat(
        [
            end_open.select("fact_id", pl.col("valid_to").alias("d")),
            close.select("fact_id", pl.col("valid_from").alias("d")),
        ]
    )
    if shut.height:
        conn.execute(
            update(fact).where(fact.c.id == bindparam("i")).values(valid_to=bindparam("d")),
            [{"i": i, "d": d} for i, d in shut.iter_rows()],
        )
    if retract.height:
        conn.execute(
            update(fact).where(fact.c.id == bindparam("i")).values(retracted_at=prov.now),
            [{"i": i} for i in retract["fact_id"]],
        )
    new = replace.filter(~((pl.col("kind") == "assistance") & (pl.col("value") == "none")))
    _insert(conn, new, prov)
    changed = pl.concat([shut.select("fact_id"), retract.select("fact_id")]).height
    people = pl.concat([new["person_id"], end_open["person_id"], ending["person_id"]]).unique()
    return Applied(
        new.height,
        shut.height,
        retract.height,
        rows.height - changed - new.height,
        sorted(people.to_list()),
    )


def _insert(conn: Connection, new: pl.DataFrame, prov: Provenance) -> None:
    if new.is_empty():
        return
    values = new.select(pl.col("person_id").alias("id"), "kind", "value", "valid_from")
    frame = fact_rows(values, next_id(conn, fact.c.id), prov).with_columns(
        new["valid_to"].alias("valid_to")
    )
    bulk_insert(conn, fact, frame)
    moves = new.filter((pl.col("kind") == "hukou_region") & pl.col("valid_to").is_null())
    if moves.height:
        conn.execute(
            update(person).where(person.c.id == bindparam("i")).values(region=bindparam("r")),
            [{"i": i, "r": r} for i, r in moves.select("person_id", "value").iter_rows()],
        )
