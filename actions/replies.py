"""Sends service replies (response names, values, buttons) through the dispatcher."""

from __future__ import annotations

from collections.abc import Iterable

from rasa_sdk.executor import CollectingDispatcher

from bot.services.replies import Reply


def send(dispatcher: CollectingDispatcher, replies: Iterable[Reply]) -> None:
    for reply in replies:
        buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
        dispatcher.utter_message(
            response=reply.response, buttons=buttons, **reply.values
        )
