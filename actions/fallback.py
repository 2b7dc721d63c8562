from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.container import services
from actions.replies import send
from bot.services.fallback import fallback_reply


class ActionHandleFallback(Action):
    """Not understood, or unreadable (empty, too long, code, no words)."""

    def name(self) -> str:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        issue = tracker.latest_message.get("input_issue")
        settings = services().settings
        reply = fallback_reply(issue, settings.max_message_chars, settings.languages)
        send(dispatcher, [reply])
        return []
