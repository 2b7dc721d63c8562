"""Small hand-built stores for settlement tests: every number is visible in the test."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import Order, OrderLine, Payment, PricePoint, Product, Shopper

_ids = itertools.count(1)


def add_shopper(
    session: Session,
    *,
    tier: str = "gold",
    market: str = "DE",
    birthday: dt.date = dt.date(1990, 5, 1),
    points: int = 0,
) -> Shopper:
    n = next(_ids)
    shopper = Shopper(
        name=f"Shopper {n}",
        email=f"shopper{n}@example.com",
        postcode="10115",
        country=market,
        market=market,
        language="de",
        member_tier=tier,
        birthday=birthday,
        points=points,
        created_at=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc),
    )
    session.add(shopper)
    session.flush()
    return shopper


def add_order(
    session: Session,
    shopper: Shopper,
    now: dt.datetime,
    *,
    paid_unit: str = "80.00",
    quantity: int = 1,
    prices: tuple[tuple[int, str], ...] = ((-30, "80.00"), (-2, "64.00")),
    placed_days_ago: int = 6,
    status: str = "delivered",
    currency: str = "EUR",
    category: str = "clothing",
    promised_days: int = 5,
    shipping: str = "4.90",
    charged_twice: bool = False,
) -> tuple[str, int]:
    """(order number, line id) of a one-line order paid by card; ``charged_twice`` adds
    a second identical capture two minutes later."""
    n = next(_ids)
    product = Product(sku=f"SKU-{n}", name=f"Product {n}", category=category)
    session.add(product)
    session.flush()
    for offset, amount in prices:
        session.add(
            PricePoint(
                product_id=product.id,
                currency=currency,
                amount=Decimal(amount),
                valid_from=now + dt.timedelta(days=offset),
            )
        )
    placed = now - dt.timedelta(days=placed_days_ago)
    number = str(100_000_000 + n)
    order = Order(
        number=number,
        shopper_id=shopper.id,
        market=shopper.market,
        currency=currency,
        status=status,
        placed_at=placed,
        paid_at=placed,
        delivered_at=placed + dt.timedelta(days=3) if status == "delivered" else None,
        promised_delivery_date=(placed + dt.timedelta(days=promised_days)).date(),
        shipping_cost=Decimal(shipping),
    )
    session.add(order)
    session.flush()
    line = OrderLine(
        order_id=order.id,
        product_id=product.id,
        quantity=quantity,
        unit_price_paid=Decimal(paid_unit),
    )
    session.add(line)
    for attempt in range(2 if charged_twice else 1):
        session.add(
            Payment(
                order_id=order.id,
                method="card",
                amount=Decimal(paid_unit) * quantity + Decimal(shipping),
                currency=currency,
                status="captured",
                reference=f"PAY-{number}-{attempt + 1}",
                created_at=placed + dt.timedelta(minutes=2 * attempt),
            )
        )
    session.flush()
    return number, line.id


def add_line(
    session: Session, number: str, name: str, category: str, paid_unit: str
) -> int:
    """Another line on an existing order (its payment is left as it was)."""
    order = session.scalars(select(Order).where(Order.number == number)).one()
    n = next(_ids)
    product = Product(sku=f"SKU-{n}", name=name, category=category)
    session.add(product)
    session.flush()
    line = OrderLine(
        order_id=order.id,
        product_id=product.id,
        quantity=1,
        unit_price_paid=Decimal(paid_unit),
    )
    session.add(line)
    session.flush()
    return line.id
