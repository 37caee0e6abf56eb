"""Certificate case tables: one row per case, one row per step as it falls due and is done.

A step row is written when the step becomes due (with its deadline) and completed in
place (``done_on``, ``done_by``, ``outcome``); so an open step past its deadline is one
query. Assessment fields are filled on the ``assess`` step.
"""

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
    UniqueConstraint,
)

from zhucan.storage.metadata import metadata

certificate_case = Table(
    "certificate_case",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False),
    Column("kind", String(16), nullable=False),  # CaseKind
    Column("state", String(16), nullable=False),  # CaseState
    # The person's 户籍 region when the case was opened: the scoping key.
    Column("region", String(12), nullable=False, index=True),
    # The county federation answering for the case (the receiving one for a transfer).
    Column("office_region", String(12), nullable=False),
    Column("target_region", String(12)),  # transfer: the new 户籍 region
    Column("reason", String(16)),  # cancel: death | request | ineligible
    Column("event_date", Date),  # cancel on death: date of death; transfer: date of the move
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date),
    Column("certificate_id", Integer, ForeignKey("certificate.id")),  # the version written
    Column("note", Text),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_certificate_case_person_state", "person_id", "state"),
)

certificate_case_step = Table(
    "certificate_case_step",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("certificate_case.id"), nullable=False),
    Column("step", String(16), nullable=False),  # Step
    Column("due_from", Date, nullable=False),
    Column("deadline", Date),
    Column("office_region", String(12), nullable=False),
    Column("done_on", Date),
    Column("done_by", String(64)),
    Column("done_at", DateTime),
    Column("outcome", String(16)),  # done | rejected | skipped
    Column("note", Text),
    Column("category", SmallInteger),
    Column("grade", SmallInteger),
    Column("components", String(64)),  # 多重: "1:2,4:3" (category:grade)
    Column("physician", String(100)),
    Column("institution", String(200)),
    UniqueConstraint("case_id", "step"),
    Index("ix_certificate_case_step_open", "done_on", "deadline"),
)

__all__ = ["certificate_case", "certificate_case_step"]
