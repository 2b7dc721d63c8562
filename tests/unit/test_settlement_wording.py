"""Pure pieces of the settlement conversations: the pending step, business days, the
policy answers, country names and the worded values."""

import datetime as dt
from decimal import Decimal as D

import pytest

from bot.i18n.wording import Wording
from bot.policy.loader import load_policy
from bot.services import policy_answers as answers
from bot.services.dialogue import CONFIRM, PRICE, Pending, Turn
from bot.services.refund_overview import add_business_days
from bot.settings import PROJECT_ROOT
from bot.text.market_names import find_market_names

POLICY = load_policy(PROJECT_ROOT / "policies.yml")


def test_pending_step_survives_the_slot_and_rejects_garbage():
    step = Pending(CONFIRM, PRICE, "482913075", 7)
    assert Pending.load(step.dump()) == step
    for raw in (None, 3, "", "{", '{"step": "launch", "flow": "price"}', '{"flow": 1}'):
        assert Pending.load(raw) is None


def test_only_digit_items_are_lines():
    assert Turn("inform", item="12").line_id == 12
    assert Turn("inform", item="12; DROP TABLE").line_id is None


def test_business_days_skip_weekends():
    friday = dt.date(2026, 11, 20)
    assert add_business_days(friday, 1) == dt.date(2026, 11, 23)
    assert add_business_days(friday, 7) == dt.date(2026, 12, 1)


def test_market_answer_uses_that_markets_figures():
    reply = answers.policy_answer(POLICY, answers.SHIPPING, "JP", "ja")
    assert reply.response == "utter_shipping_info_market"
    assert reply.values["standard_cost"] == Wording("ja", "JP").money(
        POLICY.for_market("JP").shipping.standard_cost, "JPY"
    )


def test_general_answer_never_promises_more_than_any_market():
    reply = answers.policy_answer(POLICY, answers.RETURN_POLICY, None, "en")
    assert reply.response == "utter_return_policy_general"
    shortest = min(POLICY.for_market(m).returns.window_days for m in POLICY.markets)
    assert reply.values["window_days"] == str(shortest)


def test_unknown_market_gets_the_general_answer():
    reply = answers.policy_answer(POLICY, answers.PAYMENT_METHODS, "ZZ", "de")
    assert reply.response == "utter_payment_methods_general"
    with pytest.raises(ValueError):
        answers.policy_answer(POLICY, "weather", None, "en")


def test_declined_payment_lists_the_markets_methods_in_the_shoppers_language():
    reply = answers.policy_answer(POLICY, answers.PAYMENT_DECLINED, "CN", "zh")
    assert "支付宝" in reply.values["methods"] and "微信支付" in reply.values["methods"]


@pytest.mark.parametrize(
    ("text", "market"),
    [
        ("what does shipping cost to Germany?", "DE"),
        ("¿cuánto tarda el envío a México?", "MX"),
        ("日本への送料は？", "JP"),
        ("寄到美国要多久", "US"),
        ("доставка в Германию", "DE"),
        ("كم تكلفة الشحن إلى الإمارات", "AE"),
        ("spedizione in italia", "IT"),
    ],
)
def test_country_names_in_every_script(text, market):
    assert [m for _, _, m in find_market_names(text)] == [market]


@pytest.mark.parametrize("text", ["I use my card", "status update", "russian please"])
def test_ordinary_words_are_not_countries(text):
    assert find_market_names(text) == []


def test_wording_lists_and_money_follow_the_locale():
    assert Wording("de", "DE").labels("payment_method", ["paypal", "klarna"]) == (
        "PayPal und Klarna"
    )
    assert Wording("ja", "JP").money(D("1200"), "JPY") == "￥1,200"
