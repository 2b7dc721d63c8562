"""The settlement conversations turn by turn against a real store (SQLite) and the real
policy file, in English, Arabic, Japanese and Spanish: what the shopper is told, what the
ledger records, and that nothing is given twice or beyond the policy."""

import datetime as dt
import functools
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from actions.container import shopper_requests
from bot.i18n.labels import label
from bot.i18n.wording import Wording
from bot.policy.loader import load_policy
from bot.services import ledger as lg
from bot.services.dialogue import Pending, Turn
from bot.services.order_enquiry import EnquiryState, OrderEnquiry
from bot.settings import PROJECT_ROOT
from bot.store.db import make_engine, make_session_factory
from bot.store.migrate import upgrade_to_head
from bot.store.models import HandoffRequest, LedgerEntry, Order
from bot.store.unit_of_work import SqlUnitOfWork
from tests.support.store_builder import add_line, add_order, add_shopper

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)
POLICY = load_policy(Path(__file__).resolve().parents[2] / "policies.yml")


@pytest.fixture
def factory(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade_to_head(engine)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def requests(factory):
    def uow():
        return SqlUnitOfWork(factory)

    return shopper_requests(uow, OrderEnquiry(uow, lambda: NOW), POLICY, lambda: NOW)


@functools.lru_cache(maxsize=1)
def domain_responses():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return domain["responses"]


def render(reply, language):
    """The reply's text in the language, every placeholder filled (as Rasa would)."""
    [variation] = [
        v
        for v in domain_responses()[reply.response]
        if v["condition"][0]["value"] == language
    ]
    text = variation["text"]
    wanted = set(re.findall(r"\{(\w+)\}", text))
    assert wanted <= set(reply.values), (reply.response, wanted - set(reply.values))
    return text.format(**reply.values)


class Chat:
    """One conversation: keeps the slots the way Rasa would between turns."""

    def __init__(self, requests, language, sender="conv-1"):
        self.requests = requests
        self.slots = {"language": language, "failed_attempts": 0.0}
        self.sender = sender

    def say(self, intent, **entities):
        for name in ("order_number", "email", "postcode"):
            if name in entities:
                self.slots[name] = entities.pop(name)
        state = EnquiryState(
            conversation_id=self.sender,
            language=self.slots["language"],
            order_number=self.slots.get("order_number"),
            email=self.slots.get("email"),
            postcode=self.slots.get("postcode"),
            verified_shopper_id=self.slots.get("verified_shopper_id"),
            failed_attempts=int(self.slots.get("failed_attempts") or 0),
            locked=bool(self.slots.get("verification_locked")),
        )
        outcome = self.requests.handle(
            state,
            self.slots.get("flow"),
            Pending.load(self.slots.get("pending")),
            Turn(intent, **entities),
        )
        self.slots.update(outcome.slots)
        self.texts = [render(r, self.slots["language"]) for r in outcome.replies]
        return outcome.replies

    def verify(self, intent, number, email):
        self.say(intent)
        return self.say("inform", order_number=number, email=email)


def names(replies):
    return [r.response for r in replies]


def build(factory, shopper=None, lines=(), **order):
    with factory() as session:
        person = add_shopper(session, **(shopper or {}))
        number, line_id = add_order(session, person, NOW, **order)
        extra = [add_line(session, number, *line) for line in lines]
        session.commit()
        return number, line_id, person.email, extra


def ledger(factory):
    with factory() as session:
        return list(session.scalars(select(LedgerEntry).order_by(LedgerEntry.id)))


def handoffs(factory):
    with factory() as session:
        return list(session.scalars(select(HandoffRequest)))


# -- price complaint -------------------------------------------------------------------


def test_price_drop_in_english_confirmed_once(requests, factory):
    number, line_id, email, _ = build(factory)  # paid 80, now 64, inside 14 days
    chat = Chat(requests, "en")
    chat.say("price_drop")
    replies = chat.say("inform", order_number=number, email=email)
    assert names(replies) == [
        "utter_verified_greeting",
        "utter_price_offer_with_coupon",
    ]
    offer = replies[1]
    assert offer.values["difference"] == "16,00\xa0€"
    assert (
        offer.values["paid"] == "80,00\xa0€" and offer.values["lowest"] == "64,00\xa0€"
    )
    assert [b.payload for b in offer.buttons] == ["/affirm", "/deny"]
    done = chat.say("affirm")
    assert names(done) == ["utter_price_refunded", "utter_coupon_issued"]
    assert done[1].values["code"].startswith("CB-")
    # The shopper says yes again (a retried message) and asks again: nothing new.
    assert names(chat.say("affirm")) == ["utter_ok_anything_else"]
    again = chat.say("price_drop")
    assert names(again) == ["utter_price_already_refunded"]
    refunds = [e for e in ledger(factory) if e.kind == lg.REFUND]
    assert [(e.amount, e.status) for e in refunds] == [(D("16.00"), lg.DONE)]


def test_price_drop_refused_politely_in_arabic_when_the_price_did_not_drop(
    requests, factory
):
    number, _, email, _ = build(factory, prices=((-30, "80.00"),))
    chat = Chat(requests, "ar")
    replies = chat.verify("price_drop", number, email)
    assert names(replies)[-1] == "utter_price_no_drop"
    assert ledger(factory) == []


def test_price_drop_outside_the_window_offers_the_tier_coupon_in_japanese(
    requests, factory
):
    number, _, email, _ = build(
        factory, placed_days_ago=20, prices=((-30, "80.00"), (-2, "60.00"))
    )
    chat = Chat(requests, "ja")
    replies = chat.verify("price_drop", number, email)
    assert names(replies)[-1] == "utter_price_outside_window_coupon"
    assert names(chat.say("affirm")) == ["utter_coupon_issued"]
    assert [(e.kind, e.amount) for e in ledger(factory)] == [(lg.COUPON, D("15"))]


def test_price_drop_above_the_limit_goes_to_a_person_in_spanish(requests, factory):
    number, _, email, _ = build(
        factory, paid_unit="400.00", prices=((-30, "400.00"), (-1, "200.00"))
    )
    chat = Chat(requests, "es")
    chat.verify("price_drop", number, email)
    replies = chat.say("affirm")
    assert names(replies) == ["utter_price_awaiting_approval"]
    assert replies[0].values["difference"] == "200,00\xa0€"
    [entry] = ledger(factory)
    assert entry.status == lg.PENDING_APPROVAL
    [ticket] = handoffs(factory)
    assert ticket.details["proposed_amount"] == "200.00"


def test_several_items_are_offered_as_buttons(requests, factory):
    number, line_id, email, [other] = build(
        factory, lines=[("Plush Panda", "toys", "20.00")]
    )
    chat = Chat(requests, "en")
    replies = chat.verify("price_drop", number, email)
    ask = replies[-1]
    assert ask.response == "utter_ask_item_price"
    assert [b.payload for b in ask.buttons] == [
        f'/inform{{"item":"{line_id}"}}',
        f'/inform{{"item":"{other}"}}',
    ]
    assert names(chat.say("inform", item=str(other))) == ["utter_price_no_drop"]


def test_saying_no_to_an_offer_changes_nothing(requests, factory):
    number, _, email, _ = build(factory)
    chat = Chat(requests, "en")
    chat.verify("price_drop", number, email)
    assert names(chat.say("deny")) == ["utter_offer_declined"]
    assert ledger(factory) == []


# -- returns ---------------------------------------------------------------------------


def test_return_in_japanese_gets_an_rma_and_the_return_centre(requests, factory):
    number, _, email, _ = build(factory, shopper={"market": "DE"})
    chat = Chat(requests, "ja")
    replies = chat.verify("return_item", number, email)
    ask = replies[-1]
    assert ask.response == "utter_ask_return_reason"
    assert len(ask.buttons) == 5
    replies = chat.say("inform", return_reason="does_not_fit")
    assert names(replies) == [
        "utter_return_authorised",
        "utter_return_label_free",
        "utter_return_refund_timing",
    ]
    assert "Logistikring 12" in replies[0].values["centre"]
    assert "ドイツ" in replies[0].values["centre"]
    [entry] = ledger(factory)
    assert entry.kind == lg.RETURN_AUTHORISATION and entry.code.startswith("RMA-DE-")
    assert entry.details["return_reason"] == "does_not_fit"
    # Asking again finds the same RMA.
    again = chat.say("return_item")
    assert names(again) == ["utter_return_already"]
    assert again[0].values["rma"] == entry.code


def test_return_refused_for_underwear_offers_a_person_in_arabic(requests, factory):
    number, _, email, _ = build(factory, category="underwear")
    chat = Chat(requests, "ar")
    replies = chat.verify("return_item", number, email)
    assert names(replies)[-2:] == [
        "utter_return_category_excluded",
        "utter_offer_colleague",
    ]
    assert replies[-2].values["category"] == label(
        "product_category", "underwear", "ar"
    )
    assert names(chat.say("affirm")) == ["utter_handoff_return"]
    assert [t.reason for t in handoffs(factory)] == ["return"]
    assert ledger(factory) == []


def test_return_window_passed_in_spanish(requests, factory):
    number, _, email, _ = build(factory, placed_days_ago=60)
    chat = Chat(requests, "es")
    replies = chat.verify("return_item", number, email)
    assert names(replies)[-2] == "utter_return_window_passed"
    assert names(chat.say("deny")) == ["utter_offer_declined"]


def test_shopper_pays_return_shipping_where_the_policy_says_so(requests, factory):
    number, _, email, _ = build(factory, shopper={"market": "US"}, currency="USD")
    chat = Chat(requests, "en")
    chat.verify("return_item", number, email)
    replies = chat.say("inform", return_reason="changed_mind")
    assert names(replies)[1] == "utter_return_label_paid"


# -- refund status ---------------------------------------------------------------------


def test_refund_status_lists_what_was_refunded(requests, factory):
    number, _, email, _ = build(factory)
    chat = Chat(requests, "en")
    assert names(chat.verify("refund_status", number, email))[-1] == "utter_refund_none"
    chat.say("price_drop")
    chat.say("affirm")
    replies = chat.say("refund_status")
    assert names(replies) == ["utter_refund_entry"]
    assert replies[0].values["amount"] == "16,00\xa0€"
    assert replies[0].values["payment_method"] == "credit or debit card"
    assert replies[0].values["arrival_date"] == "2 December 2026"


# -- cancellation ----------------------------------------------------------------------


def test_cancel_before_shipping_after_confirmation_in_spanish(requests, factory):
    number, _, email, _ = build(factory, status="processing", placed_days_ago=1)
    chat = Chat(requests, "es")
    replies = chat.verify("cancel_order", number, email)
    assert names(replies)[-1] == "utter_cancel_confirm"
    assert replies[-1].values["amount"] == "84,90\xa0€"
    assert names(chat.say("affirm")) == ["utter_cancel_done"]
    assert names(chat.say("affirm")) == ["utter_ok_anything_else"]
    kinds = sorted((e.kind, e.status) for e in ledger(factory))
    assert kinds == [(lg.CANCELLATION, lg.DONE), (lg.REFUND, lg.DONE)]
    with factory() as session:
        order = session.scalars(select(Order).where(Order.number == number)).one()
        assert order.status == "cancelled" and order.cancelled_at is not None
    assert names(chat.say("cancel_order")) == ["utter_cancel_already"]


def test_cancel_refused_once_shipped_offers_a_return_in_english(requests, factory):
    number, _, email, _ = build(factory, status="in_transit", placed_days_ago=2)
    chat = Chat(requests, "en")
    assert (
        names(chat.verify("cancel_order", number, email))[-1] == "utter_cancel_shipped"
    )
    assert ledger(factory) == []


# -- coupons ---------------------------------------------------------------------------


def test_coupons_by_tier_and_birthday_once_in_arabic(requests, factory):
    number, _, email, _ = build(
        factory,
        shopper={"tier": "silver", "birthday": dt.date(1991, 11, 3), "points": 1260},
    )
    chat = Chat(requests, "ar")
    chat.say("request_coupon")
    replies = chat.say("inform", order_number=number, email=email)
    assert names(replies) == [
        "utter_verified_greeting",
        "utter_coupon_entitlements",
        "utter_coupon_tier_issued",
        "utter_coupon_birthday_issued",
    ]
    assert replies[1].values["points"] == Wording("ar", "DE").count(1260)
    assert replies[1].values["tier"] == label("member_tier", "silver", "ar")
    again = chat.say("request_coupon")
    assert names(again) == [
        "utter_coupon_entitlements",
        "utter_coupon_tier_not_yet",
        "utter_coupon_birthday_already",
    ]
    coupons = [(e.reason, e.amount) for e in ledger(factory)]
    assert coupons == [(lg.TIER, D("10")), (lg.BIRTHDAY, D("10"))]


def test_coupon_request_asks_for_the_account_first(requests):
    chat = Chat(requests, "ja")
    assert names(chat.say("request_coupon")) == ["utter_coupon_verify_first"]


# -- late delivery ---------------------------------------------------------------------


def test_late_order_gets_the_remedy_offered_unasked_in_japanese(requests, factory):
    number, _, email, _ = build(
        factory, status="in_transit", placed_days_ago=20, promised_days=10
    )  # 10 days late: shipping refund and a full tier coupon
    chat = Chat(requests, "ja")
    replies = chat.verify("track_order", number, email)
    assert names(replies)[-2:] == [
        "utter_order_late",
        "utter_delay_offer_shipping_coupon",
    ]
    granted = chat.say("affirm")
    assert names(granted) == ["utter_delay_shipping_refunded", "utter_coupon_issued"]
    assert names(chat.say("track_order"))[-1] == "utter_delay_remedy_already"
    assert sorted(e.kind for e in ledger(factory)) == [lg.COUPON, lg.REFUND]


# -- payment problems ------------------------------------------------------------------


def test_charged_twice_is_refunded_once_in_english(requests, factory):
    number, _, email, _ = build(factory, charged_twice=True)
    chat = Chat(requests, "en")
    ask = chat.say("payment_problem")
    assert names(ask) == ["utter_ask_payment_problem"]
    assert len(ask[0].buttons) == 3
    chat.say("payment_problem", payment_issue="charged_twice")
    replies = chat.say("inform", order_number=number, email=email)
    assert names(replies) == ["utter_verified_greeting", "utter_duplicate_refunded"]
    assert replies[1].values["amount"] == "84,90\xa0€"
    again = chat.say("payment_problem", payment_issue="charged_twice")
    assert names(again) == ["utter_duplicate_already"]
    [refund] = ledger(factory)
    assert refund.payment_reference == f"PAY-{number}-2"


def test_no_duplicate_charge_is_explained_in_spanish(requests, factory):
    number, _, email, _ = build(factory)
    chat = Chat(requests, "es")
    chat.say("payment_problem", payment_issue="charged_twice")
    replies = chat.say("inform", order_number=number, email=email)
    assert names(replies)[-1] == "utter_duplicate_none"
    assert ledger(factory) == []


def test_declined_card_lists_the_methods_of_the_named_market(requests):
    chat = Chat(requests, "es")
    replies = chat.say("payment_problem", payment_issue="declined", market="MX")
    assert names(replies) == ["utter_payment_declined"]
    assert "OXXO" in replies[0].values["methods"]


# -- verification comes first ----------------------------------------------------------


def test_nothing_is_revealed_or_moved_before_verification(requests, factory):
    number, _, _, _ = build(factory)
    chat = Chat(requests, "en")
    chat.say("price_drop")
    replies = chat.say("inform", order_number=number, email="someone@else.example")
    assert names(replies) == ["utter_verification_failed"]
    assert names(chat.say("affirm")) == ["utter_ok_anything_else"]
    assert ledger(factory) == []


# -- every flow in each of the four languages --------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar", "ja", "es"])
def test_every_flow_speaks_the_shoppers_language(requests, factory, language):
    def chat_for(**order):
        number, _, email, _ = build(factory, **order)
        chat = Chat(requests, language, sender=f"{language}-{number}")
        return chat, number, email

    chat, number, email = chat_for()
    chat.verify("price_drop", number, email)
    assert names(chat.say("affirm")) == ["utter_price_refunded", "utter_coupon_issued"]
    assert "CB-" in chat.texts[1]
    assert names(chat.say("refund_status")) == ["utter_refund_entry"]
    assert names(chat.say("return_item"))[-1] == "utter_ask_return_reason"
    returned = chat.say("inform", return_reason="damaged")
    assert returned[0].values["rma"] in chat.texts[0]
    assert names(chat.say("cancel_order")) == ["utter_cancel_delivered"]
    coupons = chat.say("request_coupon")
    assert names(coupons)[:2] == [
        "utter_coupon_entitlements",
        "utter_coupon_tier_issued",
    ]

    chat, number, email = chat_for(status="processing", placed_days_ago=1)
    assert (
        names(chat.verify("cancel_order", number, email))[-1] == "utter_cancel_confirm"
    )
    assert names(chat.say("deny")) == ["utter_offer_declined"]
    assert names(chat.say("return_item")) == ["utter_return_not_delivered"]

    chat, number, email = chat_for(charged_twice=True)
    chat.say("payment_problem", payment_issue="charged_twice")
    assert names(chat.say("inform", order_number=number, email=email))[-1] == (
        "utter_duplicate_refunded"
    )

    chat, number, email = chat_for(category="perishables")
    refused = chat.verify("return_item", number, email)
    assert names(refused)[-2:] == [
        "utter_return_category_excluded",
        "utter_offer_colleague",
    ]
    assert names(chat.say("deny")) == ["utter_offer_declined"]

    for question in ("return_policy", "shipping_info", "payment_methods"):
        general = requests.answer_policy_question(chat_state(language), question, None)
        assert render(general, language)
        named = requests.answer_policy_question(chat_state(language), question, "AE")
        assert render(named, language) != render(general, language)


def chat_state(language):
    return EnquiryState("faq", language, None, None, None, None, 0, False)


# -- never beyond what was captured (review findings) ------------------------------------


def test_after_a_cancellation_nothing_more_is_paid_back(requests, factory):
    number, _, email, _ = build(
        factory,
        status="processing",
        placed_days_ago=1,
        charged_twice=True,
        paid_unit="30.00",
        prices=((-30, "30.00"), (0, "20.00")),
    )
    chat = Chat(requests, "en")
    chat.verify("cancel_order", number, email)
    assert names(chat.say("affirm")) == ["utter_cancel_done"]
    assert names(chat.say("price_drop")) == ["utter_cancel_already"]
    chat.say("payment_problem", payment_issue="charged_twice")
    assert names(chat.say("payment_problem", payment_issue="charged_twice")) == [
        "utter_cancel_already"
    ]
    refunds = [e for e in ledger(factory) if e.kind == lg.REFUND]
    assert sum(e.amount for e in refunds) == D("69.80")  # both captures, once


def test_a_cancellation_awaiting_approval_blocks_other_refunds(requests, factory):
    number, _, email, _ = build(
        factory,
        status="processing",
        placed_days_ago=1,
        paid_unit="400.00",
        prices=((-30, "400.00"), (-1, "200.00")),
    )
    chat = Chat(requests, "es")
    chat.verify("cancel_order", number, email)
    assert names(chat.say("affirm")) == ["utter_cancel_awaiting_approval"]
    assert names(chat.say("price_drop")) == ["utter_refund_pending_entry"]
    assert names(chat.say("cancel_order")) == ["utter_refund_pending_entry"]
    assert [e.status for e in ledger(factory) if e.kind == lg.REFUND] == [
        lg.PENDING_APPROVAL
    ]


def test_a_return_pays_back_what_is_left_after_a_price_refund(requests, factory):
    number, _, email, _ = build(factory)  # 80 paid, 16 refunded for the price drop
    chat = Chat(requests, "en")
    chat.verify("price_drop", number, email)
    chat.say("affirm")
    chat.say("return_item")
    replies = chat.say("inform", return_reason="damaged")
    assert replies[-1].values["amount"] == "64,00\xa0€"


def test_a_pending_step_never_moves_to_another_order(requests, factory):
    first, _, email, [_] = build(factory, lines=[("Plush Panda", "toys", "20.00")])
    with factory() as session:
        from bot.store.models import Shopper

        shopper = session.scalars(select(Shopper).where(Shopper.email == email)).one()
        second, _ = add_order(session, shopper, NOW)
        session.commit()
    chat = Chat(requests, "en")
    chat.verify("return_item", first, email)
    chat.say("inform", item=str(chat_line(factory, first)))
    replies = chat.say("return_item", order_number=second)
    assert names(replies)[-1] == "utter_ask_return_reason"
    assert ledger(factory) == []


def chat_line(factory, number):
    with factory() as session:
        order = session.scalars(select(Order).where(Order.number == number)).one()
        return order.lines[0].id


def test_odd_item_values_are_no_line():
    assert Turn("inform", item="²").line_id is None
