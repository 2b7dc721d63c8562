"""Model registry: trained models with their figures, the live model's history, training
jobs (one at a time), and a lock that makes promotions take turns.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "model_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("path", sa.String(1000), nullable=False),
        sa.Column("data_fingerprint", sa.String(32), nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("metrics", sa.JSON),
        sa.Column("trained_by", sa.String(64), nullable=False),
        sa.Column("train_seconds", sa.Float),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "model_promotions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "model_id",
            sa.Integer,
            sa.ForeignKey("model_versions.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(1000)),
        sa.Column("comparison", sa.JSON),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "training_jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("running", sa.String(12), unique=True),
        sa.Column("started_by", sa.String(64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("pid", sa.Integer),
        sa.Column("progress", sa.JSON, nullable=False),
        sa.Column("timings", sa.JSON, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("model_id", sa.Integer, sa.ForeignKey("model_versions.id")),
    )

    op.create_table(
        "registry_locks",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("holder", sa.String(64), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("registry_locks")
    op.drop_table("training_jobs")
    op.drop_table("model_promotions")
    op.drop_table("model_versions")
