"""Conversations, their messages, satisfaction surveys and tickets: 2.0-style queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import ChatMessage, Conversation, SurveyResponse, Ticket


def messages_by_conversation(
    session: Session, ids: list[str]
) -> dict[str, list[ChatMessage]]:
    """Every message of these conversations, each list in order."""
    found: dict[str, list[ChatMessage]] = defaultdict(list)
    for message in session.scalars(
        select(ChatMessage)
        .where(ChatMessage.conversation_id.in_(ids))
        .order_by(ChatMessage.conversation_id, ChatMessage.seq)
    ):
        found[message.conversation_id].append(message)
    return found


BOT = "bot"
QUEUE = "queue"
AGENT = "agent"


class ConversationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, conversation_id: str, lock: bool = False) -> Conversation | None:
        query = select(Conversation).where(Conversation.id == conversation_id)
        if lock:
            query = query.with_for_update()
        return self._session.scalar(query)

    def open(
        self, conversation_id: str, locale: str, language: str, now: dt.datetime
    ) -> Conversation:
        """The conversation, created on first contact (held by the bot)."""
        found = self.get(conversation_id, lock=True)
        if found is not None:
            return found
        conversation = Conversation(
            id=conversation_id,
            locale=locale,
            language=language,
            holder=BOT,
            agent_id=None,
            last_seq=0,
            surveys_sent=0,
            survey_open=False,
            created_at=now,
            updated_at=now,
        )
        self._session.add(conversation)
        self._session.flush()
        return conversation

    def add_message(
        self,
        conversation: Conversation,
        sender: str,
        text: str,
        now: dt.datetime,
        *,
        buttons: list[dict[str, str]] | None = None,
        client_id: str | None = None,
        agent_id: int | None = None,
        language: str | None = None,
    ) -> ChatMessage:
        """Appends with the next sequence number (the caller holds the row lock)."""
        conversation.last_seq += 1
        conversation.updated_at = now
        message = ChatMessage(
            conversation_id=conversation.id,
            seq=conversation.last_seq,
            sender=sender,
            text=text,
            buttons=list(buttons or []),
            client_id=client_id,
            agent_id=agent_id,
            language=language,
            created_at=now,
        )
        self._session.add(message)
        self._session.flush()
        return message

    def by_client_id(self, conversation_id: str, client_id: str) -> ChatMessage | None:
        return self._session.scalar(
            select(ChatMessage)
            .where(ChatMessage.conversation_id == conversation_id)
            .where(ChatMessage.client_id == client_id)
        )

    def message(self, conversation_id: str, seq: int) -> ChatMessage | None:
        return self._session.scalar(
            select(ChatMessage)
            .where(ChatMessage.conversation_id == conversation_id)
            .where(ChatMessage.seq == seq)
        )

    def messages_after(self, conversation_id: str, after: int = 0) -> list[ChatMessage]:
        return list(
            self._session.scalars(
                select(ChatMessage)
                .where(ChatMessage.conversation_id == conversation_id)
                .where(ChatMessage.seq > after)
                .order_by(ChatMessage.seq)
            )
        )

    def held_by(self, agent_id: int) -> list[Conversation]:
        return list(
            self._session.scalars(
                select(Conversation)
                .where(Conversation.holder == AGENT)
                .where(Conversation.agent_id == agent_id)
                .order_by(Conversation.updated_at)
            )
        )

    def held_by_agents(self) -> list[Conversation]:
        return list(
            self._session.scalars(
                select(Conversation)
                .where(Conversation.holder == AGENT)
                .order_by(Conversation.updated_at)
            )
        )

    def add_survey(self, response: SurveyResponse) -> None:
        self._session.add(response)
        self._session.flush()

    def surveys(self, conversation_id: str) -> list[SurveyResponse]:
        return list(
            self._session.scalars(
                select(SurveyResponse)
                .where(SurveyResponse.conversation_id == conversation_id)
                .order_by(SurveyResponse.round)
            )
        )


class TicketRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, ticket: Ticket) -> Ticket:
        self._session.add(ticket)
        self._session.flush()
        return ticket

    def get(self, ticket_id: int) -> Ticket | None:
        return self._session.get(Ticket, ticket_id)

    def open_complaint(self, conversation_id: str, source: str) -> int | None:
        return self._session.scalar(
            select(Ticket.id)
            .where(Ticket.conversation_id == conversation_id)
            .where(Ticket.source == source)
            .where(Ticket.status != "resolved")
            .order_by(Ticket.id)
            .limit(1)
        )

    def open_ticket(
        self,
        *,
        conversation_id: str,
        category: str,
        source: str,
        language: str,
        summary: str,
        now: dt.datetime,
        email: str | None = None,
        rating: int | None = None,
        agent_id: int | None = None,
    ) -> int:
        """A new open ticket; its id."""
        ticket = Ticket(
            conversation_id=conversation_id, category=category, status="open",
            source=source, language=language, email=email, summary=summary,
            rating=rating, agent_id=agent_id, created_at=now, updated_at=now,
        )  # fmt: skip
        return self.add(ticket).id

    def listed(
        self, statuses: tuple[str, ...], conversation_id: str | None = None
    ) -> list[Ticket]:
        query = select(Ticket).where(Ticket.status.in_(statuses))
        if conversation_id is not None:
            query = query.where(Ticket.conversation_id == conversation_id)
        return list(self._session.scalars(query.order_by(Ticket.created_at, Ticket.id)))
