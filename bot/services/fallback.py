"""Which reply a message gets when it could not be read as a request."""

from __future__ import annotations

from bot.services.replies import Reply
from bot.text.input_guard import EMPTY, NO_WORDS, TOO_LONG


def fallback_reply(input_issue: str | None, max_chars: int) -> Reply:
    if input_issue == EMPTY:
        return Reply("utter_input_empty")
    if input_issue == TOO_LONG:
        return Reply("utter_input_too_long", {"max_chars": str(max_chars)})
    if input_issue == NO_WORDS:
        return Reply("utter_input_no_words")
    # Code-like input (CODE) and anything else unreadable get the plain "not understood".
    return Reply("utter_default")
