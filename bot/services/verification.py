"""Who may see an order: its number plus the shopper's e-mail or postcode."""

from __future__ import annotations

import hmac
import re

from bot.services.errors import VerificationFailed
from bot.services.order_view import OrderView

_ORDER_NUMBER = re.compile(r"[1-9]\d{8}")
_SEPARATORS = re.compile(r"[\s#\-.]")

# Compared against when the order is unknown, so both failures cost the same work.
_DECOY = "decoy@invalid.invalid"


def normalize_order_number(raw: str | None) -> str | None:
    """Nine digits, first not zero; '#', spaces and dashes are dropped."""
    if not raw:
        return None
    digits = _SEPARATORS.sub("", raw)
    return digits if _ORDER_NUMBER.fullmatch(digits) else None


def normalize_email(raw: str | None) -> str | None:
    value = (raw or "").strip().lower()
    return value if "@" in value and len(value) <= 254 else None


def normalize_postcode(raw: str | None) -> str | None:
    value = re.sub(r"[\s\-]", "", raw or "").upper()
    return value if 2 <= len(value) <= 10 and value.isalnum() else None


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def contact_matches(
    order: OrderView | None, email: str | None, postcode: str | None
) -> bool:
    """True when the e-mail or the postcode given belongs to the order's shopper."""
    wanted_email = normalize_email(email)
    wanted_postcode = normalize_postcode(postcode)
    known_email = normalize_email(order.shopper_email) if order else _DECOY
    known_postcode = normalize_postcode(order.shopper_postcode) if order else None
    email_ok = wanted_email is not None and _same(wanted_email, known_email or _DECOY)
    postcode_ok = (
        wanted_postcode is not None
        and known_postcode is not None
        and _same(wanted_postcode, known_postcode)
    )
    return order is not None and (email_ok or postcode_ok)


def verify(
    order: OrderView | None, email: str | None, postcode: str | None
) -> OrderView:
    """The order when the contact matches; otherwise one neutral failure."""
    if order is None or not contact_matches(order, email, postcode):
        raise VerificationFailed()
    return order
