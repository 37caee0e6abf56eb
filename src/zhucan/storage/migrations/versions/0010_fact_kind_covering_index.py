"""indicator reads: a covering index on the registry's fact table

The indicators read, for one fact kind (户籍 region, 户口 type, employment, assistance,
care, death), ``person_id`` and ``value`` of the rows in force on a date or over a range
of dates, never retracted. The only index on ``fact`` starts with ``person_id`` (the
registry's per-person reads), so these reads scanned the whole table. This index is
partial (current, unretracted rows only) and covers the read, so SQLite answers it from
the index alone: at a million people 户籍 0.49 → 0.28 s and the other kinds 0.61 → 0.35 s.
``fact`` belongs to the registry; what this costs its bulk load is measured in
``docs/performance.md`` (Indicators). Nothing else changes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_UNRETRACTED = sa.text("retracted_at IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_fact_kind_valid_covering",
        "fact",
        ["kind", "valid_from", "valid_to", "person_id", "value"],
        sqlite_where=_UNRETRACTED,
        postgresql_where=_UNRETRACTED,
    )


def downgrade() -> None:
    op.drop_index("ix_fact_kind_valid_covering", table_name="fact")
