import datetime as dt
from decimal import Decimal as D

import pytest

from bot.services import order_status as st
from bot.services import policy_rules as rules
from bot.services.settlement_facts import LineFacts, PaymentFacts, ShopperHistory
from tests.policy_fixture import small_policy

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
POLICY = small_policy().for_market("DE")


def history(tier="gold", orders=3, spend="300", birthday=None, points=1230):
    return ShopperHistory(tier, orders, D(spend), birthday, points)


def line(category="clothing", quantity=1, price="80.00"):
    return LineFacts(7, "CL-2001", category, quantity, D(price))


# -- customer type and goodwill ------------------------------------------------------


@pytest.mark.parametrize(
    ("orders", "spend", "expected"),
    [
        (1, "50", "first_order"),
        (2, "50", "regular"),
        (7, "899.99", "regular"),
        (8, "10", "vip"),  # by number of orders
        (1, "900", "vip"),  # by spend
    ],
)
def test_customer_type_follows_orders_and_spend(orders, spend, expected):
    assert rules.customer_type(POLICY, history(orders=orders, spend=spend)) == expected


def test_goodwill_coupon_is_a_share_of_the_tier_coupon_raised_for_vips():
    assert rules.goodwill_coupon(POLICY, history(tier="gold"), 50) == D("7.50")
    assert rules.goodwill_coupon(POLICY, history(tier="gold", orders=9), 50) == D(
        "11.25"
    )
    assert rules.goodwill_coupon(POLICY, history(tier="bronze"), 0) == D("0.00")


def test_money_rounds_to_the_currency_unit():
    assert rules.money(D("2.345"), "EUR") == D("2.35")
    assert rules.money(D("1234.5"), "JPY") == D("1235")


# -- returns ---------------------------------------------------------------------------


def decide_return(status=st.DELIVERED, delivered=TODAY - dt.timedelta(days=10), **kw):
    return rules.return_decision(
        POLICY,
        status,
        delivered,
        kw.pop("line", line()),
        kw.pop("shopper", history()),
        TODAY,
        kw.pop("already", False),
    )


def test_a_delivered_item_inside_the_window_can_be_returned():
    decision = decide_return()
    assert decision.eligible
    assert decision.deadline == TODAY + dt.timedelta(days=20)
    assert decision.refund_amount == D("80.00")
    assert decision.shopper_pays_shipping  # the policy says the shopper pays
    assert (decision.refund_days_min, decision.refund_days_max) == (3, 7)


def test_the_last_day_of_the_window_still_counts_and_the_next_does_not():
    assert decide_return(delivered=TODAY - dt.timedelta(days=30)).eligible
    late = decide_return(delivered=TODAY - dt.timedelta(days=31))
    assert late.outcome == rules.RETURN_WINDOW_PASSED
    assert late.deadline == TODAY - dt.timedelta(days=1)


def test_vips_return_for_free():
    assert not decide_return(shopper=history(orders=9)).shopper_pays_shipping


def test_refund_covers_the_whole_line():
    assert decide_return(line=line(quantity=3, price="19.99")).refund_amount == D(
        "59.97"
    )


@pytest.mark.parametrize(
    ("kwargs", "outcome"),
    [
        ({"line": line(category="underwear")}, rules.RETURN_CATEGORY_EXCLUDED),
        ({"line": line(category="perishables")}, rules.RETURN_CATEGORY_EXCLUDED),
        ({"status": st.IN_TRANSIT, "delivered": None}, rules.RETURN_NOT_DELIVERED),
        ({"status": st.CANCELLED, "delivered": None}, rules.RETURN_ORDER_CANCELLED),
        ({"already": True}, rules.RETURN_ALREADY_AUTHORISED),
    ],
)
def test_returns_that_are_refused_say_why(kwargs, outcome):
    decision = decide_return(**kwargs)
    assert decision.outcome == outcome and not decision.eligible
    assert decision.refund_amount == 0


# -- price protection ------------------------------------------------------------------

PLACED = NOW - dt.timedelta(days=6)


def prices(*points):
    return [(NOW + dt.timedelta(days=offset), D(amount)) for offset, amount in points]


