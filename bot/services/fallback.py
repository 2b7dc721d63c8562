"""Which reply a message gets when it could not be read as a request."""

from __future__ import annotations

from bot.services.replies import Reply
from bot.text.input_guard import EMPTY, NO_WORDS, TOO_LONG, UNSUPPORTED_LANGUAGE

# Each language in its own name, for the list offered to shoppers we cannot serve.
ENDONYMS = {
    "en": "English", "es": "Español", "pt": "Português", "fr": "Français",
    "de": "Deutsch", "it": "Italiano", "ru": "Русский", "ar": "العربية",
    "ja": "日本語", "zh": "中文",
}  # fmt: skip


def fallback_reply(
    input_issue: str | None, max_chars: int, languages: tuple[str, ...] = ("en",)
) -> Reply:
    if input_issue == EMPTY:
        return Reply("utter_input_empty")
    if input_issue == TOO_LONG:
        return Reply("utter_input_too_long", {"max_chars": str(max_chars)})
    if input_issue == UNSUPPORTED_LANGUAGE:
        names = ", ".join(ENDONYMS[code] for code in languages if code in ENDONYMS)
        return Reply("utter_language_unsupported", {"languages": names})
    if input_issue == NO_WORDS:
        return Reply("utter_input_no_words")
    # Code-like input (CODE) and anything else unreadable get the plain "not understood".
    return Reply("utter_default")
