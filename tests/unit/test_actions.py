"""Actions with tracker fixtures: assert on returned events and response names."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.container import Services, use_services
from actions.fallback import ActionHandleFallback
from actions.handoff import ActionRequestHuman
from actions.language import ActionDetectLanguage
from actions.requests import ActionShopperRequest
from bot.policy.loader import load_policy
from bot.services.order_enquiry import OrderEnquiry
from bot.services.shopper_requests import Settlements, ShopperRequests
from bot.settings import PROJECT_ROOT, load_settings
from tests.fakes import NOW, FakeHandoffs, FakeOrders, FakeUnitOfWork, order_view


class NotLate:
    """Delay remedies for an order that is on time."""

    def offer(self, order_number):
        return None


class NotCancelled:
    """Cancellations of an order nobody asked to cancel."""

    def has_request(self, order_number):
        return False


@pytest.fixture
def handoffs():
    return FakeHandoffs()


@pytest.fixture(autouse=True)
def fake_services(tmp_path, handoffs):
    settings = load_settings({"VAR_DIR": str(tmp_path), "RASA_API_TOKEN": "t" * 40})
    orders = FakeOrders({"482913075": order_view()})

    def uow():
        return FakeUnitOfWork(orders, handoffs)

    enquiry = OrderEnquiry(uow, lambda: NOW)
    policy = load_policy(PROJECT_ROOT / "policies.yml")
    settlements = Settlements(  # tracking needs no more
        prices=None,
        returns=None,
        cancellations=NotCancelled(),
        coupons=None,
        duplicates=None,
        delays=NotLate(),
    )
    requests = ShopperRequests(enquiry, settlements, policy, uow, lambda: NOW)
    use_services(Services(settings, uow, enquiry, requests))
    yield
    use_services(None)


def tracker(slots=None, latest=None, sender="conv-1"):
    return Tracker(
        sender_id=sender,
        slots={
            "language": "en",
            "failed_attempts": 0.0,
            "verification_locked": False,
            **(slots or {}),
        },
        latest_message=latest or {"text": "", "intent": {}, "entities": []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, track):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, track, {}))
    return dispatcher.messages, events


def test_track_order_asks_for_the_number():
    messages, events = run(ActionShopperRequest(), tracker())
    assert [m["response"] for m in messages] == ["utter_ask_order_number"]
    assert SlotSet("order_number", None) in events
    assert SlotSet("flow", "track") in events


def test_track_order_answers_a_verified_shopper_with_template_values():
    messages, events = run(
        ActionShopperRequest(),
        tracker(
            {
                "order_number": "482913075",
                "email": "anna.becker@example.com",
                "language": "zh",
            }
        ),
    )
    assert [m["response"] for m in messages] == [
        "utter_verified_greeting",
        "utter_order_status_in_transit",
        "utter_order_expected_delivery",
    ]
    assert messages[0]["name"] == "Anna Becker"
    assert messages[1]["tracking_number"] == "D123456789001DE"
    assert messages[1]["event"] == "已到达分拣中心"
    assert SlotSet("verified_shopper_id", 7.0) in events


def test_track_order_counts_failures_and_locks_on_the_third(handoffs):
    slots = {
        "order_number": "482913075",
        "email": "x@y.example",
        "failed_attempts": 2.0,
    }
    messages, events = run(ActionShopperRequest(), tracker(slots))
    assert [m["response"] for m in messages] == ["utter_verification_locked_handoff"]
    assert SlotSet("verification_locked", True) in events
    assert SlotSet("failed_attempts", 3.0) in events
    assert [r["reason"] for r in handoffs.rows] == ["verification_failed"]


def test_request_human_records_once(handoffs):
    first, _ = run(ActionRequestHuman(), tracker())
    second, _ = run(ActionRequestHuman(), tracker())
    assert [m["response"] for m in first + second] == [
        "utter_handoff_requested",
        "utter_handoff_already_waiting",
    ]
    assert len(handoffs.rows) == 1 and handoffs.rows[0]["reason"] == "shopper_request"


@pytest.mark.parametrize(
    ("issue", "response"),
    [
        ("empty", "utter_input_empty"),
        ("too_long", "utter_input_too_long"),
        ("no_words", "utter_input_no_words"),
        ("code", "utter_default"),
        (None, "utter_default"),
    ],
)
def test_fallback_reply_depends_on_the_input_issue(issue, response):
    messages, events = run(
        ActionHandleFallback(), tracker(latest={"input_issue": issue})
    )
    assert [m["response"] for m in messages] == [response]
    assert events == []
    if issue == "too_long":
        assert messages[0]["max_chars"] == "1000"


@pytest.mark.parametrize(
    ("slot", "language", "events"),
    [
        (
            "en",
            {"code": "zh", "confidence": 0.99, "source": "text"},
            [SlotSet("language", "zh")],
        ),
        ("zh", {"code": "zh", "confidence": 0.0, "source": "locale"}, []),
        ("zh", {"code": "en", "confidence": 0.3, "source": "text"}, []),
        (
            "zh",
            {"code": "en", "confidence": 1.0, "source": "explicit"},
            [SlotSet("language", "en")],
        ),
    ],
)
def test_detect_language_sets_the_slot_only_on_a_change(slot, language, events):
    _, result = run(
        ActionDetectLanguage(),
        tracker({"language": slot}, latest={"language": language}),
    )
    assert result == events


def test_a_switch_request_in_a_long_sentence_switches_by_intent_and_named_language():
    detected = {"code": "en", "confidence": 0.99, "source": "text"}
    latest = {
        "language": detected,
        "intent": {"name": "switch_language", "confidence": 0.8},
        "entities": [{"entity": "language_name", "value": "de"}],
    }
    _, result = run(ActionDetectLanguage(), tracker({"language": "en"}, latest=latest))
    assert result == [SlotSet("language", "de")]


def test_a_language_named_outside_a_switch_request_does_not_switch():
    detected = {"code": "en", "confidence": 0.99, "source": "text"}
    latest = {
        "language": detected,
        "intent": {"name": "track_order", "confidence": 0.9},
        "entities": [{"entity": "language_name", "value": "de"}],
    }
    _, result = run(ActionDetectLanguage(), tracker({"language": "en"}, latest=latest))
    assert result == []


def test_first_message_takes_the_storefront_locale_when_it_has_no_language():
    neutral = {"code": "zh", "confidence": 0.0, "source": "locale"}
    _, result = run(
        ActionDetectLanguage(),
        tracker({"language": None}, latest={"language": neutral}),
    )
    assert result == [SlotSet("language", "zh")]
