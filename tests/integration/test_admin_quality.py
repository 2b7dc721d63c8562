"""The service-quality figures from a known set of stored conversations, through the
admin API (JSON and CSV), on SQLite and PostgreSQL; admins only."""

from __future__ import annotations

import csv
import datetime as dt
import io

from fastapi.testclient import TestClient

from bot.settings import load_settings
from bot.store.conversation_repository import BOT
from bot.store.db import make_engine, make_session_factory
from bot.store.models import HandoffRequest, SurveyResponse, Ticket
from bot.store.setup import prepare_store
from bot.store.unit_of_work import SqlUnitOfWork
from bot.web.app import create_app
from bot.web.auth import new_agent

PASSWORD = "correct horse battery"
DAY = dt.datetime(2026, 11, 10, 8, 0, tzinfo=dt.timezone.utc)


def at(days=0, seconds=0):
    return DAY + dt.timedelta(days=days, seconds=seconds)


def store_conversations(sessions):
    """a: de, bot-only, rated 6; b: de, same shopper 2 days later, handed off, served
    (agent answers after 30 s, hands back after 300 s), rated 1 with a complaint;
    c: en, not understood, no rating."""
    with SqlUnitOfWork(sessions) as uow:
        repo = uow.conversations
        a = repo.open("conv-quality-a", "de-DE", "de", at(0))
        a.shopper_id = 7
        m = repo.add_message(a, "shopper", "wo ist mein paket", at(0))
        m.intent = "track_order"
        repo.add_message(a, "bot", "Unterwegs.", at(0, 2))
        repo.add_survey(_survey("conv-quality-a", 6, "de", at(0, 60)))

        b = repo.open("conv-quality-b", "de-DE", "de", at(2))
        b.shopper_id = 7
        m = repo.add_message(b, "shopper", "ich will einen menschen", at(2))
        m.intent = "request_human"
        repo.add_message(b, "bot", "Ich verbinde Sie.", at(2, 4))
        uow.session.add(
            HandoffRequest(
                conversation_id="conv-quality-b",
                language="de",
                reason="shopper_request",
                status="closed",
                details={},
                created_at=at(2, 5),
                agent_id=None,
                claimed_at=at(2, 20),
                closed_at=at(2, 305),
            )
        )
        repo.add_message(b, "agent", "Guten Tag!", at(2, 35))
        repo.add_survey(_survey("conv-quality-b", 1, "de", at(2, 400)))
        uow.tickets.add(
            Ticket(
                conversation_id="conv-quality-b", category="service", status="open",
                source="survey", language="de", email=None, summary="", rating=1,
                agent_id=None, created_at=at(2, 400), updated_at=at(2, 400),
            )
        )  # fmt: skip

        c = repo.open("conv-quality-c", "en-US", "en", at(3))
        for second, text in ((0, "blorp 418203957"), (10, "me@x.io ???")):
            m = repo.add_message(c, "shopper", text, at(3, second))
            m.intent = "nlu_fallback"
            repo.add_message(c, "bot", "Sorry?", at(3, second + 1))
        assert a.holder == b.holder == c.holder == BOT
        uow.commit()


def _survey(conversation_id, rating, language, when):
    return SurveyResponse(
        conversation_id=conversation_id,
        round=1,
        rating=rating,
        comment=None,
        language=language,
        intents=[],
        agent_id=None,
        human_involved=rating == 1,
        created_at=when,
    )


def test_figures_from_the_store_match_exactly_and_only_admins_see_them(
    database_url, tmp_path
):
    env = {
        "VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": database_url,
        "RASA_API_TOKEN": "r" * 40,
        "SERVICE_TOKEN": "s" * 40,
        "SUPPORT_HOURS": "always",
    }
    settings = load_settings(env)
    engine = make_engine(settings.database_url)
    prepare_store(engine)
    sessions = make_session_factory(engine)
    with SqlUnitOfWork(sessions) as uow:
        uow.agents.add(new_agent("boss", "Boss", PASSWORD, "admin", ["en"], at(0)))
        uow.agents.add(new_agent("anna", "Anna", PASSWORD, "agent", ["de"], at(0)))
        uow.commit()
    store_conversations(sessions)

    with TestClient(create_app(settings)) as client:
        assert client.get("/api/admin/quality").status_code == 401
        client.post(
            "/api/console/login", json={"username": "anna", "password": PASSWORD}
        )
        assert client.get("/api/admin/quality").status_code == 403
        assert client.get("/api/admin/quality.csv").status_code == 403
        client.post(
            "/api/console/login", json={"username": "boss", "password": PASSWORD}
        )
        query = {"from": "2026-11-10", "to": "2026-11-13"}
        report = client.get("/api/admin/quality", params=query).json()
        assert report["conversations"] == 3
        assert report["rated"] == 2 and report["mean_rating"] == 3.5
        assert report["ratings"]["very_dissatisfied"] == 1
        assert report["ratings"]["satisfied"] == 1
        assert report["containment_rate"] == 0.6667
        assert report["handoff_rate"] == 0.3333
        assert report["complaint_rate"] == 0.3333
        assert report["repeat_contact_rate"] == 0.5  # b repeats a; c has no shopper
        assert report["bot_first_response"] == {"count": 3, "median": 2.0, "p90": 4.0}
        assert report["agent_first_response"] == {
            "count": 1,
            "median": 30.0,
            "p90": 30.0,
        }
        assert report["bot_resolution"] == {"count": 2, "median": 6.5, "p90": 11.0}
        assert report["agent_resolution"] == {"count": 1, "median": 300.0, "p90": 300.0}
        assert report["top_intents"] == [
            {"intent": "track_order", "count": 1},
            {"intent": "request_human", "count": 1},
        ]
        assert {"text": "blorp #########", "count": 1} in report["top_fallbacks"]
        assert {"text": "<e-mail> ???", "count": 1} in report["top_fallbacks"]

        german = client.get(
            "/api/admin/quality", params=query | {"language": "de"}
        ).json()
        assert german["conversations"] == 2 and german["handoff_rate"] == 0.5
        late = client.get("/api/admin/quality", params={"from": "2026-11-12"}).json()
        assert late["conversations"] == 2 and late["repeat_contact_rate"] == 1.0

        exported = client.get("/api/admin/quality.csv", params=query)
        assert exported.headers["content-type"].startswith("text/csv")
        rows = {
            (r["section"], r["figure"]): r["value"]
            for r in csv.DictReader(io.StringIO(exported.text))
        }
        assert rows[("rates", "containment_rate")] == "0.6667"
        assert rows[("satisfaction", "mean_rating")] == "3.5"
        assert rows[("agent_first_response", "median_seconds")] == "30.0"
        assert "418203957" not in exported.text and "me@x.io" not in exported.text
        bad = client.get("/api/admin/quality", params={"language": "xx"})
        assert bad.status_code == 422
    engine.dispose()
