"""Registry tables: regions, people, households, certificates and effective-dated facts.

Facts are effective-dated (``valid_from`` inclusive, ``valid_to`` exclusive, NULL = open)
and never updated in place except to close their interval or to retract them; every row
says where it came from (``source``), who recorded it and when.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Text,
    and_,
    or_,
    text,
)
from sqlalchemy.sql.expression import ColumnElement, FromClause

from zhucan.storage.metadata import metadata

region = Table(
    "region",
    metadata,
    Column("code", String(12), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("level", SmallInteger, nullable=False),
    Column("parent_code", String(12), index=True),
    Column("urban", Boolean),
)

import_batch = Table(
    "import_batch",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("summary", Text, nullable=False),
)

household = Table(
    "household",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("head_bidx", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
)

person = Table(
    "person",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("citizen_id_bidx", String(64), nullable=False, unique=True),
    Column("citizen_id_enc", LargeBinary, nullable=False),
    Column("citizen_id_masked", String(18), nullable=False),
    Column("name", String(100), nullable=False),
    Column("sex", String(1), nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("phone_enc", LargeBinary),
    Column("phone_masked", String(20)),
    Column("household_id", Integer, ForeignKey("household.id"), index=True),
    # Current 户籍 region, kept in step with the hukou_region facts: the scoping key.
    Column("region", String(12), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    # Name-prefix search within a jurisdiction (region prefix); on PostgreSQL with pattern
    # operator classes so that LIKE 'prefix%' can use it under any collation (migration 0011).
    Index(
        "ix_person_name_region",
        "name",
        "region",
        postgresql_ops={"name": "varchar_pattern_ops", "region": "varchar_pattern_ops"},
    ),
)

certificate = Table(
    "certificate",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False),
    Column("category", SmallInteger, nullable=False),
    Column("grade", SmallInteger, nullable=False),
    Column("issued", Date),
    Column("valid_until", Date),
    Column("status", String(16), nullable=False),  # valid | cancelled
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Column("source", String(200), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("retracted_at", DateTime),
    Index("ix_certificate_person_from", "person_id", "valid_from"),
)

fact = Table(
    "fact",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("value", String(100), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Column("source", String(200), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("retracted_at", DateTime),
    Index("ix_fact_person_kind", "person_id", "kind", "valid_from"),
    # Covers the indicators' reads of one kind in force on dates (migration 0010).
    Index(
        "ix_fact_kind_valid_covering",
        "kind",
        "valid_from",
        "valid_to",
        "person_id",
        "value",
        sqlite_where=text("retracted_at IS NULL"),
        postgresql_where=text("retracted_at IS NULL"),
    ),
)


def in_force(table: FromClause, day: ColumnElement[Any]) -> ColumnElement[bool]:
    """Rows of an effective-dated table (``fact``, ``certificate``) in force on ``day``."""
    return and_(
        table.c.valid_from <= day,
        or_(table.c.valid_to.is_(None), table.c.valid_to > day),
        table.c.retracted_at.is_(None),
    )


person_history = Table(
    "person_history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False, index=True),
    Column("field", String(32), nullable=False),
    Column("old_value", String(200)),
    Column("new_value", String(200)),
    Column("source", String(200), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
)

__all__ = [
    "certificate",
    "fact",
    "household",
    "import_batch",
    "in_force",
    "person",
    "person_history",
    "region",
]
