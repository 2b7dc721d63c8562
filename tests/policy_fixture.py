"""A small, explicit policy for rule tests: numbers here are the ones the tests assert."""

from __future__ import annotations

import copy
from typing import Any

from bot.policy.loader import Policy, parse_policy

MARKET: dict[str, Any] = {
    "currency": "EUR",
    "returns": {
        "window_days": 30,
        "non_returnable_categories": ["underwear", "personalised", "perishables"],
        "return_shipping_paid_by": "shopper",
        "refund_to": "original_payment",
        "refund_days_min": 3,
        "refund_days_max": 7,
    },
    "return_centre": {
        "name": "Returns DE",
        "street": "Logistikring 12",
        "city": "Leipzig",
        "postcode": "04435",
        "country": "DE",
    },
    "price_protection": {
        "window_days": 14,
        "goodwill_percent_of_tier_coupon": 50,
        "coupon_outside_window": True,
    },
    "delivery_delay": [
        {"days_late": 1, "refund_shipping": False, "coupon_percent_of_tier_coupon": 0},
        {"days_late": 3, "refund_shipping": False, "coupon_percent_of_tier_coupon": 50},
        {"days_late": 7, "refund_shipping": True, "coupon_percent_of_tier_coupon": 100},
    ],
    "coupons": {
        "validity_days": 90,
        "tier_coupon": {"bronze": 5, "silver": 10, "gold": 15, "platinum": 25},
        "tier_coupon_every_days": 90,
        "birthday_coupon": {"bronze": 5, "silver": 10, "gold": 15, "platinum": 20},
    },
    "points": {
        "earned_per_unit_spent": {"bronze": 1, "silver": 1.25, "gold": 1.5, "platinum": 2},
        "redeem_step": 500,
        "value_per_step": 5,
    },
    "limits": {"bot_refund_per_order": 150, "bot_refund_per_shopper_30_days": 300},
    "customer_types": {
        "first_order": {"min_orders": 0, "min_spend": 0, "goodwill_bonus_percent": 0,
                        "free_return_shipping": False},
        "regular": {"min_orders": 2, "min_spend": 0, "goodwill_bonus_percent": 0,
                    "free_return_shipping": False},
        "vip": {"min_orders": 8, "min_spend": 900, "goodwill_bonus_percent": 50,
                "free_return_shipping": True},
    },
    "shipping": {
        "standard_days_min": 5, "standard_days_max": 10, "express_days_min": 2,
        "express_days_max": 4, "standard_cost": 4.9, "express_cost": 12.9,
        "free_over": 50, "ships_from": ["CN", "DE"], "duties_included": True,
    },
    "payments": {"methods": ["card", "paypal"], "security": ["tls", "three_d_secure"]},
}  # fmt: skip


def policy_dict(**market_overrides: Any) -> dict[str, Any]:
    market = copy.deepcopy(MARKET)
    market.update(market_overrides)
    return {"version": 1, "markets": {"DE": market}}


def small_policy(**market_overrides: Any) -> Policy:
    return parse_policy(policy_dict(**market_overrides))
