"""The audit log's table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("session", sa.String(64), nullable=False),
        sa.Column("pathway", sa.String(40)),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("policy_versions", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_events_time", "audit_events", ["time"])


def downgrade() -> None:
    op.drop_table("audit_events")
