"""indicator reads of services: the covering index leads with the kind

The indicators read the services of some kinds since a date (this year's for the
year-to-date counts, since 2021 for the plan-period ones). With the date first, the
since-2021 branch scanned nearly the whole index and filtered the kind (0.7-0.9 s at a
million people, the longest of one date's reads); with the kind first each kind is one
range (0.33 s).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 01:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_service_record_delivered_kind_person", table_name="service_record")
    op.create_index(
        "ix_service_record_kind_delivered",
        "service_record",
        ["kind", "delivered_on", "person_id", "quantity"],
    )


def downgrade() -> None:
    op.drop_index("ix_service_record_kind_delivered", table_name="service_record")
    op.create_index(
        "ix_service_record_delivered_kind_person",
        "service_record",
        ["delivered_on", "kind", "person_id", "quantity"],
    )
