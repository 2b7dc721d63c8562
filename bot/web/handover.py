"""People in the conversation: an agent claims it from the queue, talks, and hands it
back to the bot; the shopper rates the conversation or, outside business hours, leaves an
e-mail for a ticket."""

from __future__ import annotations

import re
from typing import Any

from bot.i18n import widget_texts as wt
from bot.services import satisfaction
from bot.services.complaints import ticket_reference
from bot.store.conversation_repository import AGENT, BOT, QUEUE
from bot.store.models import Agent, SurveyResponse
from bot.store.repositories import CLAIMED, CLOSED, OFFLINE
from bot.store.unit_of_work import SqlUnitOfWork
from bot.web.desk import MAX_TEXT_CHARS, ConversationDesk, DeskError, message_frame

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
OPEN, IN_PROGRESS, RESOLVED = "open", "in_progress", "resolved"
TICKET_STATUSES = (OPEN, IN_PROGRESS, RESOLVED)


class Handover:
    def __init__(self, desk: ConversationDesk) -> None:
        self.desk = desk

    async def _refresh_queue(self) -> None:
        """Everyone waiting learns their new place; consoles refetch the queue."""
        waiting = await self.desk.db(
            lambda uow: [r.conversation_id for r in uow.handoffs.waiting()]
        )
        for conversation_id in waiting:
            await self.desk.hub.to_conversation(
                conversation_id, await self.desk.state(conversation_id)
            )
        await self.desk.hub.to_consoles({"type": "queue"})

    async def claim(self, conversation_id: str, agent: Agent) -> None:
        def work(uow: SqlUnitOfWork) -> dict[str, Any]:
            conversation = uow.conversations.get(conversation_id, lock=True)
            request = uow.handoffs.waiting_for(conversation_id)
            if conversation is None or request is None or conversation.holder != QUEUE:
                raise DeskError(409, "This conversation is no longer waiting.")
            if request.language not in agent.languages:
                raise DeskError(
                    403,
                    f"This conversation is in a language you don't serve "
                    f"({request.language}).",
                )
            now = self.desk.clock()
            uow.handoffs.settle(request, CLAIMED, now, agent.id)
            conversation.holder = AGENT
            conversation.agent_id = agent.id
            conversation.survey_open = False
            text = wt.text(
                "widget",
                "agent_joined",
                conversation.language,
                agent=agent.display_name,
            )
            return message_frame(
                uow.conversations.add_message(conversation, "system", text, now)
            )

        async with self.desk.lock(conversation_id):
            joined = await self.desk.db(work)
        await self.desk.publish(
            conversation_id,
            [
                {"type": "message", "message": joined},
                await self.desk.state(conversation_id),
            ],
        )
        await self._refresh_queue()

    async def agent_says(self, conversation_id: str, agent: Agent, text: str) -> int:
        text = text.strip()
        if not text or len(text) > MAX_TEXT_CHARS:
            raise DeskError(422, "A reply must have 1 to 4000 characters.")

        def work(uow: SqlUnitOfWork) -> dict[str, Any]:
            conversation = self.desk.require_agent_holds(
                uow.conversations.get(conversation_id, lock=True), agent
            )
            message = uow.conversations.add_message(
                conversation,
                "agent",
                text,
                self.desk.clock(),
                agent_id=agent.id,
                language=conversation.language,
            )
            return message_frame(message, agent.display_name)

        async with self.desk.lock(conversation_id):
            frame = await self.desk.db(work)
        await self.desk.hub.to_conversation(
            conversation_id, {"type": "message", "message": frame}
        )
        await self.desk.hub.to_agent(
            agent.id,
            {"type": "message", "conversation_id": conversation_id, "message": frame},
        )
        return int(frame["seq"])

    async def hand_back(self, conversation_id: str, agent: Agent) -> None:
        """The bot holds the conversation again: its tracker hears what the agent said,
        the question it was waiting on is dropped, and the shopper is asked to rate."""

        def work(uow: SqlUnitOfWork) -> tuple[dict[str, Any], list[str], str]:
            conversation = self.desk.require_agent_holds(
                uow.conversations.get(conversation_id, lock=True), agent
            )
            now = self.desk.clock()
            latest = uow.handoffs.latest_for(conversation_id)
            claimed_at = (latest and latest.claimed_at) or conversation.created_at
            said = [
                m.text
                for m in uow.conversations.messages_after(conversation_id, 0)
                if m.sender == "agent" and m.created_at >= claimed_at
            ]
            uow.handoffs.close_claimed(conversation_id, now)
            conversation.holder = BOT
            conversation.agent_id = None
            conversation.survey_open = True
            conversation.surveys_sent += 1
            text = wt.text(
                "widget", "agent_left", conversation.language, agent=agent.display_name
            )
            left = message_frame(
                uow.conversations.add_message(conversation, "system", text, now)
            )
            return left, said, conversation.language

        async with self.desk.lock(conversation_id):
            left, said, language = await self.desk.db(work)
            events: list[dict[str, Any]] = [
                {
                    "event": "bot",
                    "text": text,
                    "metadata": {"agent": agent.display_name},
                }
                for text in said
            ]
            events += [
                {"event": "slot", "name": "flow", "value": None},
                {"event": "slot", "name": "pending", "value": None},
            ]
            await self.desk.rasa.tell(conversation_id, events)
        await self.desk.publish(
            conversation_id,
            [
                {"type": "message", "message": left},
                await self.desk.state(conversation_id),
                self.desk.survey_frame(language),
            ],
        )
        await self.desk.hub.to_agent(
            agent.id, {"type": "closed", "conversation_id": conversation_id}
        )
        await self._refresh_queue()

    async def release(
        self, conversation_id: str, by: Agent, note: str | None = None
    ) -> None:
        """Back to the queue, keeping the shopper's place in line: the agent passes it to
        a colleague (with a note the colleague sees), or an admin frees a conversation
        whose agent is gone. The shopper is told, in their language."""
        note = (note or "").strip()[:500] or None

        def work(uow: SqlUnitOfWork) -> tuple[dict[str, Any], int]:
            conversation = self.desk.require_agent_holds(
                uow.conversations.get(conversation_id, lock=True), by
            )
            holder = uow.agents.get(conversation.agent_id or 0)
            assert holder is not None
            now = self.desk.clock()
            latest = uow.handoffs.latest_for(conversation_id)
            uow.handoffs.close_claimed(conversation_id, now)
            details: dict[str, object] = {"from_agent": holder.display_name}
            if note:
                details["note"] = note
            uow.handoffs.add(
                conversation_id,
                conversation.language,
                "transfer",
                details,
                latest.created_at if latest else now,  # keeps the place in line
            )
            conversation.holder = QUEUE
            conversation.agent_id = None
            if holder.id == by.id:
                text = wt.text("widget", "agent_transferred", conversation.language,
                               agent=holder.display_name)  # fmt: skip
            else:
                text = wt.text(
                    "widget", "agent_released_by_team", conversation.language
                )
                uow.audit(by.username, "release_conversation",
                          f"conversation:{conversation_id}", agent=holder.username)  # fmt: skip
            frame = message_frame(
                uow.conversations.add_message(conversation, "system", text, now)
            )
            return frame, holder.id

        async with self.desk.lock(conversation_id):
            frame, holder_id = await self.desk.db(work)
        await self.desk.publish(
            conversation_id,
            [
                {"type": "message", "message": frame},
                await self.desk.state(conversation_id),
            ],
        )
        await self.desk.hub.to_agent(
            holder_id, {"type": "closed", "conversation_id": conversation_id}
        )
        await self._refresh_queue()

    async def rate(
        self, conversation_id: str, rating: int, comment: str | None
    ) -> None:
        """Stores the answer to the open survey; the bottom three levels open a
        complaint ticket for the team."""
        satisfaction.level(rating)
        comment = (comment or "").strip()[:2000] or None

        def work(uow: SqlUnitOfWork) -> dict[str, Any]:
            conversation = uow.conversations.get(conversation_id, lock=True)
            if conversation is None or not conversation.survey_open:
                raise DeskError(409, "No survey is open in this conversation.")
            now = self.desk.clock()
            messages = uow.conversations.messages_after(conversation_id, 0)
            intents = [m.intent for m in messages if m.sender == "shopper" and m.intent]
            latest = uow.handoffs.latest_for(conversation_id)
            agent_id = (
                latest.agent_id
                if latest is not None and latest.status == CLOSED
                else None
            )
            uow.conversations.add_survey(
                SurveyResponse(
                    conversation_id=conversation_id,
                    round=conversation.surveys_sent,
                    rating=rating,
                    comment=comment,
                    language=conversation.language,
                    intents=list(dict.fromkeys(intents)),
                    agent_id=agent_id,
                    human_involved=any(m.sender == "agent" for m in messages),
                    created_at=now,
                )
            )
            conversation.survey_open = False
            if not satisfaction.is_complaint(rating):
                key, values = "survey_thanks", {}
            else:
                ticket_id = uow.tickets.open_ticket(
                    conversation_id=conversation_id,
                    category=satisfaction.complaint_category(intents),
                    source="survey",
                    language=conversation.language,
                    summary=comment or "",
                    now=now,
                    rating=rating,
                    agent_id=agent_id,
                )
                key, values = (
                    "survey_complaint",
                    {"ticket": ticket_reference(ticket_id)},
                )
            text = wt.text("widget", key, conversation.language, **values)
            return message_frame(
                uow.conversations.add_message(conversation, "system", text, now)
            )

        async with self.desk.lock(conversation_id):
            frame = await self.desk.db(work)
        await self.desk.publish(
            conversation_id, [{"type": "message", "message": frame}]
        )
        await self.desk.hub.to_consoles({"type": "tickets"})

    async def leave_email(
        self, conversation_id: str, email: str, question: str
    ) -> None:
        """Outside business hours: the request becomes a ticket answered by e-mail."""
        email = email.strip()
        question = question.strip()[:MAX_TEXT_CHARS]
        if not _EMAIL.match(email) or len(email) > 254:
            raise DeskError(422, "offline_invalid_email")

        def work(uow: SqlUnitOfWork) -> dict[str, Any]:
            conversation = uow.conversations.get(conversation_id, lock=True)
            latest = uow.handoffs.latest_for(conversation_id)
            if conversation is None or latest is None or latest.status != OFFLINE:
                raise DeskError(409, "bad_request")
            now = self.desk.clock()
            ticket_id = uow.tickets.open_ticket(
                conversation_id=conversation_id,
                category="service",
                source="offline",
                language=conversation.language,
                summary=question or latest.reason,
                now=now,
                email=email,
            )
            uow.handoffs.settle(latest, CLOSED, now)
            text = wt.text(
                "widget",
                "offline_ticket_opened",
                conversation.language,
                ticket=ticket_reference(ticket_id),
                email=email,
            )
            return message_frame(
                uow.conversations.add_message(conversation, "system", text, now)
            )

        async with self.desk.lock(conversation_id):
            frame = await self.desk.db(work)
        await self.desk.publish(
            conversation_id,
            [
                {"type": "message", "message": frame},
                await self.desk.state(conversation_id),
            ],
        )
        await self.desk.hub.to_consoles({"type": "tickets"})
