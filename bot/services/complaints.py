"""A shopper who says they want to complain gets a complaint ticket, once per
conversation while it is open, in the category their conversation was about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.services.ports import ComplaintUnitOfWork
from bot.services.replies import Reply
from bot.services.satisfaction import complaint_category

SHOPPER_SOURCE = "shopper"
MAX_SUMMARY_CHARS = 1000


def ticket_reference(ticket_id: int) -> str:
    return f"#{ticket_id}"


def register_complaint(
    uow: ComplaintUnitOfWork,
    conversation_id: str,
    language: str,
    intents: Sequence[str | None],
    text: str,
    now: dt.datetime,
) -> Reply:
    with uow:
        existing = uow.tickets.open_complaint(conversation_id, SHOPPER_SOURCE)
        if existing is not None:
            return Reply(
                "utter_complaint_already_registered",
                {"ticket": ticket_reference(existing)},
            )
        ticket_id = uow.tickets.open_ticket(
            conversation_id=conversation_id,
            category=complaint_category(intents),
            source=SHOPPER_SOURCE,
            language=language,
            summary=text[:MAX_SUMMARY_CHARS],
            now=now,
        )
        uow.commit()
    return Reply("utter_complaint_registered", {"ticket": ticket_reference(ticket_id)})
