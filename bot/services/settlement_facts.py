"""Plain facts the settlement rules decide on (no Rasa, no SQLAlchemy)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class LineFacts:
    line_id: int
    sku: str
    category: str
    quantity: int
    unit_price_paid: Decimal

    @property
    def paid(self) -> Decimal:
        return self.unit_price_paid * self.quantity


@dataclass(frozen=True)
class PaymentFacts:
    reference: str
    method: str
    amount: Decimal
    status: str  # captured | refunded | failed
    created_at: dt.datetime


@dataclass(frozen=True)
class ShopperHistory:
    """What the shop knows of the shopper when deciding an offer."""

    tier: str
    orders_placed: int  # not cancelled, this one included
    total_spend: Decimal
    birthday: dt.date | None
    points: int


@dataclass(frozen=True)
class OrderFacts:
    """One order with everything the settlement rules look at."""

    number: str
    shopper_id: int
    shopper_name: str
    market: str
    currency: str
    status: str
    placed_at: dt.datetime
    delivered_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    promised_delivery_date: dt.date
    shipping_cost: Decimal
    lines: tuple[LineFacts, ...]
    line_names: Mapping[int, str]  # by line id
    payments: tuple[PaymentFacts, ...]
    # By line id: (valid_from, amount) of the product's prices in the order's currency.
    prices: Mapping[int, tuple[tuple[dt.datetime, Decimal], ...]]
    shopper: ShopperHistory

    def line(self, line_id: int) -> LineFacts | None:
        return next((line for line in self.lines if line.line_id == line_id), None)

    def prices_of(self, line_id: int) -> list[tuple[dt.datetime, Decimal]]:
        return list(self.prices.get(line_id, ()))

    @property
    def original_payment(self) -> PaymentFacts | None:
        captured = [p for p in self.payments if p.status == "captured"]
        return min(captured, key=lambda p: p.created_at) if captured else None