def decide_price(history_prices, now=NOW, quantity=1, already=False, shopper=None):
    return rules.price_decision(
        POLICY,
        line(quantity=quantity),
        PLACED,
        history_prices,
        shopper or history(),
        now,
        already,
    )


def test_a_drop_inside_the_window_refunds_the_difference_and_adds_goodwill():
    decision = decide_price(prices((-30, "80.00"), (-2, "64.00")), quantity=2)
    assert decision.outcome == rules.PRICE_INSIDE_WINDOW
    assert decision.difference == D("32.00")  # (80 - 64) x 2
    assert decision.coupon == D("7.50")  # half the gold tier coupon
    assert decision.lowest_unit == D("64.00")
    assert decision.window_ends == (PLACED + dt.timedelta(days=14)).date()


def test_the_lowest_price_since_purchase_counts_even_if_it_rose_again():
    decision = decide_price(prices((-30, "80.00"), (-3, "60.00"), (-1, "75.00")))
    assert decision.difference == D("20.00")


def test_a_drop_before_the_purchase_does_not_count():
    decision = decide_price(prices((-40, "60.00"), (-20, "80.00")))
    assert decision.outcome == rules.PRICE_NO_DROP
    assert decision.lowest_unit == D("80.00")


def test_no_drop_when_the_price_went_up_or_stayed():
    assert decide_price(prices((-30, "80.00"))).outcome == rules.PRICE_NO_DROP
    assert (
        decide_price(prices((-30, "80.00"), (-1, "90.00"))).outcome
        == rules.PRICE_NO_DROP
    )
    assert decide_price([]).outcome == rules.PRICE_NO_DROP


def test_outside_the_window_the_tier_coupon_is_offered_instead():
    later = PLACED + dt.timedelta(days=15)
    decision = decide_price(prices((-30, "80.00"), (-2, "64.00")), now=later)
    assert decision.outcome == rules.PRICE_OUTSIDE_WINDOW
    assert decision.difference == 0
    assert decision.coupon == D("15")


def test_outside_the_window_without_coupon_when_the_policy_says_so():
    policy = small_policy(
        price_protection={
            "window_days": 14,
            "goodwill_percent_of_tier_coupon": 50,
            "coupon_outside_window": False,
        }
    ).for_market("DE")
    decision = rules.price_decision(
        policy, line(), PLACED, prices((-30, "80"), (-2, "64")), history(),
        PLACED + dt.timedelta(days=20), False,
    )  # fmt: skip
    assert decision.outcome == rules.PRICE_OUTSIDE_WINDOW and decision.coupon == 0


def test_a_settled_drop_is_not_paid_again():
    decision = decide_price(prices((-30, "80.00"), (-2, "64.00")), already=True)
    assert decision.outcome == rules.PRICE_ALREADY_SETTLED
    assert decision.difference == 0 and decision.coupon == 0


# -- late delivery ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "shipping", "coupon"),
    [
        (1, "0", "0"),  # apology only
        (2, "0", "0"),
        (3, "0", "7.50"),
        (6, "0", "7.50"),
        (7, "4.90", "15.00"),
        (30, "4.90", "15.00"),
    ],
)
def test_delay_remedy_grows_with_the_delay(days, shipping, coupon):
    remedy = rules.delay_remedy(POLICY, days, D("4.90"), history())
    assert remedy is not None
    assert remedy.shipping_refund == D(shipping)
    assert remedy.coupon == D(coupon)
    assert remedy.offers_something == (days >= 3)


def test_an_order_on_time_gets_no_remedy():
    assert rules.delay_remedy(POLICY, 0, D("4.90"), history()) is None


# -- coupons and points ----------------------------------------------------------------


def test_entitlements_in_the_birthday_month():
    shopper = history(tier="silver", birthday=dt.date(1990, 11, 2), points=1230)
    found = rules.entitlements(POLICY, shopper, TODAY, None, frozenset())
    assert found.tier_coupon == D("10") and found.tier_coupon_available
    assert found.birthday_coupon == D("10") and found.birthday_coupon_available
    assert found.points_value == D("10.00")  # two steps of 500
    assert found.points_to_next_step == 270


