"""What an agent sees beside the transcript: the verified shopper, their orders with
shipments, the ledger entries and the tickets of the conversation."""

from __future__ import annotations

from typing import Any

from bot.policy.loader import Policy
from bot.services.ledger import PENDING_APPROVAL, LedgerRecord
from bot.services.ledger_json import ledger_entry_json
from bot.services.policy_rules import customer_type
from bot.store.json_views import order_json, ticket_json
from bot.store.models import Shopper
from bot.store.unit_of_work import SqlUnitOfWork
from bot.web.desk import message_frame


def ledger_json(record: LedgerRecord) -> dict[str, object]:
    """The ledger entry as ``make -s ledger-json`` prints it, and whether it waits for
    a person's decision."""
    return ledger_entry_json(record) | {"pending": record.status == PENDING_APPROVAL}


def customer_type_of(
    uow: SqlUnitOfWork, shopper: Shopper, policy: Policy | None
) -> str | None:
    """first_order, regular or vip, by the shopper's market's written policy."""
    if policy is None or shopper.market not in policy.markets:
        return None
    return customer_type(
        policy.for_market(shopper.market), uow.orders.shopper_history(shopper)
    )


def conversation_view(
    uow: SqlUnitOfWork,
    conversation_id: str,
    verified_shopper_id: int | None,
    policy: Policy | None = None,
) -> dict[str, Any]:
    conversation = uow.conversations.get(conversation_id)
    if conversation is None:
        return {}
    names = {a.id: a.display_name for a in uow.agents.all()}
    request = uow.handoffs.latest_for(conversation_id)
    shopper = uow.orders.shopper(verified_shopper_id) if verified_shopper_id else None
    ledger = uow.ledger.for_conversation(conversation_id)
    if shopper is not None:
        ledger = uow.ledger.for_shopper(shopper.id)
    return {
        "conversation": {
            "id": conversation.id,
            "language": conversation.language,
            "locale": conversation.locale,
            "holder": conversation.holder,
            "agent": names.get(conversation.agent_id)
            if conversation.agent_id
            else None,
            "handoff": (
                {"reason": request.reason, "details": dict(request.details or {})}
                if request is not None
                else None
            ),
        },
        "messages": [
            message_frame(m, names.get(m.agent_id) if m.agent_id else None)
            for m in uow.conversations.messages_after(conversation_id, 0)
        ],
        "shopper": (
            {
                "name": shopper.name,
                "email": shopper.email,
                "market": shopper.market,
                "member_tier": shopper.member_tier,
                "points": shopper.points,
                "customer_type": customer_type_of(uow, shopper, policy),
            }
            if shopper is not None
            else None
        ),
        "orders": (
            [order_json(o) for o in uow.orders.of_shopper(shopper.id)]
            if shopper
            else []
        ),
        "ledger": [ledger_json(r) for r in ledger],
        "tickets": [
            ticket_json(t)
            for t in uow.tickets.listed(
                ("open", "in_progress", "resolved"), conversation_id
            )
        ],
    }
