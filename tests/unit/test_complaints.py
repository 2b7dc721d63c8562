"""A shopper's complaint becomes one ticket per conversation while it is open."""

import datetime as dt

from bot.services.complaints import register_complaint

NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.timezone.utc)


class FakeTickets:
    def __init__(self):
        self.rows = []

    def open_complaint(self, conversation_id, source):
        for row in self.rows:
            if (
                row["conversation_id"] == conversation_id
                and row["source"] == source
                and row["status"] != "resolved"
            ):
                return row["id"]
        return None

    def open_ticket(self, **fields):
        self.rows.append(fields | {"id": len(self.rows) + 1, "status": "open"})
        return len(self.rows)


class FakeUow:
    def __init__(self):
        self.tickets = FakeTickets()
        self.commits = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def commit(self):
        self.commits += 1


def test_a_complaint_opens_a_ticket_in_the_conversations_category():
    uow = FakeUow()
    reply = register_complaint(
        uow, "c1", "de", ["greet", "delivery_delay"], "Ich beschwere mich!", NOW
    )
    assert reply.response == "utter_complaint_registered"
    assert reply.values == {"ticket": "#1"}
    (row,) = uow.tickets.rows
    assert row["category"] == "delivery" and row["language"] == "de"
    assert row["source"] == "shopper" and row["summary"] == "Ich beschwere mich!"
    assert uow.commits == 1


def test_a_second_complaint_in_the_conversation_points_to_the_first():
    uow = FakeUow()
    register_complaint(uow, "c1", "en", [], "complaint", NOW)
    again = register_complaint(uow, "c1", "en", ["price_drop"], "complaint!!", NOW)
    assert again.response == "utter_complaint_already_registered"
    assert again.values == {"ticket": "#1"} and len(uow.tickets.rows) == 1
    uow.tickets.rows[0]["status"] = "resolved"
    fresh = register_complaint(uow, "c1", "en", ["price_drop"], "again", NOW)
    assert fresh.values == {"ticket": "#2"}
    assert uow.tickets.rows[1]["category"] == "price"


def test_without_a_topic_the_complaint_is_about_service_and_long_text_is_cut():
    uow = FakeUow()
    register_complaint(uow, "c2", "ja", [None, "greet"], "あ" * 5000, NOW)
    (row,) = uow.tickets.rows
    assert row["category"] == "service" and len(row["summary"]) == 1000
