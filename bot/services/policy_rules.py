"""The shop's settlement rules as pure functions over a market's policy and plain facts.

Each returns a decision the dialogue can explain; none moves money. Amounts are in the
market's currency and never exceed what the policy grants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision

from bot.policy.schema import CustomerType, MarketPolicy
from bot.services import order_status as st
from bot.services.settlement_facts import LineFacts, PaymentFacts, ShopperHistory

ZERO = Decimal("0")


def money(value: Decimal, currency: str) -> Decimal:
    """Rounded to the currency's smallest unit as CLDR defines it (yen have none)."""
    step = Decimal(1).scaleb(-get_currency_precision(currency))
    return value.quantize(step, rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, percent: int, currency: str) -> Decimal:
    return money(amount * Decimal(percent) / Decimal(100), currency)


# -- customer type ---------------------------------------------------------------------


def customer_type(policy: MarketPolicy, history: ShopperHistory) -> CustomerType:
    rules = policy.customer_types
    vip = rules.vip
    if history.orders_placed >= vip.min_orders or (
        vip.min_spend > 0 and history.total_spend >= vip.min_spend
    ):
        return "vip"
    if history.orders_placed >= rules.regular.min_orders:
        return "regular"
    return "first_order"


def goodwill_coupon(
    policy: MarketPolicy, history: ShopperHistory, percent_of_tier: int
) -> Decimal:
    """A goodwill coupon: a share of the tier coupon, raised by the customer type's bonus."""
    base = percent_of(
        policy.coupons.tier_coupon.of(history.tier), percent_of_tier, policy.currency
    )
    bonus = policy.customer_types.of(
        customer_type(policy, history)
    ).goodwill_bonus_percent
    return money(base * Decimal(100 + bonus) / Decimal(100), policy.currency)


# -- returns ---------------------------------------------------------------------------

RETURN_OK = "eligible"
RETURN_NOT_DELIVERED = "not_delivered"
RETURN_WINDOW_PASSED = "window_passed"
RETURN_CATEGORY_EXCLUDED = "category_excluded"
RETURN_ALREADY_AUTHORISED = "already_authorised"
RETURN_ORDER_CANCELLED = "order_cancelled"


@dataclass(frozen=True)
class ReturnDecision:
    outcome: str
    deadline: dt.date | None = None
    shopper_pays_shipping: bool = False
    refund_amount: Decimal = ZERO
    refund_days_min: int = 0
    refund_days_max: int = 0

    @property
    def eligible(self) -> bool:
        return self.outcome == RETURN_OK


def return_decision(
    policy: MarketPolicy,
    order_status: str,
    delivered_on: dt.date | None,
    line: LineFacts,
    history: ShopperHistory,
    today: dt.date,
    already_authorised: bool,
) -> ReturnDecision:
    rules = policy.returns
    if order_status == st.CANCELLED:
        return ReturnDecision(RETURN_ORDER_CANCELLED)
    if already_authorised:
        return ReturnDecision(RETURN_ALREADY_AUTHORISED)
    if line.category in rules.non_returnable_categories:
        return ReturnDecision(RETURN_CATEGORY_EXCLUDED)
    if order_status != st.DELIVERED or delivered_on is None:
        return ReturnDecision(RETURN_NOT_DELIVERED)
    deadline = delivered_on + dt.timedelta(days=rules.window_days)
    if today > deadline:
        return ReturnDecision(RETURN_WINDOW_PASSED, deadline=deadline)
    kind = customer_type(policy, history)
    free = policy.customer_types.of(kind).free_return_shipping
    return ReturnDecision(
        RETURN_OK,
        deadline=deadline,
        shopper_pays_shipping=rules.return_shipping_paid_by == "shopper" and not free,
        refund_amount=money(line.paid, policy.currency),
        refund_days_min=rules.refund_days_min,
        refund_days_max=rules.refund_days_max,
    )


# -- price protection ------------------------------------------------------------------

PRICE_NO_DROP = "no_drop"
PRICE_INSIDE_WINDOW = "inside_window"
PRICE_OUTSIDE_WINDOW = "outside_window"
PRICE_ALREADY_SETTLED = "already_settled"


@dataclass(frozen=True)
class PriceDecision:
    outcome: str
    paid_unit: Decimal
    lowest_unit: Decimal
    difference: Decimal = ZERO  # for the whole line
    coupon: Decimal = ZERO
    window_days: int = 0
    window_ends: dt.date | None = None


def lowest_price_since(
    prices: list[tuple[dt.datetime, Decimal]], since: dt.datetime, until: dt.datetime
) -> Decimal | None:
    """The lowest price valid at any moment in [since, until] from (valid_from, amount)."""
    ordered = sorted(prices)
    lowest: Decimal | None = None
    for index, (valid_from, amount) in enumerate(ordered):
        valid_to = ordered[index + 1][0] if index + 1 < len(ordered) else None
        if valid_from > until or (valid_to is not None and valid_to <= since):
            continue
        lowest = amount if lowest is None else min(lowest, amount)
    return lowest


def price_decision(
    policy: MarketPolicy,
    line: LineFacts,
    placed_at: dt.datetime,
    prices: list[tuple[dt.datetime, Decimal]],
    history: ShopperHistory,
    now: dt.datetime,
    already_settled: bool,
) -> PriceDecision:
    rules = policy.price_protection
    window_ends_at = placed_at + dt.timedelta(days=rules.window_days)
    inside = now <= window_ends_at
    lowest = lowest_price_since(prices, placed_at, now)
    paid = line.unit_price_paid
    found = PriceDecision(
        PRICE_NO_DROP,
        paid_unit=paid,
        lowest_unit=lowest if lowest is not None and lowest < paid else paid,
        window_days=rules.window_days,
        window_ends=window_ends_at.date(),
    )
    if lowest is None or lowest >= paid:
        return found
    if already_settled:
        return replace(found, outcome=PRICE_ALREADY_SETTLED)
    if inside:
        return replace(
            found,
            outcome=PRICE_INSIDE_WINDOW,
            difference=money((paid - lowest) * line.quantity, policy.currency),
            coupon=goodwill_coupon(
                policy, history, rules.goodwill_percent_of_tier_coupon
            ),
        )
    coupon = (
        policy.coupons.tier_coupon.of(history.tier)
        if rules.coupon_outside_window
        else ZERO
    )
    return replace(found, outcome=PRICE_OUTSIDE_WINDOW, coupon=coupon)


