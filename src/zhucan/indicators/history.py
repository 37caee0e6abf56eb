"""Set-based reads of what indicators count, for one date or a span of dates.

Everything is read once per call as Polars frames (facts, certificates, needs, services,
insurance, facilities), restricted to people whose 户籍 lay under the region at some time
in the span; :mod:`zhucan.indicators.frame` then builds the state on each date in memory.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import polars as pl
from sqlalchemy import Engine

from zhucan.storage.bulk import read_frame
from zhucan.support.facilities import facility_history

#: The first day the five-year plans count from (cumulative indicators start here).
PLAN_START = date(2021, 1, 1)
FACT_KINDS = (
    "hukou_region",
    "hukou_type",
    "death",
    "assistance",
    "institutional_care",
    "long_term_care",
    "employment",
)


@dataclass(frozen=True)
class History:
    """The raw rows behind indicators for ``[start, end]`` under ``prefix``."""

    prefix: str
    start: date
    end: date
    people: pl.DataFrame
    facts: pl.DataFrame
    certs: pl.DataFrame
    needs: pl.DataFrame
    services: pl.DataFrame
    insurance: pl.DataFrame
    facilities: pl.DataFrame
    ratings: pl.DataFrame


def _overlaps(alias: str, start: date, end: date) -> str:
    return (
        f"{alias}.valid_from <= '{end.isoformat()}' AND ({alias}.valid_to IS NULL OR "
        f"{alias}.valid_to > '{start.isoformat()}')"
    )


def load_history(
    engine: Engine,
    prefix: str,
    start: date,
    end: date,
    plan_kinds: Collection[str] | None = None,
) -> History:
    """Read the rows in force at some time in ``[start, end]`` for people under ``prefix``.

    Services are read from 1 January of ``start``'s year; those of ``plan_kinds`` (default:
    all) also from the plan start, for the cumulative counts.
    """
    if not prefix.isdigit() and prefix:
        raise ValueError(f"bad region prefix {prefix!r}")
    under = (
        "(SELECT h.person_id FROM fact h WHERE h.kind = 'hukou_region' AND "
        f"h.value LIKE '{prefix}%' AND h.retracted_at IS NULL AND {_overlaps('h', start, end)})"
    )

    def who(column: str) -> str:
        # A province is a deployment's whole database in practice: reading everything and
        # filtering by 户籍 in memory beats a million-row IN (…) in every query.
        return f"{column} IN {under}" if len(prefix) > 2 else "1=1"

    kinds = ", ".join(f"'{k}'" for k in FACT_KINDS)
    d: dict[str, pl.DataType] = {
        "person_id": pl.Int64(),
        "valid_from": pl.Date(),
        "valid_to": pl.Date(),
    }
    year_start = date(start.year, 1, 1).isoformat()
    if plan_kinds is None:
        since = f"delivered_on >= '{min(PLAN_START, date(start.year, 1, 1)).isoformat()}'"
    else:
        listed = ", ".join(f"'{k}'" for k in sorted(plan_kinds)) or "''"
        since = (
            f"(delivered_on >= '{year_start}' OR (delivered_on >= '{PLAN_START.isoformat()}' "
            f"AND kind IN ({listed})))"
        )
    reads: dict[str, tuple[str, dict[str, pl.DataType]]] = {
        "people": (
            f"SELECT id AS person_id, birth_date, sex, household_id FROM person "
            f"WHERE {who('id')}",
            {"person_id": pl.Int64(), "birth_date": pl.Date(), "household_id": pl.Int64()},
        ),
        "facts": (
            "SELECT f.person_id, f.kind, f.value, f.valid_from, f.valid_to FROM fact f "
            f"WHERE f.kind IN ({kinds}) AND f.retracted_at IS NULL "
            f"AND {_overlaps('f', start, end)} AND {who('f.person_id')}",
            d,
        ),
        "certs": (
            "SELECT c.person_id, c.category, c.grade, c.issued, c.valid_until, c.status, "
            f"c.valid_from, c.valid_to FROM certificate c WHERE c.retracted_at IS NULL "
            f"AND {_overlaps('c', start, end)} AND {who('c.person_id')}",
            {**d, "category": pl.Int8(), "grade": pl.Int8(), "issued": pl.Date(),
             "valid_until": pl.Date()},
        ),
        "needs": (
            f"SELECT person_id, year, kind FROM need WHERE year >= {start.year} "
            f"AND year <= {end.year} AND {who('person_id')}",
            {"person_id": pl.Int64(), "year": pl.Int32()},
        ),
        "services": (
            "SELECT person_id, kind, delivered_on, quantity FROM service_record "
            f"WHERE {since} AND delivered_on <= '{end.isoformat()}' "
            f"AND {who('person_id')}",
            {"person_id": pl.Int64(), "delivered_on": pl.Date(), "quantity": pl.Int64()},
        ),
        "insurance": (
            "SELECT i.person_id, i.scheme, i.valid_from, i.valid_to FROM insurance_enrollment i "
            f"WHERE {_overlaps('i', start, end)} AND {who('i.person_id')}",
            d,
        ),
    }  # fmt: skip
    frames = {name: read_frame(engine, sql, schema) for name, (sql, schema) in reads.items()}
    facilities, ratings = facility_history(engine, prefix)
    return History(prefix, start, end, facilities=facilities, ratings=ratings, **frames)
