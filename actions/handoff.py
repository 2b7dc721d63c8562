from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.container import services, utc_now
from actions.replies import send
from bot.services.handoff import SHOPPER_ASKED, handoff_reply, request_handoff


class ActionRequestHuman(Action):
    """Puts the conversation in the queue for a person (once)."""

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        current = services()
        language = tracker.get_slot("language") or current.settings.default_language
        ticket = await asyncio.to_thread(
            request_handoff,
            current.new_uow(),
            tracker.sender_id,
            language,
            SHOPPER_ASKED,
            utc_now(),
        )
        send(dispatcher, [handoff_reply(ticket)])
        return []
