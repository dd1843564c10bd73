"""The audit log records who (the signed-in person's identifier from their token) on a server with sign-in.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("user_id", sa.String(128), nullable=True))


def downgrade() -> None:
    op.drop_column("audit_events", "user_id")
