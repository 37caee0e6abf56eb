"""Match feed rows to people by the blind index of the citizen ID, within the jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine

from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor
from zhucan.storage.bulk import read_frame


@dataclass(frozen=True)
class Matched:
    """Feed rows with their person, rows that match nobody, and second matches by name."""

    rows: pl.DataFrame  # the changes plus person_id and region
    unmatched: list[int]  # row numbers
    doubles: pl.DataFrame  # person_id, other_person_id, row, region: a row matching two people


def people_frame(engine: Engine, actor: Actor) -> pl.DataFrame:
    """Every person in the actor's jurisdiction: id, blind index, name, birth date, region."""
    where = f" WHERE region LIKE '{actor.prefix}%'" if actor.prefix else ""
    return read_frame(
        engine,
        "SELECT id AS person_id, citizen_id_bidx AS bidx, name AS p_name, birth_date, region "
        f"FROM person{where}",
        {"person_id": pl.Int64(), "birth_date": pl.Date()},
    )


def match_rows(engine: Engine, actor: Actor, changes: pl.DataFrame) -> Matched:
    """Attach person ids to ``changes`` (columns row, citizen_id, name, …)."""
    bidx = get_cipher().blind_index_many(changes["citizen_id"].to_list())
    frame = changes.with_columns(
        pl.Series("bidx", bidx, pl.String),
        pl.col("citizen_id").str.slice(6, 8).str.to_date("%Y%m%d", strict=False).alias("birth"),
    )
    people = people_frame(engine, actor)
    joined = frame.join(people, on="bidx", how="left")
    found = joined.filter(pl.col("person_id").is_not_null())
    unmatched = joined.filter(pl.col("person_id").is_null())["row"].to_list()
    doubles = (
        found.select("row", "person_id", "name", "birth", "region")
        .join(
            people.select(
                pl.col("person_id").alias("other_person_id"),
                pl.col("p_name").alias("name"),
                pl.col("birth_date").alias("birth"),
            ),
            on=["name", "birth"],
        )
        .filter(pl.col("person_id") != pl.col("other_person_id"))
        .select("person_id", "other_person_id", "row", "region")
    )
    return Matched(found.drop("bidx", "p_name", "birth_date", "birth"), unmatched, doubles)
