"""Return authorisations: eligibility by the market's rules, then one RMA per order line."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.services import ledger as lg
from bot.services import policy_rules as rules
from bot.services.money_moves import Settlement
from bot.services.ports import SettlementUnitOfWork
from bot.services.settlement_facts import OrderFacts


class UnknownLine(LookupError):
    """The order has no such line (or the order is unknown)."""


@dataclass(frozen=True)
class ReturnOutcome:
    decision: rules.ReturnDecision
    authorisation: lg.LedgerRecord | None = None  # new or earlier RMA for the line
    created: bool = False


def facts_of(uow: SettlementUnitOfWork, order_number: str) -> OrderFacts:
    facts = uow.orders.find_facts(order_number)
    if facts is None:
        raise UnknownLine(f"no order {order_number}")
    return facts


def return_key(order_number: str, line_id: int) -> str:
    return lg.idempotency_key(
        lg.RETURN_AUTHORISATION, lg.RETURN, order_number=order_number, line_id=line_id
    )


class Returns(Settlement):
    def _decide(
        self, uow: SettlementUnitOfWork, facts: OrderFacts, line_id: int
    ) -> ReturnOutcome:
        line = facts.line(line_id)
        if line is None:
            raise UnknownLine(f"order {facts.number} has no line {line_id}")
        earlier = uow.ledger.by_key(return_key(facts.number, line_id))
        decision = rules.return_decision(
            self._policy.for_market(facts.market),
            facts.status,
            facts.delivered_at.date() if facts.delivered_at else None,
            line,
            facts.shopper,
            self._clock().date(),
            earlier is not None,
        )
        if decision.eligible:
            # What a return pays back is what is left of the line after earlier refunds.
            already = lg.committed(
                r for r in uow.ledger.for_order(facts.number) if r.line_id == line_id
            )
            left = max(decision.refund_amount - already, rules.ZERO)
            decision = replace(decision, refund_amount=left)
        return ReturnOutcome(decision, earlier)

    def assess(self, order_number: str, line_id: int) -> ReturnOutcome:
        """Whether the line may go back (and any RMA it already has); records nothing."""
        with self._uow() as uow:
            return self._decide(uow, facts_of(uow, order_number), line_id)

    def authorise(
        self, order_number: str, line_id: int, reason: str, conversation_id: str
    ) -> ReturnOutcome:
        """Registers the return when the policy allows it; a repeat finds the first RMA."""
        now = self._clock()
        with self._uow() as uow:
            facts = facts_of(uow, order_number)
            uow.ledger.lock_shopper(facts.shopper_id)
            assessed = self._decide(uow, facts, line_id)
            decision = assessed.decision
            if assessed.authorisation is not None or not decision.eligible:
                return assessed
            payment = facts.original_payment
            record, created = uow.ledger.add_once(
                lg.EntryDraft(
                    idempotency_key=return_key(order_number, line_id),
                    kind=lg.RETURN_AUTHORISATION,
                    reason=lg.RETURN,
                    status=lg.DONE,
                    shopper_id=facts.shopper_id,
                    amount=decision.refund_amount,
                    currency=facts.currency,
                    order_number=order_number,
                    line_id=line_id,
                    payment_reference=payment.reference if payment else None,
                    payment_method=payment.method if payment else None,
                    code=lg.new_rma_number(facts.market),
                    expires_on=decision.deadline,
                    conversation_id=conversation_id,
                    details={
                        "return_reason": reason,
                        "shopper_pays_shipping": decision.shopper_pays_shipping,
                    },
                ),
                now,
            )
            uow.commit()
            return ReturnOutcome(decision, record, created)
