from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.container import services
from actions.replies import send
from bot.services.order_enquiry import EnquiryState


def _int_slot(tracker: Tracker, name: str) -> int | None:
    value = tracker.get_slot(name)
    return int(value) if isinstance(value, int | float) else None


class ActionTrackOrder(Action):
    """Where is my order: asks for what is missing, verifies, answers."""

    def name(self) -> str:
        return "action_track_order"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = EnquiryState(
            conversation_id=tracker.sender_id,
            language=tracker.get_slot("language")
            or services().settings.default_language,
            order_number=tracker.get_slot("order_number"),
            email=tracker.get_slot("email"),
            postcode=tracker.get_slot("postcode"),
            verified_shopper_id=_int_slot(tracker, "verified_shopper_id"),
            failed_attempts=_int_slot(tracker, "failed_attempts") or 0,
            locked=bool(tracker.get_slot("verification_locked")),
        )
        outcome = await asyncio.to_thread(services().enquiry.handle, state)
        send(dispatcher, outcome.replies)
        return [SlotSet(name, value) for name, value in outcome.slots.items()]
