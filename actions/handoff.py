from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.container import services
from actions.replies import send
from bot.services.topics import topic_reason, topic_reply


class ActionRequestHuman(Action):
    """Puts the conversation in the queue for a person (once), with the topic as reason:
    an explicit request, or a request the assistant cannot settle on its own yet."""

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        current = services()
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        language = tracker.get_slot("language") or current.settings.default_language
        ticket = await asyncio.to_thread(
            current.request_handoff, tracker.sender_id, language, topic_reason(intent)
        )
        send(dispatcher, [topic_reply(intent, ticket)])
        return []
