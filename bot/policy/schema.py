"""Typed schema of policies.yml. Every market is the defaults deep-merged with its own block,
then validated here, so a typo or a missing amount names its key at start-up."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Tier = Literal["bronze", "silver", "gold", "platinum"]
TIERS: tuple[Tier, ...] = ("bronze", "silver", "gold", "platinum")
CustomerType = Literal["first_order", "regular", "vip"]
Amount = Decimal


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PerTier(Strict):
    bronze: Amount = Field(ge=0)
    silver: Amount = Field(ge=0)
    gold: Amount = Field(ge=0)
    platinum: Amount = Field(ge=0)

    def of(self, tier: str) -> Decimal:
        value: Decimal = getattr(self, tier)
        return value


class ReturnRules(Strict):
    window_days: int = Field(ge=0)
    non_returnable_categories: tuple[str, ...]
    return_shipping_paid_by: Literal["shop", "shopper"]
    refund_to: Literal["original_payment"]
    refund_days_min: int = Field(ge=0)
    refund_days_max: int = Field(ge=0)

    @model_validator(mode="after")
    def _days_in_order(self) -> ReturnRules:
        if self.refund_days_min > self.refund_days_max:
            raise ValueError("refund_days_min is above refund_days_max")
        return self


class ReturnCentre(Strict):
    name: str
    street: str
    city: str
    postcode: str
    country: str


class PriceProtection(Strict):
    """Within ``window_days`` of purchase a lower price refunds the difference, plus a
    goodwill coupon worth a share of the shopper's tier coupon."""

    window_days: int = Field(ge=0)
    goodwill_percent_of_tier_coupon: int = Field(ge=0, le=100)
    coupon_outside_window: bool


class DelayStep(Strict):
    """From ``days_late`` on: an apology and what the shop gives for it."""

    days_late: int = Field(ge=1)
    refund_shipping: bool
    coupon_percent_of_tier_coupon: int = Field(ge=0, le=100)


class Coupons(Strict):
    validity_days: int = Field(ge=1)
    tier_coupon: PerTier
    tier_coupon_every_days: int = Field(ge=1)
    birthday_coupon: PerTier


class Points(Strict):
    earned_per_unit_spent: PerTier
    redeem_step: int = Field(ge=1)
    value_per_step: Amount = Field(gt=0)


class Limits(Strict):
    """What the bot may pay out on its own; anything above goes to a person."""

    bot_refund_per_order: Amount = Field(ge=0)
    bot_refund_per_shopper_30_days: Amount = Field(ge=0)


class CustomerTypeRule(Strict):
    min_orders: int = Field(ge=0)
    min_spend: Amount = Field(ge=0)
    goodwill_bonus_percent: int = Field(ge=0, le=100)
    free_return_shipping: bool


class CustomerTypes(Strict):
    first_order: CustomerTypeRule
    regular: CustomerTypeRule
    vip: CustomerTypeRule

    def of(self, kind: CustomerType) -> CustomerTypeRule:
        rule: CustomerTypeRule = getattr(self, kind)
        return rule


class Shipping(Strict):
    standard_days_min: int = Field(ge=0)
    standard_days_max: int = Field(ge=0)
    express_days_min: int = Field(ge=0)
    express_days_max: int = Field(ge=0)
    standard_cost: Amount = Field(ge=0)
    express_cost: Amount = Field(ge=0)
    free_over: Amount = Field(ge=0)
    ships_from: tuple[str, ...]
    duties_included: bool


class Payments(Strict):
    methods: tuple[str, ...] = Field(min_length=1)
    security: tuple[str, ...]


class MarketPolicy(Strict):
    """Everything the rules need for one market, amounts in its ``currency``."""

    market: str
    currency: str = Field(min_length=3, max_length=3)
    returns: ReturnRules
    return_centre: ReturnCentre
    price_protection: PriceProtection
    delivery_delay: tuple[DelayStep, ...] = Field(min_length=1)
    coupons: Coupons
    points: Points
    limits: Limits
    customer_types: CustomerTypes
    shipping: Shipping
    payments: Payments

    @model_validator(mode="after")
    def _delay_steps_ascend(self) -> MarketPolicy:
        days = [step.days_late for step in self.delivery_delay]
        if days != sorted(set(days)):
            raise ValueError("delivery_delay steps must have ascending days_late")
        return self


class PolicyFile(Strict):
    version: Literal[1]
    markets: dict[str, MarketPolicy] = Field(min_length=1)
