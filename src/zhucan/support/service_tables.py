"""Tables of services delivered to people and of their insurance enrollment."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
)

import zhucan.support.facility_tables  # noqa: F401  (service_record refers to facility)
from zhucan.storage.metadata import metadata

service_record = Table(
    "service_record",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False),
    Column("kind", String(32), nullable=False),  # ServiceKind
    Column("delivered_on", Date, nullable=False),
    Column("provider", String(200), nullable=False),
    Column("facility_id", Integer, ForeignKey("facility.id")),
    Column("quantity", Integer, nullable=False),  # sessions, devices, days …
    Column("amount", Numeric(14, 2)),  # yuan spent, where known
    Column("source", String(200), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    # covering the indicators' reads of some kinds since a date (migration 0013)
    Index("ix_service_record_kind_delivered", "kind", "delivered_on", "person_id", "quantity"),
    Index("ix_service_record_person_kind", "person_id", "kind"),
)

insurance_enrollment = Table(
    "insurance_enrollment",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False),
    Column("scheme", String(16), nullable=False),  # InsuranceScheme
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),  # exclusive; NULL = open
    Column("source", String(200), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Index(
        "ix_insurance_enrollment_person_scheme_valid",
        "person_id",
        "scheme",
        "valid_from",
        "valid_to",
    ),
)
