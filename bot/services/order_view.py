"""Plain, read-only views of an order, handed from the store to the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ShipmentEventView:
    occurred_at: dt.datetime
    location: str
    status_code: str


@dataclass(frozen=True)
class ShipmentView:
    carrier: str
    tracking_number: str
    events: tuple[ShipmentEventView, ...]

    @property
    def latest_event(self) -> ShipmentEventView | None:
        return max(self.events, key=lambda e: e.occurred_at) if self.events else None


@dataclass(frozen=True)
class LineView:
    sku: str
    name: str
    category: str
    quantity: int
    unit_price_paid: Decimal


@dataclass(frozen=True)
class OrderView:
    number: str
    shopper_id: int
    shopper_name: str
    shopper_email: str
    shopper_postcode: str | None
    market: str
    currency: str
    status: str
    placed_at: dt.datetime
    shipped_at: dt.datetime | None
    delivered_at: dt.datetime | None
    promised_delivery_date: dt.date
    lines: tuple[LineView, ...]
    shipments: tuple[ShipmentView, ...]

    @property
    def current_shipment(self) -> ShipmentView | None:
        return self.shipments[-1] if self.shipments else None
