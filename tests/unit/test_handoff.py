from bot.services.handoff import SHOPPER_ASKED, handoff_reply, request_handoff
from tests.fakes import NOW, FakeHandoffs, FakeUnitOfWork


def test_one_waiting_request_per_conversation_with_queue_position():
    handoffs = FakeHandoffs()
    first = request_handoff(
        FakeUnitOfWork(handoffs=handoffs), "a", "en", SHOPPER_ASKED, NOW
    )
    second = request_handoff(
        FakeUnitOfWork(handoffs=handoffs), "b", "zh", SHOPPER_ASKED, NOW
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
    assert handoff_reply(first).response == "utter_handoff_requested"
    assert handoff_reply(again).response == "utter_handoff_already_waiting"
    assert handoff_reply(second).values == {"position": "2"}
