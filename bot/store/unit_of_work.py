"""A unit of work owns one session and its commit; leaving it rolls back the rest."""

from __future__ import annotations

import datetime as dt
from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from bot.store.agent_repository import AgentRepository
from bot.store.conversation_repository import ConversationRepository, TicketRepository
from bot.store.ledger_repository import LedgerRepository
from bot.store.models import AuditEntry
from bot.store.repositories import HandoffRepository, OrderRepository


class SqlUnitOfWork:
    orders: OrderRepository
    handoffs: HandoffRepository
    ledger: LedgerRepository
    conversations: ConversationRepository
    tickets: TicketRepository
    agents: AgentRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self.session: Session | None = None

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._session_factory()
        self.orders = OrderRepository(self.session)
        self.handoffs = HandoffRepository(self.session)
        self.ledger = LedgerRepository(self.session)
        self.conversations = ConversationRepository(self.session)
        self.tickets = TicketRepository(self.session)
        self.agents = AgentRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.session is not None
        self.session.rollback()
        self.session.close()
        self.session = None

    def audit(self, actor: str, action: str, target: str, **details: object) -> None:
        """Writes an audit-log line in this transaction (committed with the action)."""
        assert self.session is not None
        self.session.add(
            AuditEntry(
                at=dt.datetime.now(dt.timezone.utc),
                actor=actor,
                action=action,
                target=target,
                details=details,
            )
        )

    def commit(self) -> None:
        assert self.session is not None
        self.session.commit()
