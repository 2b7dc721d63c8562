"""Support-team accounts and their console sessions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.store.models import Agent, AgentSession


class AgentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def by_username(self, username: str) -> Agent | None:
        return self._session.scalar(select(Agent).where(Agent.username == username))

    def get(self, agent_id: int) -> Agent | None:
        return self._session.get(Agent, agent_id)

    def add(self, agent: Agent) -> Agent:
        self._session.add(agent)
        self._session.flush()
        return agent

    def all(self) -> list[Agent]:
        return list(self._session.scalars(select(Agent).order_by(Agent.id)))

    def add_session(self, login: AgentSession) -> None:
        self._session.add(login)
        self._session.flush()

    def session_by_hash(
        self, token_hash: str, now: dt.datetime
    ) -> tuple[AgentSession, Agent] | None:
        row = self._session.execute(
            select(AgentSession, Agent)
            .join(Agent, Agent.id == AgentSession.agent_id)
            .where(AgentSession.token_hash == token_hash)
            .where(AgentSession.expires_at > now)
        ).first()
        return (row[0], row[1]) if row else None

    def end_session(self, token_hash: str) -> None:
        self._session.execute(
            delete(AgentSession).where(AgentSession.token_hash == token_hash)
        )
