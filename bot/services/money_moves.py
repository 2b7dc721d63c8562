"""Recording money moves inside a settlement's transaction: a refund within the bot's
limits is done at once, above them it waits for a person and a hand-off is queued; a
coupon gets a fresh unguessable code. Both are keyed, so a retry finds the first entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from bot.policy.loader import Policy
from bot.policy.schema import MarketPolicy
from bot.services import ledger as lg
from bot.services import policy_rules as rules
from bot.services.handoff import queue_handoff
from bot.services.ports import SettlementUnitOfWork
from bot.services.settlement_facts import OrderFacts

APPROVAL_NEEDED = "refund_above_limit"
SHOPPER_WINDOW = dt.timedelta(days=30)


class Settlement:
    """What every settlement works with: a fresh unit of work per request, the policy
    file and the clock."""

    def __init__(
        self,
        uow: Callable[[], SettlementUnitOfWork],
        policy: Policy,
        clock: Callable[[], dt.datetime],
    ) -> None:
        self._uow = uow
        self._policy = policy
        self._clock = clock


@dataclass(frozen=True)
class RecordedRefund:
    record: lg.LedgerRecord
    created: bool
    handoff_id: int | None = None

    @property
    def awaiting_approval(self) -> bool:
        return self.record.status == lg.PENDING_APPROVAL


@dataclass(frozen=True)
class RefundRequest:
    """What to pay back and why; the payment defaults to the order's original one."""

    key: str
    reason: str
    amount: Decimal
    line_id: int | None = None
    payment: str | None = None  # payment reference, when not the original payment
    details: dict[str, str] | None = None


def refundable(facts: OrderFacts, records: list[lg.LedgerRecord]) -> Decimal:
    """What is still captured for the order once refunds done or pending are counted."""
    captured = sum(
        (p.amount for p in facts.payments if p.status == "captured"), Decimal("0")
    )
    return max(Decimal("0"), captured - lg.committed(records))


def record_refund(
    uow: SettlementUnitOfWork,
    policy: MarketPolicy,
    facts: OrderFacts,
    request: RefundRequest,
    conversation_id: str,
    language: str,
    now: dt.datetime,
) -> RecordedRefund | None:
    """Records the refund once (caller holds the shopper lock and commits). None when the
    order has nothing left to refund for it: a refund never exceeds what was captured
    and not already paid back (or waiting to be)."""
    existing = uow.ledger.by_key(request.key)
    if existing is not None:
        return RecordedRefund(existing, created=False)
    for_order = uow.ledger.for_order(facts.number)
    if request.amount <= 0 or request.amount > refundable(facts, for_order):
        return None
    limit = rules.bot_refund_limit(
        policy,
        request.amount,
        lg.committed(for_order),
        lg.committed(uow.ledger.for_shopper(facts.shopper_id, now - SHOPPER_WINDOW)),
    )
    payment = next(
        (p for p in facts.payments if p.reference == request.payment),
        facts.original_payment,
    )
    record, created = uow.ledger.add_once(
        lg.EntryDraft(
            idempotency_key=request.key,
            kind=lg.REFUND,
            reason=request.reason,
            status=lg.DONE if limit.within else lg.PENDING_APPROVAL,
            shopper_id=facts.shopper_id,
            amount=request.amount,
            currency=facts.currency,
            order_number=facts.number,
            line_id=request.line_id,
            payment_reference=payment.reference if payment else None,
            payment_method=payment.method if payment else None,
            conversation_id=conversation_id,
            details=dict(request.details or {}),
        ),
        now,
    )
    handoff_id: int | None = None
    if created and not limit.within:
        handoff_id, _ = queue_handoff(
            uow.handoffs,
            conversation_id,
            language,
            APPROVAL_NEEDED,
            now,
            {
                "ledger_entry": record.id,
                "order_number": facts.number,
                "proposed_amount": str(request.amount),
                "currency": facts.currency,
                "reason": request.reason,
            },
        )
    return RecordedRefund(record, created, handoff_id)


def coupon_draft(
    policy: MarketPolicy,
    *,
    key: str,
    reason: str,
    shopper_id: int,
    amount: Decimal,
    conversation_id: str,
    today: dt.date,
    order_number: str | None = None,
    line_id: int | None = None,
) -> lg.EntryDraft:
    return lg.EntryDraft(
        idempotency_key=key,
        kind=lg.COUPON,
        reason=reason,
        status=lg.DONE,
        shopper_id=shopper_id,
        amount=amount,
        currency=policy.currency,
        order_number=order_number,
        line_id=line_id,
        code=lg.new_coupon_code(),
        expires_on=today + dt.timedelta(days=policy.coupons.validity_days),
        conversation_id=conversation_id,
    )
