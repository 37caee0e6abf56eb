"""indicator reads: covering indexes on service_record and insurance_enrollment

The indicators read (delivered_on, kind, person_id, quantity) of the services in a date
range and (person_id, scheme, valid_from, valid_to) of the insurance in force; with these
columns in the index SQLite answers from the index alone (about half the time at a
million people). Each replaces the narrower index it extends.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 19:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_service_record_delivered_kind", table_name="service_record")
    op.create_index(
        "ix_service_record_delivered_kind_person",
        "service_record",
        ["delivered_on", "kind", "person_id", "quantity"],
    )
    op.drop_index("ix_insurance_enrollment_person_scheme", table_name="insurance_enrollment")
    op.create_index(
        "ix_insurance_enrollment_person_scheme_valid",
        "insurance_enrollment",
        ["person_id", "scheme", "valid_from", "valid_to"],
    )


def downgrade() -> None:
    op.drop_index("ix_insurance_enrollment_person_scheme_valid", table_name="insurance_enrollment")
    op.create_index(
        "ix_insurance_enrollment_person_scheme", "insurance_enrollment", ["person_id", "scheme"]
    )
    op.drop_index("ix_service_record_delivered_kind_person", table_name="service_record")
    op.create_index("ix_service_record_delivered_kind", "service_record", ["delivered_on", "kind"])
