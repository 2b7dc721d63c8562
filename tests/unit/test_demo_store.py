"""The demo store covers what later features and their tests rely on."""

import datetime as dt
from collections import Counter

import pytest

from bot.services import order_status as st
from bot.services.tracking import days_late
from bot.store.demo import build_demo_store
from bot.store.repositories import order_view

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def store():
    return build_demo_store(NOW)


def test_is_deterministic():
    a, b = build_demo_store(NOW), build_demo_store(NOW)
    assert [o.number for o in a.orders] == [o.number for o in b.orders]
    assert [s.email for s in a.shoppers] == [s.email for s in b.shoppers]


def test_size_markets_and_languages(store):
    assert len(store.shoppers) >= 50
    assert len(store.orders) >= 200
    assert len({s.country for s in store.shoppers}) >= 8
    assert {s.language for s in store.shoppers} == {
        "en",
        "es",
        "pt",
        "fr",
        "de",
        "it",
        "ru",
        "ar",
        "ja",
        "zh",
    }
    assert {s.market for s in store.shoppers} >= {
        "US",
        "UK",
        "DE",
        "FR",
        "ES",
        "IT",
        "BR",
        "MX",
        "JP",
        "CN",
        "AE",
        "RU",
    }


def test_every_status_and_tier_and_this_months_birthdays(store):
    assert set(Counter(o.status for o in store.orders)) == set(st.ORDER_STATUSES)
    assert {s.member_tier for s in store.shoppers} == {
        "bronze",
        "silver",
        "gold",
        "platinum",
    }
    assert (
        sum(1 for s in store.shoppers if s.birthday and s.birthday.month == NOW.month)
        >= 5
    )


def test_late_customs_return_window_and_price_drops(store):
    views = [order_view(o) for o in store.orders]
    today = NOW.date()
    late = [v for v in views if days_late(v, today) > 0]
    assert any(v.status == st.IN_TRANSIT for v in late)
    assert any(v.status == st.CUSTOMS_HOLD for v in late)
    delivered = [v for v in views if v.status == st.DELIVERED]
    assert any((NOW - v.delivered_at).days <= 14 for v in delivered)
    assert any((NOW - v.delivered_at).days > 60 for v in delivered)
    dropped = 0
    for order in store.orders:
        for line in order.lines:
            current = max(
                (p for p in line.product.prices if p.currency == order.currency),
                key=lambda p: p.valid_from,
            )
            if (
                current.amount < line.unit_price_paid
                and current.valid_from > order.placed_at
            ):
                dropped += 1
    assert dropped >= 10


def test_orders_are_consistent(store):
    numbers = [o.number for o in store.orders]
    assert len(set(numbers)) == len(numbers)
    for order in store.orders:
        assert len(order.number) == 9 and order.number[0] != "0"
        assert order.lines and order.payments
        assert order.currency == order.payments[0].currency
        if order.status in (st.PROCESSING, st.CANCELLED):
            assert not order.shipments
        else:
            events = order.shipments[0].events
            assert events and all(e.occurred_at <= NOW for e in events)
            assert [e.occurred_at for e in events] == sorted(
                e.occurred_at for e in events
            )
        if order.status == st.DELIVERED:
            assert order.shipments[0].events[-1].status_code == "DELIVERED"
    assert sum(1 for o in store.orders if len(o.payments) == 2) >= 3  # double charges
