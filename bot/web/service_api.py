"""The service API for Rasa's actions: asking for a person. Only callers holding the
service token get in; the web app then routes the conversation to the queue."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException
from pydantic import BaseModel, Field

from bot.services.handoff import queue_handoff
from bot.store.unit_of_work import SqlUnitOfWork
from bot.web.desk import ConversationDesk


class HandoffIn(BaseModel):
    conversation_id: str = Field(min_length=1, max_length=128)
    language: str = Field(min_length=2, max_length=8)
    reason: str = Field(min_length=1, max_length=40)
    details: dict[str, str] = Field(default_factory=dict)


def service_router(desk: ConversationDesk) -> APIRouter:
    router = APIRouter()
    expected = f"Bearer {desk.settings.service_token}".encode()

    def authorised(authorization: str | None) -> None:
        if not authorization or not hmac.compare_digest(
            authorization.encode(), expected
        ):
            raise HTTPException(401, "A valid service token is required.")

    @router.post("/api/service/handoffs")
    async def handoff(
        body: HandoffIn, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        """Records the conversation's waiting request once (a retry returns the same
        one). The desk moves the conversation to the queue when the bot's turn ends."""
        authorised(authorization)
        now = desk.clock()

        def work(uow: SqlUnitOfWork) -> dict[str, Any]:
            request_id, created = queue_handoff(
                uow.handoffs,
                body.conversation_id,
                body.language,
                body.reason,
                now,
                dict(body.details),
            )
            return {
                "request_id": request_id,
                "created": created,
                "position": uow.handoffs.position(request_id),
            }

        answer = await desk.db(work)
        await desk.hub.to_consoles({"type": "queue"})
        return answer

    return router
