"""Typed SQLAlchemy models of the order store. The schema itself is owned by Alembic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

Money = Numeric(12, 2)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every engine (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware one")
        return value.astimezone(dt.timezone.utc)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class Base(DeclarativeBase):
    pass


class Shopper(Base):
    __tablename__ = "shoppers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    postcode: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str] = mapped_column(String(2))
    market: Mapped[str] = mapped_column(String(2), index=True)
    language: Mapped[str] = mapped_column(String(8))
    member_tier: Mapped[str] = mapped_column(String(16))
    birthday: Mapped[dt.date | None] = mapped_column(Date)
    points: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())

    orders: Mapped[list[Order]] = relationship(back_populates="shopper")


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40), index=True)

    prices: Mapped[list[PricePoint]] = relationship(
        back_populates="product", order_by="PricePoint.valid_from"
    )


class PricePoint(Base):
    """A product's price in one currency from ``valid_from`` until the next point."""

    __tablename__ = "price_history"
    __table_args__ = (UniqueConstraint("product_id", "currency", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    amount: Mapped[Decimal] = mapped_column(Money)
    valid_from: Mapped[dt.datetime] = mapped_column(UtcDateTime())

    product: Mapped[Product] = relationship(back_populates="prices")


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("shoppers.id"), index=True)
    market: Mapped[str] = mapped_column(String(2))
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20), index=True)
    placed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    paid_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    shipped_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    promised_delivery_date: Mapped[dt.date] = mapped_column(Date)
    shipping_cost: Mapped[Decimal] = mapped_column(Money)

    shopper: Mapped[Shopper] = relationship(back_populates="orders")
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.id"
    )
    shipments: Mapped[list[Shipment]] = relationship(
        back_populates="order", order_by="Shipment.id"
    )
    payments: Mapped[list[Payment]] = relationship(
        back_populates="order", order_by="Payment.id"
    )


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_paid: Mapped[Decimal] = mapped_column(Money)

    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()


class Shipment(Base):
    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    carrier: Mapped[str] = mapped_column(String(40))
    tracking_number: Mapped[str] = mapped_column(String(40), unique=True)
    shipped_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())

    order: Mapped[Order] = relationship(back_populates="shipments")
    events: Mapped[list[ShipmentEvent]] = relationship(
        back_populates="shipment", order_by="ShipmentEvent.occurred_at"
    )


class ShipmentEvent(Base):
    __tablename__ = "shipment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), index=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    location: Mapped[str] = mapped_column(String(80))
    status_code: Mapped[str] = mapped_column(String(32))

    shipment: Mapped[Shipment] = relationship(back_populates="events")


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    method: Mapped[str] = mapped_column(String(24))
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())

    order: Mapped[Order] = relationship(back_populates="payments")


