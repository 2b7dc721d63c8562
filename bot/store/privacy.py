"""What the store holds about one shopper: exported whole on request, or erased.

Erasure deletes what the shopper wrote and said (messages, survey comments, ticket
texts and e-mails) and the personal fields of the shopper row. Orders, payments and
the ledger stay, since money moves must stay auditable, attached to a pseudonym."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.services.ledger_json import ledger_entry_json
from bot.store.json_views import order_json, ticket_json
from bot.store.ledger_repository import ledger_record
from bot.store.models import (
    ChatMessage,
    Conversation,
    HandoffRequest,
    LedgerEntry,
    Order,
    Shopper,
    SurveyResponse,
    Ticket,
)
from bot.store.repositories import OrderRepository

ERASED = "[erased]"


def pseudonym(shopper: Shopper) -> str:
    digest = hashlib.sha256(f"{shopper.id}:{shopper.email}".encode()).hexdigest()
    return f"shopper-{digest[:12]}"


def conversation_ids(session: Session, shopper_id: int) -> list[str]:
    return list(
        session.scalars(
            select(Conversation.id)
            .where(Conversation.shopper_id == shopper_id)
            .order_by(Conversation.created_at)
        )
    )


def shopper_export(session: Session, shopper_id: int) -> dict[str, Any] | None:
    shopper = session.get(Shopper, shopper_id)
    if shopper is None:
        return None
    ids = conversation_ids(session, shopper_id)
    messages = session.scalars(
        select(ChatMessage)
        .where(ChatMessage.conversation_id.in_(ids))
        .order_by(ChatMessage.conversation_id, ChatMessage.seq)
    )
    surveys = session.scalars(
        select(SurveyResponse).where(SurveyResponse.conversation_id.in_(ids))
    )
    tickets = session.scalars(select(Ticket).where(Ticket.conversation_id.in_(ids)))
    handoffs = session.scalars(
        select(HandoffRequest).where(HandoffRequest.conversation_id.in_(ids))
    )
    ledger = session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.shopper_id == shopper_id)
        .order_by(LedgerEntry.id)
    )
    return {
        "shopper": {
            "id": shopper.id,
            "name": shopper.name,
            "email": shopper.email,
            "postcode": shopper.postcode,
            "country": shopper.country,
            "market": shopper.market,
            "language": shopper.language,
            "member_tier": shopper.member_tier,
            "birthday": shopper.birthday.isoformat() if shopper.birthday else None,
            "points": shopper.points,
            "created_at": shopper.created_at.isoformat(),
        },
        "orders": [
            order_json(o) for o in OrderRepository(session).of_shopper(shopper_id)
        ],
        "ledger": [ledger_entry_json(ledger_record(e)) for e in ledger],
        "conversations": ids,
        "messages": [
            {
                "conversation_id": m.conversation_id,
                "seq": m.seq,
                "sender": m.sender,
                "text": m.text,
                "at": m.created_at.isoformat(),
                "intent": m.intent,
                "language": m.language,
            }
            for m in messages
        ],
        "surveys": [
            {
                "conversation_id": s.conversation_id,
                "rating": s.rating,
                "comment": s.comment,
                "at": s.created_at.isoformat(),
            }
            for s in surveys
        ],
        "tickets": [ticket_json(t) for t in tickets],
        "handoffs": [
            {
                "conversation_id": h.conversation_id,
                "reason": h.reason,
                "status": h.status,
                "details": dict(h.details or {}),
                "at": h.created_at.isoformat(),
            }
            for h in handoffs
        ],
    }


@dataclass(frozen=True)
class Erasure:
    pseudonym: str
    conversations: list[str]
    messages: int
    tickets: int
    surveys: int
    orders_kept: int
    ledger_entries_kept: int


def erase_shopper(session: Session, shopper_id: int) -> Erasure | None:
    shopper = session.get(Shopper, shopper_id)
    if shopper is None:
        return None
    ids = conversation_ids(session, shopper_id)
    name = pseudonym(shopper)
    removed = session.execute(
        delete(ChatMessage).where(ChatMessage.conversation_id.in_(ids))
    )
    tickets = list(
        session.scalars(select(Ticket).where(Ticket.conversation_id.in_(ids)))
    )
    for ticket in tickets:
        ticket.summary = ERASED
        ticket.email = None
    surveys = list(
        session.scalars(
            select(SurveyResponse).where(SurveyResponse.conversation_id.in_(ids))
        )
    )
    for survey in surveys:
        survey.comment = None
    for request in session.scalars(
        select(HandoffRequest).where(HandoffRequest.conversation_id.in_(ids))
    ):
        request.details = {}
    for conversation in session.scalars(
        select(Conversation).where(Conversation.id.in_(ids))
    ):
        conversation.shopper_id = None
    shopper.name = name
    shopper.email = f"{name}@erased.invalid"
    shopper.postcode = None
    shopper.birthday = None
    orders = session.scalars(select(Order.id).where(Order.shopper_id == shopper_id))
    ledger = session.scalars(
        select(LedgerEntry.id).where(LedgerEntry.shopper_id == shopper_id)
    )
    session.flush()
    return Erasure(
        pseudonym=name,
        conversations=ids,
        messages=int(getattr(removed, "rowcount", 0) or 0),
        tickets=len(tickets),
        surveys=len(surveys),
        orders_kept=len(list(orders)),
        ledger_entries_kept=len(list(ledger)),
    )
