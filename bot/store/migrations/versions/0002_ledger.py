"""Ledger of refunds, coupons, return authorisations and cancellations.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
MONEY = sa.Numeric(12, 2)


def upgrade() -> None:
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(24), nullable=False, index=True),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column(
            "shopper_id",
            sa.Integer,
            sa.ForeignKey("shoppers.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("order_number", sa.String(20), index=True),
        sa.Column("line_id", sa.Integer),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("payment_reference", sa.String(40)),
        sa.Column("payment_method", sa.String(24)),
        sa.Column("code", sa.String(40), unique=True),
        sa.Column("expires_on", sa.Date),
        sa.Column("conversation_id", sa.String(128)),
        sa.Column("details", sa.JSON, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("decided_at", TZ),
        sa.Column("decided_by", sa.String(80)),
    )


def downgrade() -> None:
    op.drop_table("ledger_entries")
