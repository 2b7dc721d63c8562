"""Self-service answers from the policy file: return rules, shipping, payment methods and
security, for one market when it is known (verified order or named), else in general."""

from __future__ import annotations

from bot.i18n.wording import Wording
from bot.policy.loader import Policy
from bot.policy.schema import MarketPolicy
from bot.services.replies import Reply

RETURN_POLICY = "return_policy"
SHIPPING = "shipping_info"
PAYMENT_METHODS = "payment_methods"
PAYMENT_DECLINED = "payment_declined"
TOPICS = (RETURN_POLICY, SHIPPING, PAYMENT_METHODS, PAYMENT_DECLINED)


def _in_order(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _market_answer(topic: str, rules: MarketPolicy, words: Wording) -> Reply:
    place = {"market_name": words.label("market", rules.market)}
    if topic == RETURN_POLICY:
        returns = rules.returns
        return Reply(
            "utter_return_policy_market",
            place
            | {
                "window_days": words.count(returns.window_days),
                "return_shipping": words.label(
                    "return_shipping", returns.return_shipping_paid_by
                ),
                "excluded": words.labels(
                    "product_category", returns.non_returnable_categories
                ),
                "refund_days_min": words.count(returns.refund_days_min),
                "refund_days_max": words.count(returns.refund_days_max),
            },
        )
    if topic == SHIPPING:
        ship, currency = rules.shipping, rules.currency
        return Reply(
            "utter_shipping_info_market",
            place
            | {
                "standard_min": words.count(ship.standard_days_min),
                "standard_max": words.count(ship.standard_days_max),
                "standard_cost": words.money(ship.standard_cost, currency),
                "free_over": words.money(ship.free_over, currency),
                "express_min": words.count(ship.express_days_min),
                "express_max": words.count(ship.express_days_max),
                "express_cost": words.money(ship.express_cost, currency),
                "duties": words.label(
                    "duties", "included" if ship.duties_included else "not_included"
                ),
            },
        )
    methods = words.labels("payment_method", rules.payments.methods)
    if topic == PAYMENT_DECLINED:
        return Reply("utter_payment_declined", place | {"methods": methods})
    return Reply(
        "utter_payment_methods_market",
        place
        | {
            "methods": methods,
            "security": words.sentences("payment_security", rules.payments.security),
        },
    )


def _general_answer(topic: str, policy: Policy, words: Wording) -> Reply:
    every = [policy.for_market(m) for m in policy.markets]
    methods = words.labels(
        "payment_method", _in_order([m for p in every for m in p.payments.methods])
    )
    if topic == RETURN_POLICY:
        return Reply(
            "utter_return_policy_general",
            {
                # The least any market grants, so the general answer never over-promises.
                "window_days": words.count(min(p.returns.window_days for p in every)),
                "excluded": words.labels(
                    "product_category",
                    _in_order(
                        [c for p in every for c in p.returns.non_returnable_categories]
                    ),
                ),
                "refund_days_min": words.count(
                    min(p.returns.refund_days_min for p in every)
                ),
                "refund_days_max": words.count(
                    max(p.returns.refund_days_max for p in every)
                ),
            },
        )
    if topic == SHIPPING:
        return Reply(
            "utter_shipping_info_general",
            {
                "markets": words.labels("market", policy.markets),
                "standard_min": words.count(
                    min(p.shipping.standard_days_min for p in every)
                ),
                "standard_max": words.count(
                    max(p.shipping.standard_days_max for p in every)
                ),
                "express_min": words.count(
                    min(p.shipping.express_days_min for p in every)
                ),
                "express_max": words.count(
                    max(p.shipping.express_days_max for p in every)
                ),
            },
        )
    if topic == PAYMENT_DECLINED:
        return Reply("utter_payment_declined_general", {"methods": methods})
    security = [
        s
        for s in every[0].payments.security
        if all(s in p.payments.security for p in every)
    ]
    return Reply(
        "utter_payment_methods_general",
        {
            "methods": methods,
            "security": words.sentences("payment_security", security),
        },
    )


def policy_answer(
    policy: Policy, topic: str, market: str | None, language: str
) -> Reply:
    """The answer for the market when the policy has it, else the general one."""
    if topic not in TOPICS:
        raise ValueError(f"no policy answer for {topic!r}")
    if market is not None and policy.has_market(market):
        return _market_answer(
            topic, policy.for_market(market), Wording(language, market)
        )
    return _general_answer(topic, policy, Wording(language))
