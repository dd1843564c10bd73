"""Who started each draft and their team (a draft is open to its author and the managers of their team).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("drafts", sa.Column("author_id", sa.String(128), nullable=True))
    op.add_column("drafts", sa.Column("team", sa.String(128), nullable=True))


def downgrade() -> None:
    op.drop_column("drafts", "team")
    op.drop_column("drafts", "author_id")
