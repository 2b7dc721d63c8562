"""The ledger in the store. ``add_once`` is the only way in: the unique idempotency key
decides, inside the database, which of several identical requests records the entry."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.services.ledger import PENDING_APPROVAL, EntryDraft, LedgerRecord
from bot.store.models import LedgerEntry, Shopper


def ledger_record(entry: LedgerEntry) -> LedgerRecord:
    return LedgerRecord(
        id=entry.id,
        idempotency_key=entry.idempotency_key,
        kind=entry.kind,
        reason=entry.reason,
        status=entry.status,
        shopper_id=entry.shopper_id,
        amount=entry.amount,
        currency=entry.currency,
        order_number=entry.order_number,
        line_id=entry.line_id,
        payment_reference=entry.payment_reference,
        payment_method=entry.payment_method,
        code=entry.code,
        expires_on=entry.expires_on,
        conversation_id=entry.conversation_id,
        details=dict(entry.details or {}),
        created_at=entry.created_at,
        decided_at=entry.decided_at,
        decided_by=entry.decided_by,
    )


class LedgerRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def lock_shopper(self, shopper_id: int) -> None:
        """Serialise money moves of one shopper (row lock on PostgreSQL; SQLite has one
        writer anyway), so per-shopper limits hold under concurrent requests."""
        self._session.execute(
            select(Shopper.id).where(Shopper.id == shopper_id).with_for_update()
        )

    def by_key(self, key: str) -> LedgerRecord | None:
        entry = self._session.scalar(
            select(LedgerEntry).where(LedgerEntry.idempotency_key == key)
        )
        return ledger_record(entry) if entry is not None else None

    def add_once(
        self, draft: EntryDraft, created_at: dt.datetime
    ) -> tuple[LedgerRecord, bool]:
        """(the entry for the draft's key, whether this call created it)."""
        existing = self.by_key(draft.idempotency_key)
        if existing is not None:
            return existing, False
        entry = LedgerEntry(
            idempotency_key=draft.idempotency_key,
            kind=draft.kind,
            reason=draft.reason,
            status=draft.status,
            shopper_id=draft.shopper_id,
            order_number=draft.order_number,
            line_id=draft.line_id,
            amount=draft.amount,
            currency=draft.currency,
            payment_reference=draft.payment_reference,
            payment_method=draft.payment_method,
            code=draft.code,
            expires_on=draft.expires_on,
            conversation_id=draft.conversation_id,
            details=dict(draft.details),
            created_at=created_at,
        )
        try:
            with self._session.begin_nested():
                self._session.add(entry)
        except IntegrityError:
            # Another request recorded the same key first (or, vanishingly rarely, the
            # same random code): the entry that exists is the answer.
            existing = self.by_key(draft.idempotency_key)
            if existing is None:
                raise
            return existing, False
        return ledger_record(entry), True

    def for_order(self, order_number: str) -> list[LedgerRecord]:
        return [
            ledger_record(e)
            for e in self._session.scalars(
                select(LedgerEntry)
                .where(LedgerEntry.order_number == order_number)
                .order_by(LedgerEntry.id)
            )
        ]

    def for_shopper(
        self, shopper_id: int, since: dt.datetime | None = None
    ) -> list[LedgerRecord]:
        query = select(LedgerEntry).where(LedgerEntry.shopper_id == shopper_id)
        if since is not None:
            query = query.where(LedgerEntry.created_at >= since)
        return [
            ledger_record(e)
            for e in self._session.scalars(query.order_by(LedgerEntry.id))
        ]

    def get(self, entry_id: int) -> LedgerRecord | None:
        entry = self._session.get(LedgerEntry, entry_id)
        return ledger_record(entry) if entry is not None else None

    def for_conversation(self, conversation_id: str) -> list[LedgerRecord]:
        return [
            ledger_record(e)
            for e in self._session.scalars(
                select(LedgerEntry)
                .where(LedgerEntry.conversation_id == conversation_id)
                .order_by(LedgerEntry.id)
            )
        ]

    def all(self) -> list[LedgerRecord]:
        return [
            ledger_record(e)
            for e in self._session.scalars(select(LedgerEntry).order_by(LedgerEntry.id))
        ]

    def decide(
        self, entry_id: int, status: str, decided_by: str, decided_at: dt.datetime
    ) -> LedgerRecord | None:
        """Approve or reject a pending entry once; a second decision changes nothing."""
        entry = self._session.scalar(
            select(LedgerEntry)
            .where(LedgerEntry.id == entry_id)
            .with_for_update()
            .execution_options(populate_existing=True)  # the row as it is now
        )
        if entry is None:
            return None
        if entry.status == PENDING_APPROVAL:
            entry.status = status
            entry.decided_by = decided_by
            entry.decided_at = decided_at
            self._session.flush()
        return ledger_record(entry)
