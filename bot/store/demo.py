"""The deterministic demo store: same seed and same day, same shops, shoppers, orders.

Dates are relative to ``now`` so that "late", "inside the return window" and "birthday
this month" stay true whenever the store is loaded.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from bot.services import order_status as st
from bot.store.demo_catalog import (
    EMAIL_DOMAINS,
    MARKETS,
    ORIGIN_HUBS,
    PRODUCTS,
    SHOPPER_NAMES,
    Market,
)
from bot.store.models import (
    Order,
    OrderLine,
    Payment,
    PricePoint,
    Product,
    Shipment,
    ShipmentEvent,
    Shopper,
)

SEED = 20261123
ORDERS_PER_SHOPPER = 4
TIERS = ("bronze", "silver", "gold", "platinum")
SCENARIOS = (
    "processing",
    "in_transit",
    "late",
    "customs_hold",
    "customs_late",
    "out_for_delivery",
    "delivered_recent",
    "delivered_old",
    "cancelled",
    "price_drop",
)
_WHOLE_UNIT_CURRENCIES = {"JPY", "RUB"}
_DAY = dt.timedelta(days=1)
_HOUR = dt.timedelta(hours=1)


@dataclass
class DemoStore:
    shoppers: list[Shopper] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)


def demo_price(usd: float, currency: str, fx: float) -> Decimal:
    value = Decimal(str(usd)) * Decimal(str(fx))
    if currency in _WHOLE_UNIT_CURRENCIES:
        return (value / 10).quantize(Decimal("1"), ROUND_HALF_UP) * 10
    return value.quantize(Decimal("1"), ROUND_HALF_UP) - Decimal("0.01")


def _postcode(rng: random.Random, pattern: str) -> str | None:
    if not pattern:
        return None
    letters = "ABDEHJLNPRSTUWXY"
    return "".join(
        str(rng.randint(0, 9))
        if ch == "#"
        else rng.choice(letters)
        if ch == "A"
        else ch
        for ch in pattern
    )


class _Builder:
    def __init__(self, now: dt.datetime, seed: int) -> None:
        self.now = now
        self.today = now.date()
        self.rng = random.Random(seed)
        self.store = DemoStore()
        self.price_drops: dict[str, dt.datetime] = {}
        self._numbers: set[str] = set()
        self._tracking_counter = 0

    # -- products -------------------------------------------------------------
    def products(self) -> None:
        for index, (sku, name, category, usd) in enumerate(PRODUCTS):
            product = Product(sku=sku, name=name, category=category)
            start = self.now - 240 * _DAY
            drop_at = None
            if index % 3 == 0:
                drop_at = self.now - self.rng.randint(3, 12) * _DAY - 9 * _HOUR
                self.price_drops[sku] = drop_at
            for currency, fx in sorted({(m.currency, m.fx) for m in MARKETS}):
                full = demo_price(usd, currency, fx)
                product.prices.append(
                    PricePoint(currency=currency, amount=full, valid_from=start)
                )
                if drop_at is not None:
                    cut = Decimal(str(self.rng.choice((0.8, 0.85, 0.75))))
                    product.prices.append(
                        PricePoint(
                            currency=currency,
                            amount=demo_price(usd * float(cut), currency, fx),
                            valid_from=drop_at,
                        )
                    )
            self.store.products.append(product)

    def price_at(self, product: Product, currency: str, when: dt.datetime) -> Decimal:
        points = [
            p for p in product.prices if p.currency == currency and p.valid_from <= when
        ]
        return max(points, key=lambda p: p.valid_from).amount

    # -- shoppers -------------------------------------------------------------
    def shoppers(self) -> None:
        index = 0
        for market in MARKETS:
            for name, local, language in SHOPPER_NAMES[market.code]:
                born_this_month = index % 5 == 0
                month = self.today.month if born_this_month else self.rng.randint(1, 12)
                birthday = dt.date(
                    self.rng.randint(1962, 2004), month, self.rng.randint(1, 28)
                )
                self.store.shoppers.append(
                    Shopper(
                        name=name,
                        email=f"{local}@{EMAIL_DOMAINS[index % len(EMAIL_DOMAINS)]}",
                        postcode=_postcode(self.rng, market.postcode_format),
                        country=market.country,
                        market=market.code,
                        language=language or market.language,
                        member_tier=TIERS[(index + index // 4) % len(TIERS)],
                        birthday=birthday,
                        points=self.rng.randrange(0, 5000, 10),
                        created_at=self.now - self.rng.randint(200, 900) * _DAY,
                    )
                )
                index += 1

    # -- orders ---------------------------------------------------------------
    def order_number(self) -> str:
        while True:
            number = str(self.rng.randint(100_000_000, 999_999_999))
            if number not in self._numbers:
                self._numbers.add(number)
                return number

    def tracking_number(self, carrier: str, market: Market) -> str:
        self._tracking_counter += 1
        prefix = "".join(
            word[0] for word in carrier.split() if word[0].isascii()
        ).upper()
        return f"{prefix or 'TR'}{self.rng.randint(10**8, 10**9 - 1)}{self._tracking_counter:03d}{market.country}"

    def orders(self) -> None:
        markets = {m.code: m for m in MARKETS}
        counter = 0
        for shopper in self.store.shoppers:
            for _ in range(ORDERS_PER_SHOPPER):
                scenario = SCENARIOS[counter % len(SCENARIOS)]
                self.store.orders.append(
                    self.order(shopper, markets[shopper.market], scenario, counter)
                )
                counter += 1

    def _days(self, low: float, high: float) -> dt.timedelta:
        return dt.timedelta(hours=self.rng.uniform(low * 24, high * 24))

    def order(
        self, shopper: Shopper, market: Market, scenario: str, counter: int
    ) -> Order:
        rng = self.rng
        dropped = [p for p in self.store.products if p.sku in self.price_drops]
        others = [p for p in self.store.products if p.sku not in self.price_drops]
        if scenario == "price_drop":
            product = dropped[counter % len(dropped)]
            placed = self.price_drops[product.sku] - self._days(2, 5)
            chosen = [product] + rng.sample(others, rng.randint(0, 1))
            status = st.IN_TRANSIT if self.now - placed <= 8 * _DAY else st.DELIVERED
        else:
            chosen = rng.sample(others, rng.randint(1, 3))
            placed, status = self._timeline(scenario)
        order = Order(
            number=self.order_number(),
            market=market.code,
            currency=market.currency,
            status=status,
            placed_at=placed,
            paid_at=placed + dt.timedelta(minutes=rng.randint(1, 20)),
        )
        order.shopper = shopper
        for product in chosen:
            order.lines.append(
                OrderLine(
                    product=product,
                    quantity=rng.choice((1, 1, 1, 2)),
                    unit_price_paid=self.price_at(product, market.currency, placed),
                )
            )
        subtotal = sum(
            (line.unit_price_paid * line.quantity for line in order.lines), Decimal(0)
        )
        free_from = demo_price(50, market.currency, market.fx)
        order.shipping_cost = (
            Decimal(0)
            if subtotal >= free_from
            else demo_price(6, market.currency, market.fx)
        )
        self._dates_and_shipment(order, market, scenario)
        self._payments(order, market, counter)
        return order

    def _timeline(self, scenario: str) -> tuple[dt.datetime, str]:
        ranges = {
            "processing": ((0.1, 1.5), st.PROCESSING),
            "in_transit": ((4, 7), st.IN_TRANSIT),
            "late": ((18, 26), st.IN_TRANSIT),
            "customs_hold": ((7, 10), st.CUSTOMS_HOLD),
            "customs_late": ((16, 22), st.CUSTOMS_HOLD),
            "out_for_delivery": ((6, 9), st.OUT_FOR_DELIVERY),
            "delivered_recent": ((10, 28), st.DELIVERED),
            "delivered_old": ((60, 150), st.DELIVERED),
            "cancelled": ((3, 30), st.CANCELLED),
        }
        (low, high), status = ranges[scenario]
        return self.now - self._days(low, high), status

    def _dates_and_shipment(self, order: Order, market: Market, scenario: str) -> None:
        rng = self.rng
        placed = order.placed_at
        promised_after = {
            "processing": rng.randint(10, 14),
            "in_transit": (self.today - placed.date()).days + rng.randint(2, 6),
            "late": (self.today - placed.date()).days - rng.randint(1, 8),
            "customs_hold": (self.today - placed.date()).days + rng.randint(1, 5),
            "customs_late": (self.today - placed.date()).days - rng.randint(2, 6),
            "out_for_delivery": (self.today - placed.date()).days + rng.randint(0, 1),
        }.get(scenario, rng.randint(9, 13))
        order.promised_delivery_date = placed.date() + promised_after * _DAY
        if order.status == st.CANCELLED:
            order.cancelled_at = placed + dt.timedelta(hours=rng.uniform(2, 20))
            return
        if order.status == st.PROCESSING:
            return
        shipped = placed + dt.timedelta(hours=rng.uniform(18, 40))
        order.shipped_at = shipped
        carrier = rng.choice(market.carriers)
        shipment = Shipment(
            carrier=carrier,
            tracking_number=self.tracking_number(carrier, market),
            shipped_at=shipped,
        )
        order.shipments.append(shipment)
        origin = rng.choice(ORIGIN_HUBS)
        gateway, city = market.cities[0], rng.choice(market.cities)
        stages = [
            ("LABEL_CREATED", origin),
            ("PICKED_UP", origin),
            ("DEPARTED_ORIGIN", origin),
            ("ARRIVED_AT_HUB", gateway),
        ]
        if order.status == st.CUSTOMS_HOLD:
            stages.append(("CUSTOMS_HOLD", gateway))
        elif order.status == st.IN_TRANSIT:
            stages.append(("IN_TRANSIT", city))
        elif order.status in (st.OUT_FOR_DELIVERY, st.DELIVERED):
            stages += [
                ("CUSTOMS_CLEARED", gateway),
                ("IN_TRANSIT", city),
                ("OUT_FOR_DELIVERY", city),
            ]
            if order.status == st.DELIVERED:
                stages.append(("DELIVERED", city))
        end = self.now - dt.timedelta(minutes=rng.randint(30, 300))
        if order.status == st.DELIVERED:
            end = min(end, shipped + dt.timedelta(days=rng.uniform(4, 9)))
            order.delivered_at = end
            order.promised_delivery_date = end.date() + rng.randint(-1, 2) * _DAY
        start = shipped - 6 * _HOUR
        step = (end - start) / (len(stages) - 1)
        for position, (code, location) in enumerate(stages):
            shipment.events.append(
                ShipmentEvent(
                    occurred_at=start + step * position,
                    location=location,
                    status_code=code,
                )
            )

    def _payments(self, order: Order, market: Market, counter: int) -> None:
        total = sum(
            (line.unit_price_paid * line.quantity for line in order.lines), Decimal(0)
        )
        total += order.shipping_cost
        method = market.payment_methods[counter % len(market.payment_methods)]
        status = "refunded" if order.status == st.CANCELLED else "captured"
        assert order.paid_at is not None
        order.payments.append(
            Payment(
                method=method,
                amount=total,
                currency=order.currency,
                status=status,
                reference=f"PAY-{order.number}-1",
                created_at=order.paid_at,
            )
        )
        if counter % 37 == 11 and status == "captured":
            order.payments.append(
                Payment(
                    method=method,
                    amount=total,
                    currency=order.currency,
                    status="captured",
                    reference=f"PAY-{order.number}-2",
                    created_at=order.paid_at + dt.timedelta(minutes=2),
                )
            )


def build_demo_store(now: dt.datetime, seed: int = SEED) -> DemoStore:
    """All demo objects, not yet added to any session."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    builder = _Builder(now, seed)
    builder.products()
    builder.shoppers()
    builder.orders()
    return builder.store
