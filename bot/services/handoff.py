"""Asking for a person: one waiting request per conversation, with its place in line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.services.ports import UnitOfWork

SHOPPER_ASKED = "shopper_request"
VERIFICATION_LOCKED = "verification_failed"


@dataclass(frozen=True)
class HandoffTicket:
    request_id: int
    created: bool
    position: int


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
        existing = uow.handoffs.waiting_id_for(conversation_id)
        if existing is not None:
            return HandoffTicket(existing, False, uow.handoffs.position(existing))
        request_id = uow.handoffs.add(
            conversation_id, language, reason, dict(details or {}), now
        )
        uow.commit()
        return HandoffTicket(request_id, True, uow.handoffs.position(request_id))
