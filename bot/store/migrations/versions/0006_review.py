"""Review of what the bot misunderstood: agents flag messages, admins label them.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("flagged_by", sa.String(64)))
        batch.add_column(sa.Column("reviewed_intent", sa.String(40)))
        batch.add_column(sa.Column("reviewed_by", sa.String(64)))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        for column in ("reviewed_at", "reviewed_by", "reviewed_intent", "flagged_by"):
            batch.drop_column(column)
