"""Conversations as trails of what was said, for the review of what the bot
misunderstood (2.0-style queries, one per table)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services.review import ConversationTrail, Said
from bot.store.conversation_repository import messages_by_conversation
from bot.store.models import ChatMessage, Conversation, HandoffRequest, SurveyResponse


def trails(
    session: Session, since: dt.datetime, language: str | None = None
) -> list[ConversationTrail]:
    query = select(Conversation).where(Conversation.updated_at >= since)
    if language:
        query = query.where(Conversation.language == language)
    conversations = list(session.scalars(query))
    ids = [c.id for c in conversations]
    if not ids:
        return []
    said = {
        cid: [
            Said(
                m.seq,
                m.sender,
                m.text,
                m.created_at,
                m.intent,
                m.confidence,
                flagged=m.flagged_by is not None,
                reviewed=m.reviewed_at is not None,
            )  # fmt: skip
            for m in messages
        ]
        for cid, messages in messages_by_conversation(session, ids).items()
    }
    handoffs: dict[str, dt.datetime] = dict(
        session.execute(
            select(HandoffRequest.conversation_id, func.min(HandoffRequest.created_at))
            .where(HandoffRequest.conversation_id.in_(ids))
            .group_by(HandoffRequest.conversation_id)
        )
        .tuples()
        .all()
    )
    ratings: dict[str, int] = dict(
        session.execute(
            select(SurveyResponse.conversation_id, func.min(SurveyResponse.rating))
            .where(SurveyResponse.conversation_id.in_(ids))
            .group_by(SurveyResponse.conversation_id)
        )
        .tuples()
        .all()
    )
    return [
        ConversationTrail(
            c.id,
            c.language,
            tuple(said.get(c.id, [])),
            handoffs.get(c.id),
            ratings.get(c.id),
        )
        for c in conversations
    ]


def mark_reviewed(
    session: Session,
    conversation_id: str,
    seq: int,
    intent: str | None,
    by: str,
    at: dt.datetime,
) -> ChatMessage | None:
    message = session.scalar(
        select(ChatMessage)
        .where(ChatMessage.conversation_id == conversation_id)
        .where(ChatMessage.seq == seq)
        .where(ChatMessage.sender == "shopper")
    )
    if message is not None:
        message.reviewed_intent = intent
        message.reviewed_by = by
        message.reviewed_at = at
    return message
