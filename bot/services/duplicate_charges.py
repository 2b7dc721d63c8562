""" "I was charged twice": every captured payment that repeats an earlier one is refunded
to where it came from, once, within the bot's limits (above them a person approves)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import ledger as lg
from bot.services import policy_rules as rules
from bot.services.money_moves import (
    RecordedRefund,
    RefundRequest,
    Settlement,
    record_refund,
)
from bot.services.returns import facts_of
from bot.services.settlement_facts import PaymentFacts


@dataclass(frozen=True)
class DuplicateChargeOutcome:
    payments: tuple[PaymentFacts, ...]  # all payments of the order
    refunds: tuple[RecordedRefund, ...]  # one per duplicate, new or earlier


def duplicate_key(order_number: str, payment_reference: str) -> str:
    return lg.idempotency_key(
        lg.REFUND,
        lg.DUPLICATE_CHARGE,
        order_number=order_number,
        scope=payment_reference,
    )


class DuplicateCharges(Settlement):
    def settle(
        self, order_number: str, conversation_id: str, language: str
    ) -> DuplicateChargeOutcome:
        now = self._clock()
        with self._uow() as uow:
            facts = facts_of(uow, order_number)
            uow.ledger.lock_shopper(facts.shopper_id)
            policy = self._policy.for_market(facts.market)
            recorded = (
                record_refund(
                    uow,
                    policy,
                    facts,
                    RefundRequest(
                        duplicate_key(order_number, payment.reference),
                        lg.DUPLICATE_CHARGE,
                        payment.amount,
                        payment=payment.reference,
                    ),
                    conversation_id,
                    language,
                    now,
                )
                for payment in rules.duplicate_charges(list(facts.payments))
            )
            refunds = tuple(refund for refund in recorded if refund is not None)
            uow.commit()
            return DuplicateChargeOutcome(facts.payments, refunds)
