"""Load the demo store into an empty database, and export it as JSON."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.tracking import days_late
from bot.store.demo import build_demo_store
from bot.store.models import Shopper
from bot.store.repositories import OrderRepository, order_view


def load_demo_if_empty(
    session_factory: sessionmaker[Session], now: dt.datetime
) -> bool:
    """Adds the demo store when there are no shoppers yet; True when it did."""
    with session_factory() as session:
        if session.scalar(select(func.count(Shopper.id))):
            return False
        store = build_demo_store(now)
        session.add_all(store.products)
        session.add_all(store.shoppers)
        session.add_all(store.orders)
        session.commit()
        return True


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def export_demo(
    session_factory: sessionmaker[Session], today: dt.date
) -> dict[str, Any]:
    """``{"shoppers": [...], "orders": [...]}`` with stable keys (tests rely on them)."""
    with session_factory() as session:
        shoppers = list(session.scalars(select(Shopper).order_by(Shopper.id)))
        orders = OrderRepository(session).all()
        shopper_rows = [
            {
                "id": s.id,
                "name": s.name,
                "email": s.email,
                "postcode": s.postcode,
                "country": s.country,
                "market": s.market,
                "language": s.language,
                "member_tier": s.member_tier,
                "birthday": _iso(s.birthday),
                "points": s.points,
            }
            for s in shoppers
        ]
        order_rows = []
        for order in orders:
            view = order_view(order)
            shipment = view.current_shipment
            latest = shipment.latest_event if shipment else None
            order_rows.append(
                {
                    "number": order.number,
                    "shopper_id": order.shopper_id,
                    "email": order.shopper.email,
                    "postcode": order.shopper.postcode,
                    "language": order.shopper.language,
                    "market": order.market,
                    "currency": order.currency,
                    "status": order.status,
                    "late": days_late(view, today) > 0,
                    "days_late": days_late(view, today),
                    "carrier": shipment.carrier if shipment else None,
                    "tracking_number": shipment.tracking_number if shipment else None,
                    "latest_event": (
                        {
                            "status_code": latest.status_code,
                            "location": latest.location,
                            "occurred_at": _iso(latest.occurred_at),
                        }
                        if latest
                        else None
                    ),
                    "items": [
                        {
                            "sku": line.product.sku,
                            "name": line.product.name,
                            "category": line.product.category,
                            "quantity": line.quantity,
                            "price_paid": _money(line.unit_price_paid),
                            "current_price": _money(
                                _current_price(line.product.prices, order.currency)
                            ),
                        }
                        for line in order.lines
                    ],
                    "shipping_cost": _money(order.shipping_cost),
                    "payments": [
                        {
                            "method": p.method,
                            "amount": _money(p.amount),
                            "status": p.status,
                            "reference": p.reference,
                        }
                        for p in order.payments
                    ],
                    "placed_at": _iso(order.placed_at),
                    "paid_at": _iso(order.paid_at),
                    "shipped_at": _iso(order.shipped_at),
                    "delivered_at": _iso(order.delivered_at),
                    "cancelled_at": _iso(order.cancelled_at),
                    "promised_delivery_date": _iso(order.promised_delivery_date),
                }
            )
        return {"shoppers": shopper_rows, "orders": order_rows}


def _current_price(prices: list[Any], currency: str) -> Decimal:
    points = [p for p in prices if p.currency == currency]
    return max(points, key=lambda p: p.valid_from).amount
