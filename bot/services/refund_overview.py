"""What has been refunded for an order, when, to which method and when it should arrive;
plus returns registered but not yet received (their refund has not started)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from bot.policy.schema import MarketPolicy
from bot.services import ledger as lg
from bot.services.settlement_facts import OrderFacts


@dataclass(frozen=True)
class RefundLine:
    amount: Decimal
    reason: str  # ledger reason
    payment_method: str | None
    refunded_on: dt.date
    arrives_by: dt.date
    awaiting_approval: bool = False


@dataclass(frozen=True)
class OpenReturn:
    rma: str
    line_id: int | None
    amount: Decimal


@dataclass(frozen=True)
class RefundOverview:
    refunds: tuple[RefundLine, ...]
    open_returns: tuple[OpenReturn, ...]


def add_business_days(start: dt.date, days: int) -> dt.date:
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def refund_overview(
    facts: OrderFacts, records: list[lg.LedgerRecord], policy: MarketPolicy
) -> RefundOverview:
    days = policy.returns.refund_days_max
    refunds = [
        RefundLine(
            r.amount,
            r.reason,
            r.payment_method,
            r.created_at.date(),
            add_business_days(r.created_at.date(), days),
            awaiting_approval=r.status == lg.PENDING_APPROVAL,
        )
        for r in records
        if r.kind == lg.REFUND and r.status != lg.REJECTED
    ]
    in_ledger = {r.payment_reference for r in records if r.kind == lg.REFUND}
    for payment in facts.payments:
        # Refunds made outside the assistant (e.g. an order cancelled by the shop).
        if payment.status == "refunded" and payment.reference not in in_ledger:
            when = (facts.cancelled_at or payment.created_at).date()
            refunds.append(
                RefundLine(
                    payment.amount,
                    lg.CANCELLED_ORDER,
                    payment.method,
                    when,
                    add_business_days(when, days),
                )
            )
    refunded_lines = {
        r.line_id for r in records if r.kind == lg.REFUND and r.reason == lg.RETURN
    }
    open_returns = tuple(
        OpenReturn(r.code or "", r.line_id, r.amount)
        for r in records
        if r.kind == lg.RETURN_AUTHORISATION and r.line_id not in refunded_lines
    )
    return RefundOverview(
        tuple(sorted(refunds, key=lambda line: line.refunded_on)), open_returns
    )
