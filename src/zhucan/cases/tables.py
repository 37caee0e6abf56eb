"""Case tables: the case file with its deadlines and its events; visit plans and visits."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
)

from zhucan.storage.metadata import metadata

case_file = Table(
    "case_file",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # CaseKind
    Column("category", String(32), nullable=False),  # categories.CATEGORIES
    Column("region", String(12), nullable=False, index=True),  # where it arose: scoping key
    Column("assigned_region", String(12), nullable=False),  # the office answering for it
    Column("person_id", Integer, ForeignKey("person.id")),
    Column("contact_name", String(100)),
    Column("summary", Text, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("accepted_on", Date),
    Column("extension_days", SmallInteger, nullable=False),
    Column("due_on", Date, nullable=False),  # the deadline now running
    Column("escalation_level", SmallInteger, nullable=False),
    Column("status", String(16), nullable=False),  # open | accepted | closed | rejected
    Column("closed_on", Date),
    Column("outcome", Text),
    Column("satisfaction", String(16)),  # satisfied | basically | dissatisfied | none
    Column("source", String(200), nullable=False),  # e.g. hotline, visit:12
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index("ix_case_file_status_due", "status", "due_on"),
    Index("ix_case_file_person", "person_id"),  # the person file
)

case_event = Table(
    "case_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case_file.id"), nullable=False, index=True),
    Column("event_on", Date, nullable=False),
    Column("action", String(16), nullable=False),  # open | accept | remind | escalate | close
    Column("detail", Text, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
)

visit_plan = Table(
    "visit_plan",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", SmallInteger, nullable=False),
    Column("household_id", Integer, ForeignKey("household.id")),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False),  # the member visited
    Column("region", String(12), nullable=False, index=True),
    Column("reason", String(200), nullable=False),
    Column("visits_per_year", SmallInteger, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index("ix_visit_plan_year_person", "year", "person_id", unique=True),
)

visit = Table(
    "home_visit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("visit_plan.id")),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False, index=True),
    Column("region", String(12), nullable=False),
    Column("visited_on", Date, nullable=False),
    Column("visitor", String(64), nullable=False),
    Column("notes", Text, nullable=False),
    Column("needs", String(300), nullable=False),  # NeedKind codes, comma-joined
    Column("case_id", Integer, ForeignKey("case_file.id")),  # the problem reported, if any
    Column("recorded_at", DateTime, nullable=False),
)
