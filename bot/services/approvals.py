"""A person decides on a ledger entry the bot could not settle alone (above a limit).

A decision is taken once: deciding again returns the entry as it is. A cancellation and
its refund are one decision, and an approved cancellation cancels the order."""

from __future__ import annotations

import datetime as dt

from bot.services import ledger as lg
from bot.services.cancellation import cancellation_key, refund_key
from bot.services.ports import SettlementUnitOfWork


class EntryNotFound(LookupError):
    """No ledger entry has this id."""


def _partner_key(record: lg.LedgerRecord) -> str | None:
    if record.order_number is None:
        return None
    if record.kind == lg.CANCELLATION:
        return refund_key(record.order_number)
    if record.kind == lg.REFUND and record.reason == lg.CANCELLED_ORDER:
        return cancellation_key(record.order_number)
    return None


def decide_entry(
    uow: SettlementUnitOfWork,
    entry_id: int,
    approve: bool,
    decided_by: str,
    now: dt.datetime,
) -> lg.LedgerRecord:
    status = lg.DONE if approve else lg.REJECTED
    with uow:
        record = uow.ledger.get(entry_id)
        if record is None:
            raise EntryNotFound(entry_id)
        if record.status != lg.PENDING_APPROVAL:
            return record
        uow.ledger.lock_shopper(record.shopper_id)
        decided = uow.ledger.decide(entry_id, status, decided_by, now)
        assert decided is not None
        partner_key = _partner_key(record)
        partner = uow.ledger.by_key(partner_key) if partner_key else None
        if partner is not None:
            uow.ledger.decide(partner.id, status, decided_by, now)
        if approve and partner_key is not None and record.order_number:
            uow.orders.mark_cancelled(record.order_number, now)
        uow.commit()
        return decided
