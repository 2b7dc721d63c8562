"""Conversations remember the verified shopper, for repeat contacts and privacy exports.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("shopper_id", sa.Integer))
        batch.create_index("ix_conversations_shopper_id", ["shopper_id"])
        batch.create_index("ix_conversations_created_at", ["created_at"])


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_created_at")
        batch.drop_index("ix_conversations_shopper_id")
        batch.drop_column("shopper_id")
