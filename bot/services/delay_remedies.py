"""Late orders: the remedy the policy grants for the days late (shipping refund, coupon),
offered without being asked and granted once per order after the shopper accepts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.services import ledger as lg
from bot.services import order_status as st
from bot.services import policy_rules as rules
from bot.services.money_moves import (
    RecordedRefund,
    RefundRequest,
    Settlement,
    coupon_draft,
    record_refund,
)
from bot.services.returns import facts_of
from bot.services.settlement_facts import OrderFacts


@dataclass(frozen=True)
class DelayOffer:
    remedy: rules.DelayRemedy
    already_granted: bool


@dataclass(frozen=True)
class DelayGrant:
    remedy: rules.DelayRemedy | None
    refund: RecordedRefund | None = None
    coupon: lg.LedgerRecord | None = None


def _keys(order_number: str) -> tuple[str, str]:
    return (
        lg.idempotency_key(lg.REFUND, lg.DELIVERY_DELAY, order_number=order_number),
        lg.idempotency_key(lg.COUPON, lg.DELIVERY_DELAY, order_number=order_number),
    )


def _days_late(facts: OrderFacts, today: dt.date) -> int:
    if facts.status not in st.OPEN_STATUSES:
        return 0
    return max(0, (today - facts.promised_delivery_date).days)


class DelayRemedies(Settlement):
    def _remedy(self, facts: OrderFacts) -> rules.DelayRemedy | None:
        remedy = rules.delay_remedy(
            self._policy.for_market(facts.market),
            _days_late(facts, self._clock().date()),
            facts.shipping_cost,
            facts.shopper,
        )
        return remedy if remedy is not None and remedy.offers_something else None

    def offer(self, order_number: str) -> DelayOffer | None:
        """What the shopper can be offered for the delay now; None when nothing."""
        with self._uow() as uow:
            facts = facts_of(uow, order_number)
            remedy = self._remedy(facts)
            if remedy is None:
                return None
            granted = any(uow.ledger.by_key(key) for key in _keys(order_number))
            return DelayOffer(remedy, granted)

    def grant(
        self, order_number: str, conversation_id: str, language: str
    ) -> DelayGrant:
        now = self._clock()
        refund_key, coupon_key = _keys(order_number)
        with self._uow() as uow:
            facts = facts_of(uow, order_number)
            uow.ledger.lock_shopper(facts.shopper_id)
            remedy = self._remedy(facts)
            earlier_refund = uow.ledger.by_key(refund_key)
            earlier_coupon = uow.ledger.by_key(coupon_key)
            if earlier_refund or earlier_coupon or remedy is None:
                return DelayGrant(
                    remedy,
                    RecordedRefund(earlier_refund, False) if earlier_refund else None,
                    earlier_coupon,
                )
            policy = self._policy.for_market(facts.market)
            refund = (
                record_refund(
                    uow,
                    policy,
                    facts,
                    RefundRequest(
                        refund_key, lg.DELIVERY_DELAY, remedy.shipping_refund
                    ),
                    conversation_id,
                    language,
                    now,
                )
                if remedy.shipping_refund > 0
                else None
            )
            coupon = None
            if remedy.coupon > 0:
                coupon, _ = uow.ledger.add_once(
                    coupon_draft(
                        policy,
                        key=coupon_key,
                        reason=lg.DELIVERY_DELAY,
                        shopper_id=facts.shopper_id,
                        amount=remedy.coupon,
                        conversation_id=conversation_id,
                        today=now.date(),
                        order_number=order_number,
                    ),
                    now,
                )
            uow.commit()
            return DelayGrant(remedy, refund, coupon)
