"""What an agent sees beside the transcript: the verified shopper, their orders with
shipments, the ledger entries and the tickets of the conversation."""

from __future__ import annotations

from typing import Any

from bot.services.ledger import PENDING_APPROVAL, LedgerRecord
from bot.services.ledger_json import ledger_entry_json
from bot.store.models import Order, Ticket
from bot.store.unit_of_work import SqlUnitOfWork
from bot.web.desk import message_frame


def ledger_json(record: LedgerRecord) -> dict[str, object]:
    """The ledger entry as ``make -s ledger-json`` prints it, and whether it waits for
    a person's decision."""
    return ledger_entry_json(record) | {"pending": record.status == PENDING_APPROVAL}


def ticket_json(ticket: Ticket) -> dict[str, Any]:
    return {
        "id": ticket.id,
        "conversation_id": ticket.conversation_id,
        "category": ticket.category,
        "status": ticket.status,
        "source": ticket.source,
        "language": ticket.language,
        "rating": ticket.rating,
        "summary": ticket.summary,
        "email": ticket.email,
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
    }


def order_json(order: Order) -> dict[str, Any]:
    total = sum((line.unit_price_paid * line.quantity for line in order.lines), 0)
    return {
        "number": order.number,
        "status": order.status,
        "market": order.market,
        "currency": order.currency,
        "total": str(total + order.shipping_cost),
        "placed_at": order.placed_at.isoformat(),
        "promised_delivery_date": order.promised_delivery_date.isoformat(),
        "lines": [
            {
                "id": line.id,
                "name": line.product.name,
                "category": line.product.category,
                "quantity": line.quantity,
                "unit_price": str(line.unit_price_paid),
            }
            for line in order.lines
        ],
        "shipments": [
            {
                "carrier": shipment.carrier,
                "tracking_number": shipment.tracking_number,
                "events": [
                    {
                        "at": event.occurred_at.isoformat(),
                        "location": event.location,
                        "status": event.status_code,
                    }
                    for event in shipment.events
                ],
            }
            for shipment in order.shipments
        ],
    }


def conversation_view(
    uow: SqlUnitOfWork, conversation_id: str, verified_shopper_id: int | None
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
                "customer_type": None,
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
