"""person accounts and audit filters

A person account (role "person") is linked to one registered person; the audit page
filters the log by user and by action, newest first.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a nullable referencing column in place; a batch copy of the table
        # would have to drop user_account, which api_token rows refer to.
        op.execute(
            "ALTER TABLE user_account ADD COLUMN person_id INTEGER "
            "CONSTRAINT fk_user_account_person_id_person REFERENCES person (id)"
        )
    else:
        op.add_column("user_account", sa.Column("person_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_user_account_person_id_person", "user_account", "person", ["person_id"], ["id"]
        )
    op.create_index("ix_user_account_person_id", "user_account", ["person_id"])
    op.create_index("ix_audit_log_actor_id", "audit_log", ["actor", "id"])
    op.create_index("ix_audit_log_action_id", "audit_log", ["action", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_action_id", table_name="audit_log")
    op.drop_index("ix_audit_log_actor_id", table_name="audit_log")
    op.drop_index("ix_user_account_person_id", table_name="user_account")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE user_account DROP COLUMN person_id")
    else:
        op.drop_constraint("fk_user_account_person_id_person", "user_account", type_="foreignkey")
        op.drop_column("user_account", "person_id")
