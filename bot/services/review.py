"""Which shopper messages an admin should look at: the bot did not understand them, was
unsure, answered them just before the shopper asked for a person, heard them in a
conversation rated in the bottom three levels, or an agent flagged them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.services.satisfaction import COMPLAINT_AT_OR_BELOW
from bot.services.service_quality import FALLBACK_INTENT

# What a low rating is not about: small talk and the request for a person itself.
NOT_TOPICAL = frozenset(
    {"greet", "goodbye", "thank", "affirm", "deny", "request_human"}
)


@dataclass(frozen=True)
class Said:
    seq: int
    sender: str
    text: str
    at: dt.datetime
    intent: str | None = None
    confidence: float | None = None
    flagged: bool = False
    reviewed: bool = False


@dataclass(frozen=True)
class ConversationTrail:
    id: str
    language: str
    messages: tuple[Said, ...]
    handoff_at: dt.datetime | None = None
    lowest_rating: int | None = None


@dataclass(frozen=True)
class ReviewItem:
    conversation_id: str
    language: str
    message: Said
    reasons: tuple[str, ...]
    context: tuple[Said, ...] = field(default_factory=tuple)


def _reasons(trail: ConversationTrail, min_confidence: float) -> dict[int, list[str]]:
    shopper = [m for m in trail.messages if m.sender == "shopper"]
    found: dict[int, list[str]] = {}

    def add(message: Said, reason: str) -> None:
        found.setdefault(message.seq, []).append(reason)

    for message in shopper:
        if message.intent == FALLBACK_INTENT:
            add(message, "fallback")
        elif message.confidence is not None and message.confidence < min_confidence:
            add(message, "low_confidence")
        if message.flagged:
            add(message, "flagged")
    if trail.handoff_at is not None:
        before = [m for m in shopper if m.at <= trail.handoff_at]
        # the last one asked for the person; the one before got the unhelpful answer
        if len(before) >= 2:
            add(before[-2], "handoff_after_bot_reply")
    if trail.lowest_rating is not None and trail.lowest_rating <= COMPLAINT_AT_OR_BELOW:
        topical = [m for m in shopper if m.intent not in NOT_TOPICAL and not m.reviewed]
        if topical:
            add(topical[-1], "low_rating")
    return found


def review_items(
    trails: Sequence[ConversationTrail], min_confidence: float, around: int = 2
) -> list[ReviewItem]:
    """Newest first; messages already labelled or dismissed are left out."""
    items = []
    for trail in trails:
        reasons = _reasons(trail, min_confidence)
        for index, message in enumerate(trail.messages):
            if message.seq not in reasons or message.reviewed:
                continue
            context = trail.messages[max(0, index - around) : index + around + 1]
            items.append(
                ReviewItem(
                    trail.id,
                    trail.language,
                    message,
                    tuple(reasons[message.seq]),
                    tuple(context),
                )
            )
    return sorted(items, key=lambda item: item.message.at, reverse=True)
