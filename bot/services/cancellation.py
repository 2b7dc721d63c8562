"""Cancelling an order before it ships: after the shopper confirms, one cancellation and
one refund of what was captured; above the bot's limit both wait for a person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from bot.services import ledger as lg
from bot.services import policy_rules as rules
from bot.services.money_moves import (
    RecordedRefund,
    RefundRequest,
    Settlement,
    record_refund,
    refundable,
)
from bot.services.ports import SettlementUnitOfWork
from bot.services.returns import facts_of
from bot.services.settlement_facts import OrderFacts


@dataclass(frozen=True)
class CancelQuote:
    outcome: str  # rules.CANCEL_*
    amount: Decimal
    payment_method: str | None
    cancelled_at: dt.datetime | None
    awaiting_approval: bool = False  # cancelled here, waiting for a person


@dataclass(frozen=True)
class CancelResult:
    quote: CancelQuote
    cancellation: lg.LedgerRecord | None = None
    refund: RecordedRefund | None = None


def cancellation_key(order_number: str) -> str:
    return lg.idempotency_key(
        lg.CANCELLATION, lg.CANCELLED_ORDER, order_number=order_number
    )


def refund_key(order_number: str) -> str:
    return lg.idempotency_key(lg.REFUND, lg.CANCELLED_ORDER, order_number=order_number)


class Cancellations(Settlement):
    def _quote(self, uow: SettlementUnitOfWork, facts: OrderFacts) -> CancelQuote:
        payment = facts.original_payment
        records = uow.ledger.for_order(facts.number)
        outcome = rules.cancel_decision(facts.status)
        earlier = uow.ledger.by_key(cancellation_key(facts.number))
        if earlier is not None:
            outcome = rules.CANCEL_ALREADY  # done, or waiting for a person's approval
        return CancelQuote(
            outcome,
            refundable(facts, records),
            payment.method if payment else None,
            facts.cancelled_at or (earlier.created_at if earlier else None),
            earlier is not None and earlier.status == lg.PENDING_APPROVAL,
        )

    def has_request(self, order_number: str) -> bool:
        """Whether the order was cancelled here (done or waiting for approval)."""
        with self._uow() as uow:
            return uow.ledger.by_key(cancellation_key(order_number)) is not None

    def quote(self, order_number: str) -> CancelQuote:
        with self._uow() as uow:
            return self._quote(uow, facts_of(uow, order_number))

    def confirm(
        self, order_number: str, conversation_id: str, language: str
    ) -> CancelResult:
        """Cancels once; a retried confirmation returns the first result."""
        now = self._clock()
        with self._uow() as uow:
            facts = facts_of(uow, order_number)
            uow.ledger.lock_shopper(facts.shopper_id)
            earlier = uow.ledger.by_key(cancellation_key(order_number))
            quote = self._quote(uow, facts)
            if earlier is not None:
                paid_back = uow.ledger.by_key(refund_key(order_number))
                return CancelResult(
                    quote,
                    earlier,
                    RecordedRefund(paid_back, created=False) if paid_back else None,
                )
            if quote.outcome != rules.CANCEL_OK:
                return CancelResult(quote)
            policy = self._policy.for_market(facts.market)
            refund = record_refund(
                uow,
                policy,
                facts,
                RefundRequest(
                    refund_key(order_number), lg.CANCELLED_ORDER, quote.amount
                ),
                conversation_id,
                language,
                now,
            )
            cancellation, _ = uow.ledger.add_once(
                lg.EntryDraft(
                    idempotency_key=cancellation_key(order_number),
                    kind=lg.CANCELLATION,
                    reason=lg.CANCELLED_ORDER,
                    status=refund.record.status if refund else lg.DONE,
                    shopper_id=facts.shopper_id,
                    amount=quote.amount,
                    currency=facts.currency,
                    order_number=order_number,
                    conversation_id=conversation_id,
                ),
                now,
            )
            if refund is None or not refund.awaiting_approval:
                uow.orders.mark_cancelled(order_number, now)
            uow.commit()
            return CancelResult(quote, cancellation, refund)
