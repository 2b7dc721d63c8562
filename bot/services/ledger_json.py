"""The ledger as JSON (``make -s ledger-json``; the agent console shows the same)."""

from __future__ import annotations

from bot.services.ledger import LedgerRecord


def ledger_entry_json(record: LedgerRecord) -> dict[str, object]:
    return {
        "id": record.id,
        "idempotency_key": record.idempotency_key,
        "kind": record.kind,
        "reason": record.reason,
        "status": record.status,
        "shopper_id": record.shopper_id,
        "order_number": record.order_number,
        "line_id": record.line_id,
        "amount": str(record.amount),
        "currency": record.currency,
        "payment_reference": record.payment_reference,
        "payment_method": record.payment_method,
        "code": record.code,
        "expires_on": record.expires_on.isoformat() if record.expires_on else None,
        "conversation_id": record.conversation_id,
        "details": dict(record.details),
        "created_at": record.created_at.isoformat(),
        "decided_at": record.decided_at.isoformat() if record.decided_at else None,
        "decided_by": record.decided_by,
    }
