"""Facilities: register, rate (star history) and close; read those operating on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import polars as pl
from sqlalchemy import Engine, select, update

from zhucan.access import audit
from zhucan.access.scope import Actor, ensure_in_scope
from zhucan.core.errors import InvalidValue, NotFound
from zhucan.core.region_code import normalize_region_code
from zhucan.storage.bulk import read_frame
from zhucan.support.facility_tables import facility, facility_rating
from zhucan.support.ids import insert_one
from zhucan.support.kinds import FacilityKind


@dataclass(frozen=True, slots=True)
class NewFacility:
    """A facility to register; ``region`` is the town or village it lies in."""

    kind: FacilityKind
    name: str
    region: str
    opened_on: date
    capacity: int | None = None
    workshop: bool = False
    standardized: bool = False
    designated: bool = False


def add_facility(engine: Engine, actor: Actor, new: NewFacility, source: str = "entry") -> int:
    """Register a facility in the actor's jurisdiction; returns its id."""
    region = normalize_region_code(new.region)
    ensure_in_scope(actor, region)
    if not new.name.strip():
        raise InvalidValue("请填写名称", "the name is required")
    with engine.begin() as conn:
        new_id = insert_one(
            conn, facility, kind=new.kind.value, name=new.name.strip()[:200], region=region,
            opened_on=new.opened_on, capacity=new.capacity, workshop=new.workshop,
            standardized=new.standardized, designated=new.designated,
            source=source[:200], recorded_by=actor.username, recorded_at=datetime.now(),
        )  # fmt: skip
        audit.record(conn, actor.username, "facility.add", "facility", str(new_id), {})
    return int(new_id)


def _region(engine: Engine, facility_id: int) -> str:
    with engine.connect() as conn:
        found = conn.execute(select(facility.c.region).where(facility.c.id == facility_id)).scalar()
    if found is None:
        raise NotFound(f"没有这个设施：#{facility_id}", f"no such facility: #{facility_id}")
    return str(found)


def rate_facility(engine: Engine, actor: Actor, facility_id: int, stars: int, on: date) -> None:
    """Give the facility a star rating from ``on`` (the previous rating ends there)."""
    if not 1 <= stars <= 5:
        raise InvalidValue("星级应为 1–5", "stars must be 1–5")
    ensure_in_scope(actor, _region(engine, facility_id))
    r = facility_rating.c
    with engine.begin() as conn:
        conn.execute(
            update(facility_rating)
            .where(r.facility_id == facility_id, r.valid_to.is_(None), r.valid_from < on)
            .values(valid_to=on)
        )
        insert_one(
            conn, facility_rating, facility_id=facility_id, stars=stars, valid_from=on,
            recorded_by=actor.username, recorded_at=datetime.now(),
        )  # fmt: skip
        audit.record(
            conn, actor.username, "facility.rate", "facility", str(facility_id), {"stars": stars}
        )


def close_facility(engine: Engine, actor: Actor, facility_id: int, on: date) -> None:
    """Record that the facility stopped operating on ``on``."""
    ensure_in_scope(actor, _region(engine, facility_id))
    with engine.begin() as conn:
        conn.execute(update(facility).where(facility.c.id == facility_id).values(closed_on=on))
        audit.record(conn, actor.username, "facility.close", "facility", str(facility_id), {})


FACILITY_SCHEMA: dict[str, pl.DataType] = {
    "facility_id": pl.Int64(),
    "kind": pl.String(),
    "region": pl.String(),
    "opened_on": pl.Date(),
    "closed_on": pl.Date(),
    "capacity": pl.Int64(),
    "workshop": pl.Boolean(),
    "standardized": pl.Boolean(),
    "designated": pl.Boolean(),
}


def facility_history(engine: Engine, prefix: str = "") -> tuple[pl.DataFrame, pl.DataFrame]:
    """All facilities under the region prefix and all their ratings (for any date)."""
    where = f"WHERE region LIKE '{prefix}%'" if prefix.isdigit() else ""
    found = read_frame(
        engine,
        "SELECT id AS facility_id, kind, region, opened_on, closed_on, capacity, "
        f"workshop, standardized, designated FROM facility {where}",
        FACILITY_SCHEMA,
    )
    ratings = read_frame(
        engine,
        "SELECT facility_id, stars, valid_from, valid_to FROM facility_rating",
        {"facility_id": pl.Int64(), "stars": pl.Int8(), "valid_from": pl.Date(),
         "valid_to": pl.Date()},
    )  # fmt: skip
    return found.select(pl.col(c).cast(t) for c, t in FACILITY_SCHEMA.items()), ratings


def operating_on(facilities: pl.DataFrame, ratings: pl.DataFrame, day: date) -> pl.DataFrame:
    """Facilities operating on ``day`` with their star rating then (``stars``, 0 = unrated)."""
    d = pl.lit(day)
    stars = (
        ratings.filter(
            pl.col("valid_from") <= d, pl.col("valid_to").is_null() | (pl.col("valid_to") > d)
        )
        .group_by("facility_id")
        .agg(pl.col("stars").max())
    )
    return (
        facilities.filter(
            pl.col("opened_on") <= d, pl.col("closed_on").is_null() | (pl.col("closed_on") > d)
        )
        .join(stars, on="facility_id", how="left")
        .with_columns(pl.col("stars").fill_null(0).cast(pl.Int64))
    )
