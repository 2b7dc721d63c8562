"""The ledger's vocabulary and invariants: what an entry is for (its idempotency key),
coupon codes and RMA numbers nobody can guess, and the balance every ledger must keep."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

REFUND = "refund"
COUPON = "coupon"
RETURN_AUTHORISATION = "return_authorisation"
CANCELLATION = "cancellation"
KINDS = (REFUND, COUPON, RETURN_AUTHORISATION, CANCELLATION)

DONE = "done"
PENDING_APPROVAL = "pending_approval"
REJECTED = "rejected"
STATUSES = (DONE, PENDING_APPROVAL, REJECTED)

# Why an entry exists.
PRICE_DROP = "price_drop"
DELIVERY_DELAY = "delivery_delay"
DUPLICATE_CHARGE = "duplicate_charge"
RETURN = "return"
CANCELLED_ORDER = "cancelled_order"
TIER = "tier"
BIRTHDAY = "birthday"

# No 0/O, 1/I/L: codes are read aloud and typed from a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 31**12 ≈ 8e17: not guessable


def idempotency_key(
    kind: str,
    reason: str,
    *,
    order_number: str | None = None,
    line_id: int | None = None,
    scope: str | None = None,
    shopper_id: int | None = None,
) -> str:
    """What an entry is for, so the same request always yields the same key:
    ``refund:price_drop:order=482913075:line=7``. ``scope`` narrows it further (a payment
    reference, a coupon period) and ``shopper_id`` is used for shopper-wide coupons."""
    if kind not in KINDS:
        raise ValueError(f"unknown ledger kind {kind!r}")
    parts = [kind, reason]
    if shopper_id is not None:
        parts.append(f"shopper={shopper_id}")
    if order_number is not None:
        parts.append(f"order={order_number}")
    if line_id is not None:
        parts.append(f"line={line_id}")
    if scope is not None:
        parts.append(f"scope={scope}")
    if len(parts) == 2:
        raise ValueError("an idempotency key needs an order, a shopper or a scope")
    return ":".join(parts)


def new_coupon_code(prefix: str = "CB") -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{prefix}-{body[:4]}-{body[4:8]}-{body[8:]}"


def new_rma_number(market: str) -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"RMA-{market}-{body}"


@dataclass(frozen=True)
class EntryDraft:
    """An entry the services want to record; the store adds id and time."""

    idempotency_key: str
    kind: str
    reason: str
    status: str
    shopper_id: int
    amount: Decimal
    currency: str
    order_number: str | None = None
    line_id: int | None = None
    payment_reference: str | None = None
    payment_method: str | None = None
    code: str | None = None
    expires_on: dt.date | None = None
    conversation_id: str | None = None
    details: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown ledger kind {self.kind!r}")
        if self.status not in STATUSES:
            raise ValueError(f"unknown ledger status {self.status!r}")
        if self.amount < 0:
            raise ValueError("ledger amounts are never negative")


@dataclass(frozen=True)
class LedgerRecord:
    id: int
    idempotency_key: str
    kind: str
    reason: str
    status: str
    shopper_id: int
    amount: Decimal
    currency: str
    order_number: str | None
    line_id: int | None
    payment_reference: str | None
    payment_method: str | None
    code: str | None
    expires_on: dt.date | None
    conversation_id: str | None
    details: Mapping[str, object]
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decided_by: str | None


def refunded(records: Iterable[LedgerRecord]) -> Decimal:
    """Money actually paid back (done refunds only)."""
    return sum(
        (r.amount for r in records if r.kind == REFUND and r.status == DONE),
        Decimal("0"),
    )


def committed(records: Iterable[LedgerRecord]) -> Decimal:
    """Money paid back or waiting for a person's approval to be paid back: what no new
    refund may count on any more."""
    return sum(
        (
            r.amount
            for r in records
            if r.kind == REFUND and r.status in (DONE, PENDING_APPROVAL)
        ),
        Decimal("0"),
    )


def balance_errors(
    records: Iterable[LedgerRecord],
    paid_by_line: Mapping[tuple[str, int], Decimal],
    captured_by_order: Mapping[str, Decimal],
) -> list[str]:
    """Why the ledger does not balance (empty when it does): no line refunded beyond what
    was paid for it, no order beyond what was captured, no key twice."""
    errors: list[str] = []
    by_line: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    by_order: dict[str, Decimal] = defaultdict(Decimal)
    keys: set[str] = set()
    for record in records:
        if record.idempotency_key in keys:
            errors.append(f"{record.idempotency_key}: recorded twice")
        keys.add(record.idempotency_key)
        if record.kind != REFUND or record.status != DONE:
            continue
        if record.order_number is None:
            errors.append(f"{record.idempotency_key}: a refund without an order")
            continue
        by_order[record.order_number] += record.amount
        if record.line_id is not None:
            by_line[record.order_number, record.line_id] += record.amount
    for line, amount in by_line.items():
        if amount > paid_by_line.get(line, Decimal("0")):
            errors.append(f"order {line[0]} line {line[1]}: refunded {amount} > paid")
    for order, amount in by_order.items():
        if amount > captured_by_order.get(order, Decimal("0")):
            errors.append(f"order {order}: refunded {amount} > captured")
    return errors
