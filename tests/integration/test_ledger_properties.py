"""Property tests: whatever the shopper asks, in whatever order and however often, the
ledger never refunds more than was paid for a line, records each thing once, and balances."""

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.policy.loader import load_policy
from bot.services import ledger as lg
from bot.services.price_complaint import PriceComplaints
from bot.store.db import make_engine, make_session_factory
from bot.store.ledger_repository import ledger_record
from bot.store.migrate import upgrade_to_head
from bot.store.models import LedgerEntry, Order
from bot.store.unit_of_work import SqlUnitOfWork
from tests.support.store_builder import add_order, add_shopper

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)
POLICY = load_policy(Path(__file__).resolve().parents[2] / "policies.yml")

cents = st.integers(min_value=100, max_value=120_000).map(lambda c: D(c) / 100)
price_points = st.lists(
    st.tuples(st.integers(min_value=-40, max_value=20), cents),
    min_size=1,
    max_size=5,
    unique_by=lambda p: p[0],
)
requests = st.lists(
    st.tuples(st.integers(min_value=0, max_value=2), st.integers(0, 30)),
    min_size=1,
    max_size=8,
)


def _store(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'store.db'}")
    upgrade_to_head(engine)
    return make_session_factory(engine)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    lines=st.lists(
        st.tuples(cents, st.integers(1, 4), price_points, st.integers(0, 25)),
        min_size=1,
        max_size=3,
    ),
    asks=requests,
    tier=st.sampled_from(["bronze", "silver", "gold", "platinum"]),
)
def test_no_sequence_of_requests_refunds_more_than_was_paid(
    tmp_path_factory, lines, asks, tier
):
    factory = _store(tmp_path_factory)
    with factory() as session:
        shopper = add_shopper(session, tier=tier)
        built = [
            add_order(
                session,
                shopper,
                NOW,
                paid_unit=str(paid),
                quantity=quantity,
                prices=tuple((offset, str(amount)) for offset, amount in points),
                placed_days_ago=placed,
            )
            for paid, quantity, points, placed in lines
        ]
        session.commit()
    for which, days_later in asks:
        number, line_id = built[which % len(built)]
        service = PriceComplaints(
            lambda: SqlUnitOfWork(factory),
            POLICY,
            lambda days=days_later: NOW + dt.timedelta(days=days),
        )
        service.settle(number, line_id, f"conv-{which}", "de")

    with factory() as session:
        records = [ledger_record(e) for e in session.scalars(select(LedgerEntry))]
        orders = list(session.scalars(select(Order)))
        paid_by_line = {
            (o.number, line.id): line.unit_price_paid * line.quantity
            for o in orders
            for line in o.lines
        }
        captured = {
            o.number: sum((p.amount for p in o.payments), D("0")) for o in orders
        }
    assert lg.balance_errors(records, paid_by_line, captured) == []
    per_line_kind = [(r.order_number, r.line_id, r.kind) for r in records]
    assert len(per_line_kind) == len(
        set(per_line_kind)
    )  # one refund, one coupon a line
    assert all(r.amount >= 0 for r in records)
    limit = POLICY.for_market("DE").limits.bot_refund_per_shopper_30_days
    assert lg.refunded(records) <= limit  # all within 30 days: never beyond the limit


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    days=st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=12),
    birthday_month=st.integers(min_value=1, max_value=12),
    tier=st.sampled_from(["bronze", "silver", "gold", "platinum"]),
)
def test_each_coupon_kind_is_issued_at_most_once_per_period(
    tmp_path_factory, days, birthday_month, tier
):
    from bot.services.coupon_grants import CouponGrants

    factory = _store(tmp_path_factory)
    with factory() as session:
        shopper = add_shopper(
            session, tier=tier, birthday=dt.date(1990, birthday_month, 15)
        )
        number, _ = add_order(session, shopper, NOW)
        session.commit()
    for day in sorted(days) + sorted(days):  # every claim asked twice
        at = NOW + dt.timedelta(days=day)
        grants = CouponGrants(lambda: SqlUnitOfWork(factory), POLICY, lambda at=at: at)
        grants.claim(number, f"conv-{day}")
    with factory() as session:
        coupons = [
            ledger_record(e)
            for e in session.scalars(select(LedgerEntry).order_by(LedgerEntry.id))
        ]
    every = POLICY.for_market("DE").coupons.tier_coupon_every_days
    tier_days = [c.created_at for c in coupons if c.reason == lg.TIER]
    assert all(
        b - a >= dt.timedelta(days=every)
        for a, b in zip(tier_days, tier_days[1:], strict=False)
    )
    birthdays = [c.created_at for c in coupons if c.reason == lg.BIRTHDAY]
    assert all(d.month == birthday_month for d in birthdays)
    assert len({d.year for d in birthdays}) == len(birthdays)
    assert len({c.code for c in coupons}) == len(coupons)
