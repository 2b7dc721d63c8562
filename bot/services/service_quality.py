"""The figures the service is judged by, over plain facts about conversations:
satisfaction on the 7-level scale, containment, hand-off, complaint and repeat-contact
rates, first response and resolution times for the bot and for agents, top intents and
the messages the bot did not understand."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.services.satisfaction import SCALE
from bot.text.identifiers import mask_personal

REPEAT_WINDOW = dt.timedelta(days=7)
FALLBACK_INTENT = "nlu_fallback"
TOP = 10


@dataclass(frozen=True)
class ConversationFacts:
    id: str
    language: str
    started_at: dt.datetime
    shopper_id: int | None = None
    intents: tuple[str, ...] = ()
    first_shopper_at: dt.datetime | None = None
    first_bot_reply_at: dt.datetime | None = None
    last_bot_reply_at: dt.datetime | None = None
    handoff_at: dt.datetime | None = None
    first_agent_reply_at: dt.datetime | None = None
    handed_back_at: dt.datetime | None = None
    ratings: tuple[int, ...] = ()
    complaint: bool = False
    fallback_texts: tuple[str, ...] = ()

    @property
    def handed_off(self) -> bool:
        return self.handoff_at is not None


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None  # inclusive, by the day the conversation started (UTC)
    end: dt.date | None = None  # inclusive
    language: str | None = None
    intent: str | None = None

    def admit(self, facts: ConversationFacts) -> bool:
        day = facts.started_at.astimezone(dt.timezone.utc).date()
        return (
            (self.start is None or day >= self.start)
            and (self.end is None or day <= self.end)
            and (self.language is None or facts.language == self.language)
            and (self.intent is None or self.intent in facts.intents)
        )


@dataclass(frozen=True)
class Durations:
    """Seconds: how many, median and 90th percentile (nearest rank)."""

    count: int
    median: float | None
    p90: float | None

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Durations:
        if not seconds:
            return cls(0, None, None)
        ordered = sorted(seconds)
        rank = max(1, -(-9 * len(ordered) // 10))  # ceil(0.9 n)
        return cls(len(ordered), float(statistics.median(ordered)), ordered[rank - 1])


@dataclass(frozen=True)
class QualityReport:
    conversations: int
    ratings: dict[str, int]
    rated: int
    mean_rating: float | None
    containment_rate: float | None
    handoff_rate: float | None
    complaint_rate: float | None
    repeat_contact_rate: float | None
    bot_first_response: Durations
    agent_first_response: Durations
    bot_resolution: Durations
    agent_resolution: Durations
    top_intents: list[tuple[str, int]] = field(default_factory=list)
    top_fallbacks: list[tuple[str, int]] = field(default_factory=list)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _seconds(start: dt.datetime | None, end: dt.datetime | None) -> list[float]:
    if start is None or end is None or end < start:
        return []
    return [(end - start).total_seconds()]


def repeat_contacts(
    selected: Iterable[ConversationFacts], history: Iterable[ConversationFacts]
) -> int:
    """Selected conversations whose shopper had started another one in the 7 days
    before (``history`` may reach back before the selected range)."""
    starts: dict[int, list[dt.datetime]] = {}
    for facts in history:
        if facts.shopper_id is not None:
            starts.setdefault(facts.shopper_id, []).append(facts.started_at)
    count = 0
    for facts in selected:
        if facts.shopper_id is None:
            continue
        if any(
            facts.started_at - REPEAT_WINDOW <= earlier < facts.started_at
            for earlier in starts.get(facts.shopper_id, ())
        ):
            count += 1
    return count


def quality_report(
    history: Sequence[ConversationFacts], filters: Filters = Filters()
) -> QualityReport:
    selected = [f for f in history if filters.admit(f)]
    total = len(selected)
    ratings = [r for f in selected for r in f.ratings]
    counts = Counter(ratings)
    handed_off = [f for f in selected if f.handed_off]
    contained = [f for f in selected if not f.handed_off]
    intents = Counter(i for f in selected for i in f.intents if i != FALLBACK_INTENT)
    fallbacks = Counter(
        mask_personal(t.strip().lower()) for f in selected for t in f.fallback_texts
    )
    return QualityReport(
        conversations=total,
        ratings={level: counts.get(n, 0) for n, level in enumerate(SCALE, start=1)},
        rated=len(ratings),
        mean_rating=round(statistics.fmean(ratings), 2) if ratings else None,
        containment_rate=_share(len(contained), total),
        handoff_rate=_share(len(handed_off), total),
        complaint_rate=_share(sum(1 for f in selected if f.complaint), total),
        repeat_contact_rate=_share(
            repeat_contacts(selected, history),
            sum(1 for f in selected if f.shopper_id is not None),
        ),
        bot_first_response=Durations.of(
            [
                s
                for f in selected
                for s in _seconds(f.first_shopper_at, f.first_bot_reply_at)
            ]
        ),
        agent_first_response=Durations.of(
            [
                s
                for f in handed_off
                for s in _seconds(f.handoff_at, f.first_agent_reply_at)
            ]
        ),
        bot_resolution=Durations.of(
            [
                s
                for f in contained
                for s in _seconds(f.first_shopper_at, f.last_bot_reply_at)
            ]
        ),
        agent_resolution=Durations.of(
            [s for f in handed_off for s in _seconds(f.handoff_at, f.handed_back_at)]
        ),
        top_intents=intents.most_common(TOP),
        top_fallbacks=fallbacks.most_common(TOP),
    )
