"""Order store: shoppers, products and price history, orders, shipments, payments,
hand-off requests.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
MONEY = sa.Numeric(12, 2)


def upgrade() -> None:
    op.create_table(
        "shoppers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("postcode", sa.String(16)),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("market", sa.String(2), nullable=False, index=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("member_tier", sa.String(16), nullable=False),
        sa.Column("birthday", sa.Date),
        sa.Column("points", sa.Integer, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sku", sa.String(32), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("category", sa.String(40), nullable=False, index=True),
    )
    op.create_table(
        "price_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "product_id",
            sa.Integer,
            sa.ForeignKey("products.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("valid_from", TZ, nullable=False),
        sa.UniqueConstraint("product_id", "currency", "valid_from"),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("number", sa.String(20), nullable=False, unique=True),
        sa.Column(
            "shopper_id",
            sa.Integer,
            sa.ForeignKey("shoppers.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("market", sa.String(2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("placed_at", TZ, nullable=False),
        sa.Column("paid_at", TZ),
        sa.Column("shipped_at", TZ),
        sa.Column("delivered_at", TZ),
        sa.Column("cancelled_at", TZ),
        sa.Column("promised_delivery_date", sa.Date, nullable=False),
        sa.Column("shipping_cost", MONEY, nullable=False),
    )
    op.create_table(
        "order_lines",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "order_id",
            sa.Integer,
            sa.ForeignKey("orders.id"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "product_id", sa.Integer, sa.ForeignKey("products.id"), nullable=False
        ),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("unit_price_paid", MONEY, nullable=False),
    )
    op.create_table(
        "shipments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "order_id",
            sa.Integer,
            sa.ForeignKey("orders.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("carrier", sa.String(40), nullable=False),
        sa.Column("tracking_number", sa.String(40), nullable=False, unique=True),
        sa.Column("shipped_at", TZ, nullable=False),
    )
    op.create_table(
        "shipment_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "shipment_id",
            sa.Integer,
            sa.ForeignKey("shipments.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("occurred_at", TZ, nullable=False),
        sa.Column("location", sa.String(80), nullable=False),
        sa.Column("status_code", sa.String(32), nullable=False),
    )
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "order_id",
            sa.Integer,
            sa.ForeignKey("orders.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("method", sa.String(24), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reference", sa.String(40), nullable=False, unique=True),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(128), nullable=False, index=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("details", sa.JSON, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "handoff_requests",
        "payments",
        "shipment_events",
        "shipments",
        "order_lines",
        "orders",
        "price_history",
        "products",
        "shoppers",
    ):
        op.drop_table(table)
