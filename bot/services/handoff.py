"""Asking for a person: one waiting request per conversation, with its place in line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.services.ports import HandoffQueue, UnitOfWork

SHOPPER_ASKED = "shopper_request"
VERIFICATION_LOCKED = "verification_failed"


@dataclass(frozen=True)
class HandoffTicket:
    request_id: int
    created: bool
    position: int


def queue_handoff(
    handoffs: HandoffQueue,
    conversation_id: str,
    language: str,
    reason: str,
    now: dt.datetime,
    details: dict[str, object] | None = None,
) -> tuple[int, bool]:
    """(the conversation's waiting request, whether this call added it), inside the
    caller's transaction."""
    existing = handoffs.waiting_id_for(conversation_id)
    if existing is not None:
        return existing, False
    return handoffs.add(
        conversation_id, language, reason, dict(details or {}), now
    ), True


def request_handoff(
    uow: UnitOfWork,
    conversation_id: str,
    language: str,
    reason: str,
    now: dt.datetime,
    details: dict[str, object] | None = None,
) -> HandoffTicket:
    """Records a waiting hand-off, or returns the one the conversation already has."""
    with uow:
        request_id, created = queue_handoff(
            uow.handoffs, conversation_id, language, reason, now, details
        )
        if created:
            uow.commit()
        return HandoffTicket(request_id, created, uow.handoffs.position(request_id))