# -- late delivery ---------------------------------------------------------------------


@dataclass(frozen=True)
class DelayRemedy:
    days_late: int
    shipping_refund: Decimal = ZERO
    coupon: Decimal = ZERO

    @property
    def offers_something(self) -> bool:
        return self.shipping_refund > 0 or self.coupon > 0


def delay_remedy(
    policy: MarketPolicy,
    days_late: int,
    shipping_paid: Decimal,
    history: ShopperHistory,
) -> DelayRemedy | None:
    """The remedy for an order ``days_late`` past its promised date; None if not late."""
    steps = [step for step in policy.delivery_delay if days_late >= step.days_late]
    if not steps:
        return None
    step = steps[-1]
    return DelayRemedy(
        days_late=days_late,
        shipping_refund=money(shipping_paid, policy.currency)
        if step.refund_shipping
        else ZERO,
        coupon=goodwill_coupon(policy, history, step.coupon_percent_of_tier_coupon)
        if step.coupon_percent_of_tier_coupon
        else ZERO,
    )


# -- coupons and points ----------------------------------------------------------------


@dataclass(frozen=True)
class Entitlements:
    tier: str
    tier_coupon: Decimal
    tier_coupon_available: bool
    tier_coupon_next_date: dt.date | None
    birthday_coupon: Decimal
    birthday_coupon_available: bool
    birthday_month: int | None
    points: int
    points_value: Decimal
    points_to_next_step: int
    validity_days: int


def entitlements(
    policy: MarketPolicy,
    history: ShopperHistory,
    today: dt.date,
    last_tier_coupon: dt.date | None,
    birthday_coupon_years: frozenset[int],
) -> Entitlements:
    coupons = policy.coupons
    next_tier_date = (
        last_tier_coupon + dt.timedelta(days=coupons.tier_coupon_every_days)
        if last_tier_coupon is not None
        else None
    )
    tier_available = next_tier_date is None or today >= next_tier_date
    birthday_month = history.birthday.month if history.birthday else None
    steps, remainder = divmod(max(0, history.points), policy.points.redeem_step)
    return Entitlements(
        tier=history.tier,
        tier_coupon=coupons.tier_coupon.of(history.tier),
        tier_coupon_available=tier_available,
        tier_coupon_next_date=None if tier_available else next_tier_date,
        birthday_coupon=coupons.birthday_coupon.of(history.tier),
        birthday_coupon_available=birthday_month == today.month
        and today.year not in birthday_coupon_years,
        birthday_month=birthday_month,
        points=history.points,
        points_value=money(policy.points.value_per_step * steps, policy.currency),
        points_to_next_step=policy.points.redeem_step - remainder,
        validity_days=coupons.validity_days,
    )


def points_earned(policy: MarketPolicy, tier: str, spent: Decimal) -> int:
    rate = policy.points.earned_per_unit_spent.of(tier)
    return int((spent * rate).to_integral_value(rounding="ROUND_FLOOR"))


# -- limits ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LimitCheck:
    within: bool
    order_room: Decimal
    shopper_room: Decimal


def bot_refund_limit(
    policy: MarketPolicy,
    amount: Decimal,
    refunded_for_order: Decimal,
    refunded_for_shopper_30_days: Decimal,
) -> LimitCheck:
    """May the bot pay ``amount`` on its own? Above either limit a person approves."""
    limits = policy.limits
    order_room = max(ZERO, limits.bot_refund_per_order - refunded_for_order)
    shopper_room = max(
        ZERO, limits.bot_refund_per_shopper_30_days - refunded_for_shopper_30_days
    )
    return LimitCheck(
        within=amount <= order_room and amount <= shopper_room,
        order_room=order_room,
        shopper_room=shopper_room,
    )


# -- cancellation ----------------------------------------------------------------------

CANCEL_OK = "cancellable"
CANCEL_SHIPPED = "already_shipped"
CANCEL_DELIVERED = "already_delivered"
CANCEL_ALREADY = "already_cancelled"


def cancel_decision(order_status: str) -> str:
    if order_status == st.PROCESSING:
        return CANCEL_OK
    if order_status == st.CANCELLED:
        return CANCEL_ALREADY
    if order_status == st.DELIVERED:
        return CANCEL_DELIVERED
    return CANCEL_SHIPPED


# -- payments --------------------------------------------------------------------------

DUPLICATE_WINDOW = dt.timedelta(hours=24)


def duplicate_charges(payments: list[PaymentFacts]) -> list[PaymentFacts]:
    """Captured payments that repeat an earlier captured one (same amount, same method,
    within a day): what a shopper means by "I was charged twice"."""
    captured = sorted(
        (p for p in payments if p.status == "captured"), key=lambda p: p.created_at
    )
    duplicates: list[PaymentFacts] = []
    kept: list[PaymentFacts] = []
    for payment in captured:
        if any(
            p.amount == payment.amount
            and p.method == payment.method
            and payment.created_at - p.created_at <= DUPLICATE_WINDOW
            for p in kept
        ):
            duplicates.append(payment)
        else:
            kept.append(payment)
    return duplicates