def test_the_birthday_coupon_is_once_a_year_and_only_in_the_month():
    shopper = history(birthday=dt.date(1990, 11, 2))
    taken = rules.entitlements(POLICY, shopper, TODAY, None, frozenset({2026}))
    assert not taken.birthday_coupon_available
    last_year = rules.entitlements(POLICY, shopper, TODAY, None, frozenset({2025}))
    assert last_year.birthday_coupon_available
    other = history(birthday=dt.date(1990, 5, 2))
    assert not rules.entitlements(
        POLICY, other, TODAY, None, frozenset()
    ).birthday_coupon_available
    nobirthday = rules.entitlements(POLICY, history(), TODAY, None, frozenset())
    assert (
        not nobirthday.birthday_coupon_available and nobirthday.birthday_month is None
    )


def test_the_tier_coupon_waits_for_its_period():
    recent = rules.entitlements(
        POLICY, history(), TODAY, TODAY - dt.timedelta(days=10), frozenset()
    )
    assert not recent.tier_coupon_available
    assert recent.tier_coupon_next_date == TODAY + dt.timedelta(days=80)
    due = rules.entitlements(
        POLICY, history(), TODAY, TODAY - dt.timedelta(days=90), frozenset()
    )
    assert due.tier_coupon_available and due.tier_coupon_next_date is None


def test_points_earned_by_tier_round_down():
    assert rules.points_earned(POLICY, "silver", D("99.99")) == 124
    assert rules.points_earned(POLICY, "platinum", D("10")) == 20


# -- limits ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "order", "shopper", "within"),
    [
        ("150", "0", "0", True),  # exactly the per-order limit
        ("150.01", "0", "0", False),
        ("50", "120", "120", False),  # the order already had 120
        ("30", "120", "120", True),
        ("20", "0", "290", False),  # the shopper's 30 days are nearly used up
        ("10", "0", "290", True),
    ],
)
def test_the_bot_refunds_alone_only_within_both_limits(amount, order, shopper, within):
    check = rules.bot_refund_limit(POLICY, D(amount), D(order), D(shopper))
    assert check.within is within


def test_limit_room_is_never_negative():
    check = rules.bot_refund_limit(POLICY, D("1"), D("400"), D("400"))
    assert check.order_room == 0 and check.shopper_room == 0 and not check.within


# -- cancellation and payments ---------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (st.PROCESSING, rules.CANCEL_OK),
        (st.IN_TRANSIT, rules.CANCEL_SHIPPED),
        (st.CUSTOMS_HOLD, rules.CANCEL_SHIPPED),
        (st.OUT_FOR_DELIVERY, rules.CANCEL_SHIPPED),
        (st.DELIVERED, rules.CANCEL_DELIVERED),
        (st.CANCELLED, rules.CANCEL_ALREADY),
    ],
)
def test_only_orders_not_yet_shipped_can_be_cancelled(status, expected):
    assert rules.cancel_decision(status) == expected


def payment(ref, amount="80.00", minutes=0, method="card", status="captured"):
    return PaymentFacts(
        ref, method, D(amount), status, NOW + dt.timedelta(minutes=minutes)
    )


def test_a_repeated_capture_within_a_day_is_a_duplicate_charge():
    found = rules.duplicate_charges([payment("A"), payment("B", minutes=2)])
    assert [p.reference for p in found] == ["B"]


@pytest.mark.parametrize(
    "second",
    [
        payment("B", amount="20.00", minutes=2),  # a different amount
        payment("B", minutes=2, method="paypal"),  # another method
        payment("B", minutes=2, status="failed"),  # never taken
        payment("B", minutes=60 * 25),  # days later: a new purchase
    ],
)
def test_other_second_payments_are_not_duplicates(second):
    assert rules.duplicate_charges([payment("A"), second]) == []


def test_lowest_price_since_respects_validity_intervals():
    history_prices = prices((-30, "80"), (-10, "70"), (-5, "90"))
    since = [NOW - dt.timedelta(days=days) for days in (4, 6, 11, 40)]
    found = [rules.lowest_price_since(history_prices, s, NOW) for s in since]
    assert found == [D("90"), D("70"), D("70"), D("70")]
    assert rules.lowest_price_since(history_prices, since[3], since[3]) is None
    assert rules.lowest_price_since([], NOW, NOW) is None
