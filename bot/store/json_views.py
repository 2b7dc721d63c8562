"""Orders and tickets as JSON, for the agent console and for a shopper's data export."""

from __future__ import annotations

from typing import Any

from bot.store.models import Order, Ticket


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
