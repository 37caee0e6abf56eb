"""Tables of facilities (残疾人之家, institutions, accessible places) and their star ratings."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
)

from zhucan.storage.metadata import metadata

facility = Table(
    "facility",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),  # FacilityKind
    Column("name", String(200), nullable=False),
    Column("region", String(12), nullable=False),  # 12 digits: town or village
    Column("opened_on", Date, nullable=False),  # opened, or created/recognised
    Column("closed_on", Date),  # exclusive; NULL = operating
    Column("capacity", Integer),  # places
    Column("workshop", Boolean, nullable=False),  # 工疗型
    Column("standardized", Boolean, nullable=False),  # 规范化
    Column("designated", Boolean, nullable=False),  # 定点 (rehabilitation)
    Column("source", String(200), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Index("ix_facility_region_kind", "region", "kind"),
)

facility_rating = Table(
    "facility_rating",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("facility_id", Integer, ForeignKey("facility.id"), nullable=False),
    Column("stars", SmallInteger, nullable=False),  # 1–5 星级
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),  # exclusive; NULL = current
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Index("ix_facility_rating_facility", "facility_id", "valid_from"),
)
