"""Benefits tables: applications, enrolments, work items, payment runs and lines, bank
accounts, alerts; every state change leaves an event row, nothing is deleted.

Months are text ``YYYY-MM`` (they sort as they read). Money is integer fen.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
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
    UniqueConstraint,
)

from zhucan.storage.metadata import metadata

program_setting = Table(
    "benefit_program_setting",
    metadata,
    Column("program", String(64), primary_key=True),
    Column("auto_enrol", Boolean, nullable=False),
    Column("updated_by", String(64), nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

application = Table(
    "benefit_application",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False, index=True),
    Column("program", String(64), nullable=False),
    Column("region", String(12), nullable=False, index=True),  # 户籍 when applying: scoping
    Column("state", String(16), nullable=False),  # ApplicationState
    Column("channel", String(16), nullable=False),  # self | worker | discovery
    Column("applied_by", String(64), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("review_due", Date, nullable=False),
    Column("decision_due", Date),
    Column("reviewed_on", Date),
    Column("decided_on", Date),
    Column("decided_by", String(64)),
    Column("reason", Text),
    Column("policy", String(100)),
    Column("version", String(32)),
    Column("params", Text),
    Column("facts_sha256", String(64)),
    Column("amount_fen", Integer),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

application_event = Table(
    "benefit_application_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("application_id", Integer, ForeignKey("benefit_application.id"), nullable=False),
    Column("step", String(16), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("reason", Text),
    Column("by", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
    Index("ix_benefit_application_event_app", "application_id"),
)

enrollment = Table(
    "enrollment",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False),
    Column("program", String(64), nullable=False),
    Column("region", String(12), nullable=False),
    Column("start_month", String(7), nullable=False),
    Column("end_month", String(7)),  # exclusive; NULL = open
    Column("suspended_from", String(7)),  # payment withheld from this month while set
    Column("source", String(100), nullable=False),  # application:#id | auto | …
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_enrollment_person_program", "person_id", "program"),
    Index("ix_enrollment_program_region", "program", "region"),
)

enrollment_event = Table(
    "enrollment_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enrollment_id", Integer, ForeignKey("enrollment.id"), nullable=False, index=True),
    Column("action", String(16), nullable=False),  # enrol | suspend | resume | stop
    Column("month", String(7)),
    Column("reason", Text, nullable=False),
    Column("by", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
)

notification = Table(
    "benefit_notification",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False, index=True),
    Column("program", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # enrolled | decided | stopped
    Column("message", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("sent_at", DateTime),
)

work_item = Table(
    "work_item",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # enrol | review_stop
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False, index=True),
    Column("program", String(64), nullable=False),
    Column("town", String(9), nullable=False, index=True),
    Column("region", String(12), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("explanation", Text, nullable=False),  # JSON
    Column("state", String(16), nullable=False),  # open | done | dismissed
    # kind:person:program while open, NULL once closed: at most one open item per key.
    Column("open_key", String(100), unique=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("closed_by", String(64)),
    Column("closed_at", DateTime),
    Column("note", Text),
)

payment_run = Table(
    "payment_run",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("period", String(7), nullable=False),
    Column("region", String(12), nullable=False),  # jurisdiction prefix ("" = national)
    Column("program", String(64), nullable=False),
    Column("state", String(16), nullable=False),  # RunState
    Column("revision", Integer, nullable=False),
    Column("line_count", Integer, nullable=False),
    Column("total_fen", BigInteger, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("checked_by", String(64)),
    Column("checked_at", DateTime),
    Column("check_summary", Text),
    Column("approved_by", String(64)),
    Column("approved_at", DateTime),
    Column("exported_by", String(64)),
    Column("exported_at", DateTime),
    Column("reconciled_by", String(64)),
    Column("reconciled_at", DateTime),
    UniqueConstraint("period", "region", "program", name="uq_payment_run_period_region_program"),
)

payment_run_event = Table(
    "payment_run_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("payment_run.id"), nullable=False, index=True),
    Column("action", String(16), nullable=False),
    Column("from_state", String(16)),
    Column("to_state", String(16), nullable=False),
    Column("by", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("detail", Text),
)

payment_line = Table(
    "payment_line",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("payment_run.id"), nullable=False),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False),
    Column("program", String(64), nullable=False),
    Column("month", String(7), nullable=False),  # the month the money is for
    Column("seq", SmallInteger, nullable=False),  # 0 = the month's regular line
    Column("kind", String(16), nullable=False),  # regular | arrears | recovery
    Column("amount_fen", Integer, nullable=False),
    Column("entitled_fen", Integer, nullable=False),
    Column("booked_fen", Integer, nullable=False),  # already paid for the month before
    Column("policy", String(100)),
    Column("version", String(32)),
    Column("params", Text),
    Column("facts_sha256", String(64)),
    Column("reason", Text, nullable=False),
    Column("region", String(12), nullable=False),  # 户籍 on the month's first day
    Column("status", String(16), nullable=False),  # LineStatus
    Column("bank_note", String(200)),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("person_id", "program", "month", "seq", name="uq_payment_line_once"),
    Index("ix_payment_line_run", "run_id"),
    Index("ix_payment_line_month_region", "program", "month", "region"),
)

bank_account = Table(
    "bank_account",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False, index=True),
    Column("bank_name", String(100), nullable=False),
    Column("holder_name", String(100), nullable=False),
    Column("account_enc", LargeBinary, nullable=False),
    Column("account_masked", String(40), nullable=False),
    # person_id while this is the account in use, NULL once replaced: one active account.
    Column("active_person", Integer, unique=True),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("replaced_at", DateTime),
)

alert = Table(
    "alert",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(24), nullable=False),  # AlertKind
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False, index=True),
    Column("other_person_id", Integer, ForeignKey("person.id")),
    Column("program", String(64)),
    Column("region", String(12), nullable=False, index=True),
    Column("event_date", Date),
    Column("detail", Text, nullable=False),  # Chinese reason
    Column("amount_fen", Integer),  # paid after death: the sum paid for months after it
    Column("dedup_key", String(160), nullable=False, unique=True),
    Column("state", String(16), nullable=False),  # AlertState
    Column("source", String(200), nullable=False),
    Column("raised_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

alert_event = Table(
    "alert_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", Integer, ForeignKey("alert.id"), nullable=False, index=True),
    Column("action", String(16), nullable=False),
    Column("from_state", String(16), nullable=False),
    Column("to_state", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("by", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
)
