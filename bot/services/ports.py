"""What the services need from persistence, as protocols (the store implements them)."""

from __future__ import annotations

import datetime as dt
from types import TracebackType
from typing import Protocol

from bot.services.ledger import EntryDraft, LedgerRecord
from bot.services.order_view import OrderView
from bot.services.settlement_facts import OrderFacts


class OrderReader(Protocol):
    def find_view(self, number: str) -> OrderView | None: ...


class HandoffQueue(Protocol):
    def waiting_id_for(self, conversation_id: str) -> int | None: ...

    def add(
        self,
        conversation_id: str,
        language: str,
        reason: str,
        details: dict[str, object],
        created_at: dt.datetime,
    ) -> int: ...

    def position(self, request_id: int) -> int: ...


class Transaction(Protocol):
    """Leaving it rolls back whatever was not committed."""

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...


class UnitOfWork(Transaction, Protocol):
    @property
    def orders(self) -> OrderReader: ...

    @property
    def handoffs(self) -> HandoffQueue: ...

    def __enter__(self) -> UnitOfWork: ...


class SettlementOrders(OrderReader, Protocol):
    def find_facts(self, number: str) -> OrderFacts | None: ...

    def mark_cancelled(self, number: str, at: dt.datetime) -> None: ...


class LedgerBook(Protocol):
    def lock_shopper(self, shopper_id: int) -> None: ...

    def by_key(self, key: str) -> LedgerRecord | None: ...

    def add_once(
        self, draft: EntryDraft, created_at: dt.datetime
    ) -> tuple[LedgerRecord, bool]: ...

    def for_order(self, order_number: str) -> list[LedgerRecord]: ...

    def get(self, entry_id: int) -> LedgerRecord | None: ...

    def decide(
        self, entry_id: int, status: str, decided_by: str, decided_at: dt.datetime
    ) -> LedgerRecord | None: ...

    def for_shopper(
        self, shopper_id: int, since: dt.datetime | None = None
    ) -> list[LedgerRecord]: ...


class SettlementUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also reads order facts and writes the ledger."""

    @property
    def orders(self) -> SettlementOrders: ...

    @property
    def ledger(self) -> LedgerBook: ...

    def __enter__(self) -> SettlementUnitOfWork: ...


class TicketBook(Protocol):
    def open_complaint(self, conversation_id: str, source: str) -> int | None: ...

    def open_ticket(
        self,
        *,
        conversation_id: str,
        category: str,
        source: str,
        language: str,
        summary: str,
        now: dt.datetime,
    ) -> int: ...


class ComplaintUnitOfWork(Transaction, Protocol):
    @property
    def tickets(self) -> TicketBook: ...

    def __enter__(self) -> ComplaintUnitOfWork: ...
