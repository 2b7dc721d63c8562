from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.container import services
from bot.services.conversation_language import next_language, requested_language


class ActionDetectLanguage(Action):
    """Fills the ``language`` slot on every user turn (custom slot mapping)."""

    def name(self) -> str:
        return "action_detect_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        settings = services().settings
        current = tracker.get_slot("language")
        message = tracker.latest_message
        chosen = requested_language(
            message.get("intent"), message.get("entities"), settings.languages
        ) or next_language(
            current,
            message.get("language"),
            settings.languages,
            settings.default_language,
        )
        return [SlotSet("language", chosen)] if chosen != current else []
