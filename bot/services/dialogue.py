"""Where a settlement conversation stands between two messages: which request the shopper
is making (``flow``) and what the assistant has just asked for (``Pending``)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

TRACK = "track"
PRICE = "price"
RETURN = "return"
REFUND_STATUS = "refund_status"
CANCEL = "cancel"
COUPON = "coupon"
PAYMENT = "payment"
DUPLICATE_CHARGE = "duplicate_charge"
DELAY = "delay"
FLOWS = (TRACK, PRICE, RETURN, REFUND_STATUS, CANCEL, COUPON, PAYMENT, DUPLICATE_CHARGE)

FLOW_OF_INTENT = {
    "track_order": TRACK,
    "delivery_delay": TRACK,
    "price_drop": PRICE,
    "return_item": RETURN,
    "refund_status": REFUND_STATUS,
    "cancel_order": CANCEL,
    "request_coupon": COUPON,
    "payment_problem": PAYMENT,
}

# What the assistant waits for.
PICK_ITEM = "pick_item"  # a line of the order (buttons)
RETURN_REASON = "return_reason"  # why the item goes back (buttons or words)
CONFIRM = "confirm"  # yes/no to an offer that moves money
PAYMENT_ISSUE = "payment_issue"  # charged twice / declined / other (buttons)
COLLEAGUE = "colleague"  # yes/no to handing over to a person
STEPS = (PICK_ITEM, RETURN_REASON, CONFIRM, PAYMENT_ISSUE, COLLEAGUE)

RETURN_REASONS = (
    "damaged",
    "wrong_item",
    "does_not_fit",
    "not_as_described",
    "changed_mind",
)
PAYMENT_ISSUES = ("charged_twice", "declined", "other")


@dataclass(frozen=True)
class Pending:
    step: str
    flow: str
    order_number: str | None = None
    line_id: int | None = None

    def dump(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def load(cls, raw: object) -> Pending | None:
        """The pending step from its slot value; anything malformed counts as none."""
        if not isinstance(raw, str):
            return None
        try:
            data = json.loads(raw)
            pending = cls(
                str(data["step"]),
                str(data["flow"]),
                data.get("order_number"),
                int(data["line_id"]) if data.get("line_id") is not None else None,
            )
        except (ValueError, KeyError, TypeError):
            return None
        return pending if pending.step in STEPS else None


@dataclass(frozen=True)
class Turn:
    """The shopper's latest message as the dialogue needs it."""

    intent: str | None
    item: str | None = None  # a line id from an item button
    return_reason: str | None = None
    payment_issue: str | None = None
    market: str | None = None  # a market the shopper named

    @property
    def line_id(self) -> int | None:
        if self.item and self.item.isdecimal() and self.item.isascii():
            return int(self.item)
        return None
