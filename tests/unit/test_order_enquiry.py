import pytest

from bot.services.order_enquiry import EnquiryState, OrderEnquiry
from tests.fakes import NOW, FakeHandoffs, FakeOrders, FakeUnitOfWork, order_view


@pytest.fixture
def store():
    orders = FakeOrders(
        {
            "482913075": order_view(),
            "555666777": order_view(
                number="555666777", shopper_id=9, shopper_email="someone@else.example"
            ),
        }
    )
    return orders, FakeHandoffs()


@pytest.fixture
def enquiry(store):
    orders, handoffs = store
    return OrderEnquiry(
        lambda: FakeUnitOfWork(orders, handoffs), lambda: NOW, max_attempts=3
    )


def state(**changes):
    values = dict(
        conversation_id="c-1",
        language="en",
        order_number=None,
        email=None,
        postcode=None,
        verified_shopper_id=None,
        failed_attempts=0,
        locked=False,
    )
    values.update(changes)
    return EnquiryState(**values)


def test_asks_for_the_order_number_first(enquiry):
    outcome = enquiry.handle(state())
    assert [r.response for r in outcome.replies] == ["utter_ask_order_number"]


def test_malformed_order_number_is_asked_again_without_a_lookup(enquiry, store):
    outcome = enquiry.handle(state(order_number="12ab"))
    assert [r.response for r in outcome.replies] == ["utter_ask_order_number"]
    assert store[0].lookups == []


def test_asks_for_email_or_postcode_and_discloses_nothing(enquiry):
    outcome = enquiry.handle(state(order_number="#482-913-075"))
    assert [r.response for r in outcome.replies] == ["utter_ask_contact"]
    assert all(not r.values for r in outcome.replies)
    assert outcome.slots == {"order_number": "482913075"}


def test_unknown_order_asks_for_contact_exactly_like_a_known_one(enquiry):
    known = enquiry.handle(state(order_number="482913075"))
    unknown = enquiry.handle(state(order_number="999999999"))
    assert known.replies == unknown.replies


def test_verified_shopper_gets_the_status_and_is_remembered(enquiry):
    outcome = enquiry.handle(
        state(order_number="482913075", email="anna.becker@example.com")
    )
    greeting, status = outcome.replies[0], outcome.replies[1]
    assert greeting.response == "utter_verified_greeting"
    assert greeting.values["name"] == "Anna Becker"
    assert status.response == "utter_order_status_in_transit"
    assert outcome.slots["verified_shopper_id"] == 7.0
    assert outcome.slots["shopper_name"] == "Anna Becker"
    assert outcome.slots["email"] is None and outcome.slots["postcode"] is None


def test_postcode_alone_verifies(enquiry):
    outcome = enquiry.handle(state(order_number="482913075", postcode="10115"))
    assert outcome.replies[1].response == "utter_order_status_in_transit"


def test_verified_shopper_asks_about_another_own_order_without_reverifying(
    enquiry, store
):
    store[0].by_number["111222333"] = order_view(number="111222333", status="delivered")
    outcome = enquiry.handle(state(order_number="111222333", verified_shopper_id=7))
    assert outcome.replies[0].response == "utter_order_status_delivered"


def test_verified_shopper_asking_about_someone_elses_order_must_verify(enquiry):
    outcome = enquiry.handle(state(order_number="555666777", verified_shopper_id=7))
    assert [r.response for r in outcome.replies] == ["utter_ask_contact"]


@pytest.mark.parametrize(
    ("number", "email"),
    [("482913075", "wrong@example.com"), ("999999999", "anna.becker@example.com")],
)
def test_wrong_email_and_unknown_order_get_the_same_neutral_reply(
    enquiry, number, email
):
    outcome = enquiry.handle(state(order_number=number, email=email))
    assert [r.response for r in outcome.replies] == ["utter_verification_failed"]
    assert outcome.slots == {
        "order_number": None,
        "email": None,
        "postcode": None,
        "failed_attempts": 1.0,
    }


def test_third_failure_locks_and_records_one_waiting_handoff(enquiry, store):
    outcome = enquiry.handle(
        state(order_number="482913075", email="wrong@example.com", failed_attempts=2)
    )
    assert [r.response for r in outcome.replies] == [
        "utter_verification_locked_handoff"
    ]
    assert outcome.replies[0].values == {"position": "1"}
    assert outcome.slots["verification_locked"] is True
    rows = store[1].rows
    assert len(rows) == 1
    assert rows[0]["conversation_id"] == "c-1"
    assert rows[0]["language"] == "en"
    assert rows[0]["reason"] == "verification_failed"
    assert rows[0]["status"] == "waiting"
    assert rows[0]["committed"] is True


def test_locked_conversation_never_looks_up_orders_again(enquiry, store):
    outcome = enquiry.handle(
        state(order_number="482913075", email="anna.becker@example.com", locked=True)
    )
    assert [r.response for r in outcome.replies] == ["utter_verification_locked"]
    assert store[0].lookups == []
