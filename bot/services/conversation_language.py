"""The conversation's language is sticky: only confident or explicit evidence moves it."""

from __future__ import annotations

from collections.abc import Mapping

from bot.text.language_id import SWITCH_CONFIDENCE


def next_language(
    current: str | None,
    detected: Mapping[str, object] | None,
    supported: tuple[str, ...],
    default: str = "en",
) -> str:
    """The language to answer in after this message.

    ``detected`` is the parse result's ``language`` object. Explicit requests always
    switch; confident text detection switches; neutral or short messages never do.
    """
    prior = detected.get("prior") if detected else None
    if current in supported:
        fallback = str(current)
    elif isinstance(prior, str) and prior in supported:
        fallback = prior
    else:
        fallback = default
    if not detected:
        return fallback
    code = detected.get("code")
    source = detected.get("source")
    confidence = detected.get("confidence")
    if not isinstance(code, str) or code not in supported:
        return fallback
    if source == "explicit":
        return code
    if source == "text" and isinstance(confidence, int | float):
        return code if confidence >= SWITCH_CONFIDENCE else fallback
    if current not in supported and source in ("conversation", "locale"):
        return code
    return fallback


SWITCH_INTENT = "switch_language"
SWITCH_INTENT_CONFIDENCE = 0.5


def requested_language(
    intent: Mapping[str, object] | None,
    entities: list[Mapping[str, object]] | None,
    supported: tuple[str, ...],
) -> str | None:
    """The language a shopper asks for in a longer sentence ("my dad only reads German,
    can you write that way?"): the classifier says switch_language and the message names
    exactly one supported language. Short requests are already explicit in detection."""
    if not intent or intent.get("name") != SWITCH_INTENT:
        return None
    confidence = intent.get("confidence")
    if not isinstance(confidence, int | float) or confidence < SWITCH_INTENT_CONFIDENCE:
        return None
    named = {
        str(entity.get("value"))
        for entity in entities or []
        if entity.get("entity") == "language_name"
    }
    if len(named) != 1:
        return None
    (code,) = named
    return code if code in supported else None
