"""Messages no intent should be read into: empty, too long, markup or code, no words."""

from __future__ import annotations

import re

from bot.text.identifiers import find_identifiers, strip_identifiers
from bot.text.language_id import SWITCH_CONFIDENCE

EMPTY = "empty"
TOO_LONG = "too_long"
NO_WORDS = "no_words"
CODE = "code"
UNSUPPORTED_LANGUAGE = "unsupported_language"

_CODE = re.compile(
    r"<\s*/?\s*(script|img|iframe|svg|a|div|style|body|html)\b[^>]*>"
    r"|\b(union\s+(all\s+)?select|drop\s+table|insert\s+into|delete\s+from)\b"
    r"|'\s*or\s+'?\d+'?\s*=\s*'?\d+|--\s*$|;\s*--|\{\{.*\}\}|\$\{.*\}",
    re.IGNORECASE,
)


def input_issue(text: str | None, max_chars: int) -> str | None:
    """Why the message cannot be read as a request, or None when it can."""
    if text is None or not text.strip():
        return EMPTY
    if len(text) > max_chars:
        return TOO_LONG
    if _CODE.search(text):
        return CODE
    if find_identifiers(text):
        return None
    if not any(ch.isalpha() for ch in strip_identifiers(text)):
        return NO_WORDS
    return None


def language_issue(language: dict[str, object] | None) -> str | None:
    """UNSUPPORTED_LANGUAGE when the text is confidently in a language we do not speak."""
    if (
        not language
        or language.get("supported", True)
        or language.get("source") != "text"
    ):
        return None
    confidence = language.get("confidence")
    if isinstance(confidence, int | float) and confidence >= SWITCH_CONFIDENCE:
        return UNSUPPORTED_LANGUAGE
    return None
