"""The need table: one row per person, year and kind of need, with where it was found."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, SmallInteger, String, Table

from zhucan.storage.metadata import metadata

need = Table(
    "need",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False),
    Column("year", SmallInteger, nullable=False),
    Column("kind", String(24), nullable=False),  # NeedKind
    Column("source", String(200), nullable=False),  # e.g. visit:12, survey:2024
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Index("ix_need_year_kind_person", "year", "kind", "person_id", unique=True),
    Index("ix_need_person_year", "person_id", "year"),  # the person file
)
