from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.container import services, utc_now
from actions.replies import send
from bot.services.complaints import register_complaint


class ActionRegisterComplaint(Action):
    """The shopper says they want to complain: a complaint ticket for the team, in the
    category of what the conversation was about."""

    def name(self) -> str:
        return "action_register_complaint"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        current = services()
        intents = [
            (event.get("parse_data") or {}).get("intent", {}).get("name")
            for event in tracker.events
            if event.get("event") == "user"
        ]
        reply = await asyncio.to_thread(
            register_complaint,
            current.new_complaint_uow(),
            tracker.sender_id,
            tracker.get_slot("language") or current.settings.default_language,
            intents[:-1],  # what the conversation was about before "I want to complain"
            str(tracker.latest_message.get("text") or ""),
            utc_now(),
        )
        send(dispatcher, [reply])
        return []
