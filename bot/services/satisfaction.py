"""The 7-level satisfaction scale and what a rating means for the team."""

from __future__ import annotations

from collections.abc import Iterable

SCALE: tuple[str, ...] = (
    "very_dissatisfied",
    "dissatisfied",
    "somewhat_dissatisfied",
    "neutral",
    "somewhat_satisfied",
    "satisfied",
    "very_satisfied",
)
COMPLAINT_AT_OR_BELOW = 3  # the bottom three levels

CATEGORIES = ("delivery", "product", "refund", "service", "price")
_CATEGORY_OF_INTENT = {
    "track_order": "delivery",
    "delivery_delay": "delivery",
    "shipping_info": "delivery",
    "return_item": "product",
    "return_policy": "product",
    "refund_status": "refund",
    "cancel_order": "refund",
    "payment_problem": "refund",
    "price_drop": "price",
    "request_coupon": "price",
}


class InvalidRating(ValueError):
    """A rating outside 1–7."""


def level(rating: int) -> str:
    if not 1 <= rating <= len(SCALE):
        raise InvalidRating(f"rating must be 1 to {len(SCALE)}, got {rating}")
    return SCALE[rating - 1]


def is_complaint(rating: int) -> bool:
    level(rating)
    return rating <= COMPLAINT_AT_OR_BELOW


def complaint_category(intents: Iterable[str | None]) -> str:
    """The category of the most recent intent that names a topic; otherwise service
    (the way the shopper was treated)."""
    for intent in reversed([i for i in intents if i]):
        if intent in _CATEGORY_OF_INTENT:
            return _CATEGORY_OF_INTENT[intent]
    return "service"