class HandoffRequest(Base):
    """A conversation waiting for a person; the agent console serves these."""

    __tablename__ = "handoff_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(128), index=True)
    language: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), index=True)
    details: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    agent_id: Mapped[int | None] = mapped_column(Integer)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class LedgerEntry(Base):
    """One money or stock move: a refund, a coupon, a return authorisation (RMA) or a
    cancellation. The idempotency key says what it is for; its uniqueness is what makes a
    retried, duplicated or concurrent request move money at most once."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20), index=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("shoppers.id"), index=True)
    order_number: Mapped[str | None] = mapped_column(String(20), index=True)
    line_id: Mapped[int | None] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    payment_reference: Mapped[str | None] = mapped_column(String(40))
    payment_method: Mapped[str | None] = mapped_column(String(24))
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    conversation_id: Mapped[str | None] = mapped_column(String(128))
    details: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(80))


class Conversation(Base):
    """A storefront conversation, owned by the web app: who holds it (the bot, the queue
    or an agent) decides where the shopper's next message goes."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    locale: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    holder: Mapped[str] = mapped_column(String(8), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    shopper_id: Mapped[int | None] = mapped_column(Integer, index=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    surveys_sent: Mapped[int] = mapped_column(Integer, default=0)
    survey_open: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class ChatMessage(Base):
    """One message of a conversation in order (``seq``); a shopper message carries the
    browser's ``client_id`` so that a re-sent message is stored once."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq"),
        UniqueConstraint("conversation_id", "client_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    sender: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(String(4000))
    buttons: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    client_id: Mapped[str | None] = mapped_column(String(64))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    language: Mapped[str | None] = mapped_column(String(8))
    intent: Mapped[str | None] = mapped_column(String(40))
    confidence: Mapped[float | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    flagged_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_intent: Mapped[str | None] = mapped_column(String(40))
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class Agent(Base):
    """A person of the support team: agents serve the queue in their languages, admins
    also reach the admin area."""

    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(8))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class AgentSession(Base):
    """A console login. Only a hash of the cookie's token is stored."""

    __tablename__ = "agent_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Ticket(Base):
    """A complaint or a question left outside business hours, worked by agents."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str | None] = mapped_column(String(128), index=True)
    category: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12), index=True)
    source: Mapped[str] = mapped_column(String(12))
    language: Mapped[str] = mapped_column(String(8))
    email: Mapped[str | None] = mapped_column(String(254))
    summary: Mapped[str] = mapped_column(String(4000))
    rating: Mapped[int | None] = mapped_column(Integer)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class SurveyResponse(Base):
    """A satisfaction rating on the 7-level scale (1 very dissatisfied … 7 very
    satisfied), one per conversation and survey round."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("conversation_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(128), index=True)
    round: Mapped[int] = mapped_column(Integer)
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(String(2000))
    language: Mapped[str] = mapped_column(String(8))
    intents: Mapped[list[str]] = mapped_column(JSON, default=list)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    human_involved: Mapped[bool] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class AuditEntry(Base):
    """One admin action: who did what to what, and when. Never a shopper's e-mail."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(128))
    details: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)


class ModelVersion(Base):
    """A trained Rasa model, kept with the data it was trained on and its figures on the
    held-out split (``{"languages": {code: figures}}``, each with its split's
    fingerprint)."""

    __tablename__ = "model_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    path: Mapped[str] = mapped_column(String(1000))
    data_fingerprint: Mapped[str] = mapped_column(String(32))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    metrics: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    trained_by: Mapped[str] = mapped_column(String(64))
    train_seconds: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())

    @property
    def figures(self) -> dict[str, dict[str, Any]]:
        """language → figures on the held-out split (empty before an evaluation)."""
        return dict((self.metrics or {}).get("languages") or {})

    def unmeasured(self, splits: dict[str, str]) -> tuple[str, ...]:
        """Languages of ``splits`` (language → split fingerprint) this model has no
        figures for on exactly that split."""
        figures = self.figures
        return tuple(
            language
            for language, split in splits.items()
            if (figures.get(language) or {}).get("split") != split
        )

    def add_figures(self, figures: dict[str, dict[str, Any]]) -> None:
        """Keeps the figures of other languages; replaces those measured again."""
        self.metrics = {"languages": self.figures | figures}


class ModelPromotion(Base):
    """The live model changed: promoted, rolled back, or chosen at start-up. The latest
    row names the live model; an override of the comparison keeps its reason."""

    __tablename__ = "model_promotions"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("model_versions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # promote | rollback | start
    actor: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(String(1000))
    comparison: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)


class TrainingJob(Base):
    """One background training run. ``running`` is set while it runs and is unique, so
    two jobs can never run at once, whichever process starts them."""

    __tablename__ = "training_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(12))  # running | succeeded | failed
    running: Mapped[str | None] = mapped_column(String(12), unique=True)
    started_by: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    heartbeat_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    pid: Mapped[int | None] = mapped_column(Integer)
    progress: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    timings: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    model_id: Mapped[int | None] = mapped_column(ForeignKey("model_versions.id"))


class RegistryLock(Base):
    """Taken while the live model changes, so two promotions never interleave (one row
    per lock; a crashed holder's row goes stale and is taken over)."""

    __tablename__ = "registry_locks"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    taken_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
