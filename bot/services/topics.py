"""Requests the assistant passes to a person until it can settle them itself: which
hand-off reason each intent records and which reply the shopper gets."""

from __future__ import annotations

from bot.services.handoff import SHOPPER_ASKED, HandoffTicket
from bot.services.replies import Reply

# intent → (hand-off reason, reply when the request is newly queued)
TOPICS: dict[str, tuple[str, str]] = {
    "return_item": ("return", "utter_handoff_return"),
    "refund_status": ("refund", "utter_handoff_refund"),
    "price_drop": ("price", "utter_handoff_price"),
    "request_coupon": ("coupon", "utter_handoff_coupon"),
    "cancel_order": ("cancellation", "utter_handoff_cancel"),
    "payment_problem": ("payment", "utter_handoff_payment"),
}


def topic_reason(intent: str | None) -> str:
    return TOPICS[intent][0] if intent in TOPICS else SHOPPER_ASKED


def topic_reply(intent: str | None, ticket: HandoffTicket) -> Reply:
    position = {"position": str(ticket.position)}
    if not ticket.created:
        return Reply("utter_handoff_already_waiting", position)
    name = TOPICS[intent][1] if intent in TOPICS else "utter_handoff_requested"
    return Reply(name, position)
