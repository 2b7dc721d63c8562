"""What a verified shopper is told about an order: status, latest event, dates."""

from __future__ import annotations

import datetime as dt

from bot.i18n.formatting import date_time, long_date
from bot.i18n.labels import label
from bot.services import order_status as st
from bot.services.order_view import OrderView
from bot.services.replies import Reply


def days_late(order: OrderView, today: dt.date) -> int:
    """Whole days past the promised date for an order still on its way; else 0."""
    if order.status not in st.OPEN_STATUSES:
        return 0
    return max(0, (today - order.promised_delivery_date).days)


def describe_order(order: OrderView, today: dt.date, language: str) -> list[Reply]:
    """The replies that answer "where is my order?" for a verified shopper."""
    market = order.market
    base = {"order_number": order.number}
    shipment = order.current_shipment
    event = shipment.latest_event if shipment else None
    if order.status == st.CANCELLED:
        return [Reply("utter_order_status_cancelled", base)]
    if shipment is not None:
        base |= {
            "carrier": shipment.carrier,
            "tracking_number": shipment.tracking_number,
        }
        if event is not None:
            base |= {
                "event": label("shipment_event", event.status_code, language),
                "place": event.location,
                "event_time": date_time(event.occurred_at, language, market),
            }
    if order.status == st.DELIVERED:
        delivered = order.delivered_at or (event.occurred_at if event else None)
        values = base | {
            "delivered_date": long_date(delivered.date(), language, market)
            if delivered
            else ""
        }
        return [Reply("utter_order_status_delivered", values)]
    if order.status == st.PROCESSING or shipment is None or "event" not in base:
        status_reply = Reply(
            "utter_order_status_processing",
            base | {"placed_date": long_date(order.placed_at.date(), language, market)},
        )
    else:
        status_reply = Reply(f"utter_order_status_{order.status}", base)
    late_by = days_late(order, today)
    promised = long_date(order.promised_delivery_date, language, market)
    if late_by > 0:
        timing = Reply(
            "utter_order_late", {"promised_date": promised, "days_late": str(late_by)}
        )
    else:
        timing = Reply("utter_order_expected_delivery", {"expected_date": promised})
    return [status_reply, timing]
