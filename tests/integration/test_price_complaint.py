"""The price complaint settled against a real store (SQLite and PostgreSQL): refunds and
coupons are recorded once, limits send the refund to a person, and the ledger balances."""

import datetime as dt
import multiprocessing
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.policy.loader import load_policy
from bot.services import ledger as lg
from bot.services import policy_rules as rules
from bot.services.money_moves import APPROVAL_NEEDED
from bot.services.price_complaint import PriceComplaints, UnknownLine
from bot.store.db import make_engine, make_session_factory
from bot.store.migrate import upgrade_to_head
from bot.store.models import HandoffRequest, LedgerEntry
from bot.store.unit_of_work import SqlUnitOfWork
from tests.support.store_builder import add_order, add_shopper

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)
ROOT = Path(__file__).resolve().parents[2]
POLICY = load_policy(ROOT / "policies.yml")  # DE: 14-day window, limit 150 per order


@pytest.fixture
def factory(engine):
    upgrade_to_head(engine)
    return make_session_factory(engine)


def build(factory, **order):
    with factory() as session:
        shopper = add_shopper(session, tier=order.pop("tier", "gold"))
        number, line_id = add_order(session, shopper, NOW, **order)
        session.commit()
    return number, line_id


def complaints(factory, now=NOW):
    return PriceComplaints(lambda: SqlUnitOfWork(factory), POLICY, lambda: now)


def entries(factory):
    with factory() as session:
        return list(session.scalars(select(LedgerEntry).order_by(LedgerEntry.id)))


def test_inside_the_window_the_difference_and_a_coupon_are_recorded_once(factory):
    number, line_id = build(factory, quantity=2)
    service = complaints(factory)
    quote = service.assess(number, line_id)
    assert quote.outcome == rules.PRICE_INSIDE_WINDOW and quote.difference == D("32.00")

    first = service.settle(number, line_id, "conv-1", "de")
    assert first.newly_recorded and not first.awaiting_approval
    assert first.refund.amount == D("32.00") and first.refund.status == lg.DONE
    assert first.refund.payment_reference == f"PAY-{number}-1"
    assert first.coupon.amount == D("7.50")  # half the DE gold tier coupon (15)
    assert first.coupon.expires_on == NOW.date() + dt.timedelta(days=90)

    again = service.settle(number, line_id, "conv-1", "de")
    assert not again.newly_recorded
    assert again.refund.id == first.refund.id and again.coupon.code == first.coupon.code
    assert [(e.kind, e.amount) for e in entries(factory)] == [
        ("refund", D("32.00")),
        ("coupon", D("7.50")),
    ]
    assert service.assess(number, line_id).outcome == rules.PRICE_ALREADY_SETTLED


def test_above_the_limit_the_refund_waits_for_a_person(factory):
    number, line_id = build(
        factory, paid_unit="900.00", prices=((-30, "900.00"), (-2, "700.00"))
    )
    service = complaints(factory)
    result = service.settle(number, line_id, "conv-2", "de")
    assert result.awaiting_approval and result.coupon is None
    assert result.refund.amount == D("200.00")  # above the 150 the bot may pay alone
    assert result.handoff_id is not None
    service.settle(number, line_id, "conv-2", "de")
    with factory() as session:
        handoffs = list(session.scalars(select(HandoffRequest)))
    assert len(handoffs) == 1
    assert handoffs[0].reason == APPROVAL_NEEDED
    assert handoffs[0].details["proposed_amount"] == "200.00"
    assert len(entries(factory)) == 1


def test_outside_the_window_only_the_tier_coupon_once(factory):
    number, line_id = build(factory, placed_days_ago=20)
    service = complaints(factory)
    first = service.settle(number, line_id, "conv-3", "de")
    assert first.decision.outcome == rules.PRICE_OUTSIDE_WINDOW
    assert first.refund is None and first.coupon.amount == D("15")
    second = service.settle(number, line_id, "conv-3", "de")
    assert second.coupon.code == first.coupon.code
    assert len(entries(factory)) == 1


def test_no_drop_records_nothing(factory):
    number, line_id = build(factory, prices=((-30, "80.00"), (-2, "95.00")))
    result = complaints(factory).settle(number, line_id, "conv-4", "de")
    assert result.decision.outcome == rules.PRICE_NO_DROP
    assert result.refund is None and result.coupon is None
    assert entries(factory) == []


def test_unknown_order_or_line_is_an_error_not_a_refund(factory):
    number, line_id = build(factory)
    with pytest.raises(UnknownLine):
        complaints(factory).settle("999999999", line_id, "conv-5", "de")
    with pytest.raises(UnknownLine):
        complaints(factory).settle(number, line_id + 999, "conv-5", "de")
    assert entries(factory) == []


def test_the_shoppers_30_day_limit_spans_orders(factory):
    with factory() as session:
        shopper = add_shopper(session)
        orders = [
            add_order(session, shopper, NOW, paid_unit="400", prices=((-30, "400"), (-2, "290")))
            for _ in range(3)
        ]  # fmt: skip
        session.commit()
    service = complaints(factory)
    results = [service.settle(n, line, "conv-6", "de") for n, line in orders]
    # 110 + 110 fit in the 300 a shopper may get in 30 days; the third waits.
    assert [r.refund.status for r in results] == [lg.DONE, lg.DONE, lg.PENDING_APPROVAL]


def _settle_many(url: str, number: str, line_id: int, threads: int, start) -> None:
    from concurrent.futures import ThreadPoolExecutor

    engine = make_engine(url)
    factory = make_session_factory(engine)
    service = complaints(factory)
    start.wait()
    with ThreadPoolExecutor(threads) as pool:
        list(
            pool.map(
                lambda i: service.settle(number, line_id, f"conv-{i}", "de"),
                range(threads),
            )
        )
    engine.dispose()


def test_fifty_simultaneous_confirmations_from_two_processes_pay_once(
    factory, database_url
):
    number, line_id = build(factory)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    workers = [
        context.Process(target=_settle_many, args=(database_url, number, line_id, 25, start))
        for _ in range(2)
    ]  # fmt: skip
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    with factory() as session:
        counts = dict(
            session.execute(
                select(LedgerEntry.kind, func.count()).group_by(LedgerEntry.kind)
            ).all()
        )
    assert counts == {"refund": 1, "coupon": 1}
