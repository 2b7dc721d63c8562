from bot.services.handoff import SHOPPER_ASKED, request_handoff
from bot.services.topics import topic_reply
from tests.fakes import NOW, FakeHandoffs, FakeUnitOfWork


def test_one_waiting_request_per_conversation_with_queue_position():
    handoffs = FakeHandoffs()
    first = request_handoff(
        FakeUnitOfWork(handoffs=handoffs), "a", "en", SHOPPER_ASKED, NOW
    )
    second = request_handoff(
        FakeUnitOfWork(handoffs=handoffs), "b", "en", SHOPPER_ASKED, NOW
    )
    again = request_handoff(
        FakeUnitOfWork(handoffs=handoffs), "a", "en", SHOPPER_ASKED, NOW
    )
    assert (first.created, first.position) == (True, 1)
    assert (second.created, second.position) == (True, 2)
    assert (again.created, again.request_id, again.position) == (
        False,
        first.request_id,
        1,
    )
    assert len(handoffs.rows) == 2
    assert topic_reply("request_human", first).response == "utter_handoff_requested"
    assert (
        topic_reply("request_human", again).response == "utter_handoff_already_waiting"
    )
    assert topic_reply("request_human", second).values == {"position": "2"}


def test_topics_record_their_reason_and_get_their_own_reply():
    from bot.services.handoff import HandoffTicket
    from bot.services.topics import TOPICS, topic_reason

    new, old = HandoffTicket(1, True, 3), HandoffTicket(1, False, 3)
    for intent, (reason, response) in TOPICS.items():
        assert topic_reason(intent) == reason
        assert topic_reply(intent, new).response == response
        assert topic_reply(intent, new).values == {"position": "3"}
        assert topic_reply(intent, old).response == "utter_handoff_already_waiting"
    assert topic_reason("request_human") == "shopper_request"
    assert topic_reply("request_human", new).response == "utter_handoff_requested"
