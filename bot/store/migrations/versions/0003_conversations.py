"""Conversations owned by the web app: messages, agents and their sessions, tickets,
satisfaction surveys; hand-off requests learn who claimed them and when.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "agent_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column(
            "agent_id",
            sa.Integer,
            sa.ForeignKey("agents.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
    )
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("holder", sa.String(8), nullable=False, index=True),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("agents.id")),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.Column("surveys_sent", sa.Integer, nullable=False),
        sa.Column("survey_open", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "conversation_id",
            sa.String(128),
            sa.ForeignKey("conversations.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("sender", sa.String(8), nullable=False),
        sa.Column("text", sa.String(4000), nullable=False),
        sa.Column("buttons", sa.JSON, nullable=False),
        sa.Column("client_id", sa.String(64)),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("agents.id")),
        sa.Column("language", sa.String(8)),
        sa.Column("intent", sa.String(40)),
        sa.Column("confidence", sa.Float),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("conversation_id", "seq"),
        sa.UniqueConstraint("conversation_id", "client_id"),
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(128), index=True),
        sa.Column("category", sa.String(12), nullable=False),
        sa.Column("status", sa.String(12), nullable=False, index=True),
        sa.Column("source", sa.String(12), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("email", sa.String(254)),
        sa.Column("summary", sa.String(4000), nullable=False),
        sa.Column("rating", sa.Integer),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("agents.id")),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(128), nullable=False, index=True),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("comment", sa.String(2000)),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("intents", sa.JSON, nullable=False),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("agents.id")),
        sa.Column("human_involved", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("conversation_id", "round"),
    )
    with op.batch_alter_table("handoff_requests") as batch:
        batch.add_column(sa.Column("agent_id", sa.Integer))
        batch.add_column(sa.Column("claimed_at", TZ))
        batch.add_column(sa.Column("closed_at", TZ))


def downgrade() -> None:
    with op.batch_alter_table("handoff_requests") as batch:
        batch.drop_column("closed_at")
        batch.drop_column("claimed_at")
        batch.drop_column("agent_id")
    for table in (
        "survey_responses",
        "tickets",
        "messages",
        "conversations",
        "agent_sessions",
        "agents",
    ):
        op.drop_table(table)
