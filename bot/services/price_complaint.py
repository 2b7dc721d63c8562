"""The price complaint ("I bought it last week and now it's cheaper"), settled exactly once.

``assess`` quotes the numbers before the shopper confirms; ``settle`` records the refund of
the difference and the goodwill coupon in the ledger under keys derived from the order
line, so a retried, duplicated or concurrent confirmation finds the entries already there.
Above the bot's limits the refund waits for a person's approval and a hand-off is queued.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import ledger as lg
from bot.services import policy_rules as rules
from bot.services.money_moves import (
    RefundRequest,
    Settlement,
    coupon_draft,
    record_refund,
)
from bot.services.settlement_facts import OrderFacts


@dataclass(frozen=True)
class PriceSettlement:
    decision: rules.PriceDecision
    refund: lg.LedgerRecord | None = None
    coupon: lg.LedgerRecord | None = None
    handoff_id: int | None = None
    newly_recorded: bool = False

    @property
    def awaiting_approval(self) -> bool:
        return self.refund is not None and self.refund.status == lg.PENDING_APPROVAL


class UnknownLine(LookupError):
    """The order has no such line (or the order is unknown)."""


class PriceComplaints(Settlement):
    def _decide(
        self, facts: OrderFacts, line_id: int, settled: bool
    ) -> rules.PriceDecision:
        line = facts.line(line_id)
        if line is None:
            raise UnknownLine(f"order {facts.number} has no line {line_id}")
        return rules.price_decision(
            self._policy.for_market(facts.market),
            line,
            facts.placed_at,
            facts.prices_of(line_id),
            facts.shopper,
            self._clock(),
            settled,
        )

    def assess(self, order_number: str, line_id: int) -> rules.PriceDecision:
        with self._uow() as uow:
            facts = uow.orders.find_facts(order_number)
            if facts is None:
                raise UnknownLine(f"no order {order_number}")
            settled = uow.ledger.by_key(_refund_key(order_number, line_id))
            return self._decide(facts, line_id, settled is not None)

    def settle(
        self, order_number: str, line_id: int, conversation_id: str, language: str
    ) -> PriceSettlement:
        """Pay what the policy grants for the line, once. Retries return the first result."""
        now = self._clock()
        with self._uow() as uow:
            facts = uow.orders.find_facts(order_number)
            if facts is None:
                raise UnknownLine(f"no order {order_number}")
            uow.ledger.lock_shopper(facts.shopper_id)
            refund_key = _refund_key(order_number, line_id)
            coupon_key = _coupon_key(order_number, line_id)
            already = uow.ledger.by_key(refund_key)
            if already is not None:
                return PriceSettlement(
                    self._decide(facts, line_id, settled=True),
                    refund=already,
                    coupon=uow.ledger.by_key(coupon_key),
                )
            decision = self._decide(facts, line_id, settled=False)
            policy = self._policy.for_market(facts.market)
            coupon = coupon_draft(
                policy,
                key=coupon_key,
                reason=lg.PRICE_DROP,
                shopper_id=facts.shopper_id,
                amount=decision.coupon,
                conversation_id=conversation_id,
                today=now.date(),
                order_number=order_number,
                line_id=line_id,
            )
            if decision.outcome == rules.PRICE_OUTSIDE_WINDOW and decision.coupon > 0:
                issued, created = uow.ledger.add_once(coupon, now)
                uow.commit()
                return PriceSettlement(decision, coupon=issued, newly_recorded=created)
            if decision.outcome != rules.PRICE_INSIDE_WINDOW:
                return PriceSettlement(decision)
            refund = record_refund(
                uow,
                policy,
                facts,
                RefundRequest(
                    key=refund_key,
                    reason=lg.PRICE_DROP,
                    amount=decision.difference,
                    line_id=line_id,
                    details={
                        "paid_unit": str(decision.paid_unit),
                        "lowest_unit": str(decision.lowest_unit),
                    },
                ),
                conversation_id,
                language,
                now,
            )
            if refund is None:  # nothing left on the order to pay back
                return PriceSettlement(decision)
            goodwill: lg.LedgerRecord | None = None
            if not refund.awaiting_approval and decision.coupon > 0:
                goodwill, _ = uow.ledger.add_once(coupon, now)
            uow.commit()
            return PriceSettlement(
                decision, refund.record, goodwill, refund.handoff_id, refund.created
            )


def _refund_key(order_number: str, line_id: int) -> str:
    return lg.idempotency_key(
        lg.REFUND, lg.PRICE_DROP, order_number=order_number, line_id=line_id
    )


def _coupon_key(order_number: str, line_id: int) -> str:
    return lg.idempotency_key(
        lg.COUPON, lg.PRICE_DROP, order_number=order_number, line_id=line_id
    )
