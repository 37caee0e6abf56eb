"""person file reads: a person's needs and cases by person id

The person file lists the person's needs of the last three years and every case about
them; without these indexes both are scans of whole tables (3.4 M needs at a million
people).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 21:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_need_person_year", "need", ["person_id", "year"])
    op.create_index("ix_case_file_person", "case_file", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_case_file_person", table_name="case_file")
    op.drop_index("ix_need_person_year", table_name="need")
