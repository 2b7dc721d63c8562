"""Facts about conversations for the service-quality figures, read from the
conversation store (2.0-style queries, one per table)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.service_quality import (
    FALLBACK_INTENT,
    REPEAT_WINDOW,
    ConversationFacts,
)
from bot.store.conversation_repository import messages_by_conversation
from bot.store.models import (
    Conversation,
    HandoffRequest,
    SurveyResponse,
    Ticket,
)

COMPLAINT_SOURCES = ("survey", "shopper")


def _first(values: list[dt.datetime]) -> dt.datetime | None:
    return min(values) if values else None


def conversation_facts(
    session: Session, start: dt.date | None, end: dt.date | None
) -> list[ConversationFacts]:
    """Conversations started from ``start`` minus the repeat-contact window (so that
    repeat contacts at the start of the range are seen) to ``end``, inclusive."""
    query = select(Conversation)
    if start is not None:
        since = dt.datetime.combine(start, dt.time(), dt.timezone.utc) - REPEAT_WINDOW
        query = query.where(Conversation.created_at >= since)
    if end is not None:
        until = dt.datetime.combine(
            end + dt.timedelta(days=1), dt.time(), dt.timezone.utc
        )
        query = query.where(Conversation.created_at < until)
    conversations = list(session.scalars(query.order_by(Conversation.created_at)))
    ids = [c.id for c in conversations]
    if not ids:
        return []
    messages = messages_by_conversation(session, ids)
    handoffs: dict[str, list[HandoffRequest]] = defaultdict(list)
    for request in session.scalars(
        select(HandoffRequest).where(HandoffRequest.conversation_id.in_(ids))
    ):
        handoffs[request.conversation_id].append(request)
    ratings: dict[str, list[int]] = defaultdict(list)
    for survey in session.scalars(
        select(SurveyResponse)
        .where(SurveyResponse.conversation_id.in_(ids))
        .order_by(SurveyResponse.round)
    ):
        ratings[survey.conversation_id].append(survey.rating)
    complained = set(
        session.scalars(
            select(Ticket.conversation_id)
            .where(Ticket.conversation_id.in_(ids))
            .where(Ticket.source.in_(COMPLAINT_SOURCES))
        )
    )
    facts = []
    for conversation in conversations:
        said = messages[conversation.id]
        shopper = [m for m in said if m.sender == "shopper"]
        bot = [m.created_at for m in said if m.sender == "bot"]
        requests = handoffs[conversation.id]
        served = [r for r in requests if r.claimed_at is not None]
        facts.append(
            ConversationFacts(
                id=conversation.id,
                language=conversation.language,
                started_at=conversation.created_at,
                shopper_id=conversation.shopper_id,
                intents=tuple(m.intent for m in shopper if m.intent),
                first_shopper_at=_first([m.created_at for m in shopper]),
                first_bot_reply_at=_first(bot),
                last_bot_reply_at=max(bot) if bot else None,
                handoff_at=_first([r.created_at for r in requests]),
                first_agent_reply_at=_first(
                    [m.created_at for m in said if m.sender == "agent"]
                ),
                handed_back_at=_first(
                    [r.closed_at for r in served if r.closed_at is not None]
                ),
                ratings=tuple(ratings[conversation.id]),
                complaint=conversation.id in complained,
                fallback_texts=tuple(
                    m.text for m in shopper if m.intent == FALLBACK_INTENT
                ),
            )
        )
    return facts
