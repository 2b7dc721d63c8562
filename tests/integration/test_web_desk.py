"""The web app in-process on a real store, with a scripted Rasa: routing by holder
(bot, queue, agent), de-duplication on re-send, the console's claim/reply/hand-back,
surveys and complaints, business hours, approvals and the API's refusals."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.i18n import widget_texts as wt
from bot.services import ledger as lg
from bot.services.handoff import request_handoff
from bot.settings import PROJECT_ROOT, load_settings
from bot.store.db import make_engine, make_session_factory
from bot.store.models import AuditEntry
from bot.store.seed import export_demo
from bot.store.setup import prepare_store
from bot.store.unit_of_work import SqlUnitOfWork
from bot.web.app import create_app
from bot.web.auth import new_agent

PASSWORD = "correct horse battery"
SERVICE_TOKEN = "desk-test-service-token-" + "z" * 20


class ScriptedRasa:
    """Answers like the bot would: "human" asks for a person (the action's hand-off is
    recorded in the store), anything else gets an echo. Counts its turns."""

    def __init__(self, sessions):
        self.sessions = sessions
        self.turns: list[tuple[str, str]] = []
        self.told: list[tuple[str, list]] = []
        self.forgotten: list[str] = []
        self.verified_shopper_id: int | None = None

    async def turn(self, conversation_id, text, metadata):
        self.turns.append((conversation_id, text))
        if text == "human":
            request_handoff(
                SqlUnitOfWork(self.sessions),
                conversation_id,
                "de",
                "shopper_request",
                dt.datetime.now(dt.timezone.utc),
            )
            return [{"text": "Ich verbinde Sie mit einem Kollegen."}]
        if text == "buttons":
            return [
                {
                    "text": "Ja oder nein?",
                    "buttons": [{"title": "Ja", "payload": "/affirm"}],
                }
            ]
        return [{"text": f"echo: {text}"}]

    async def understood(self, conversation_id):
        intent = "track_order" if self.turns else "greet"
        return {
            "latest_message": {
                "intent": {"name": intent, "confidence": 0.9},
                "language": {"code": "de"},
            },
            "slots": {
                "language": "de",
                "verified_shopper_id": self.verified_shopper_id,
            },
        }

    async def tell(self, conversation_id, events):
        self.told.append((conversation_id, events))
        return True

    async def tracker(self, conversation_id):
        return {"sender_id": conversation_id, "events": [{"event": "user"}]}

    async def forget(self, conversation_id):
        self.forgotten.append(conversation_id)
        return True


def _closed_hours(now: dt.datetime) -> str:
    """Opening hours that are certainly not now: one minute, three days ahead."""
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[(now.weekday() + 3) % 7]
    return f"{day} 03:00-03:01"


def _web(tmp_path, hours="always"):
    env = {
        "VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}",
        "RASA_API_TOKEN": "r" * 40,
        "SERVICE_TOKEN": SERVICE_TOKEN,
        "SUPPORT_HOURS": hours,
        "SUPPORT_TIMEZONE": "UTC",
        "DATA_DIR": str(tmp_path / "data"),  # reviewed examples land here, not in data/
    }
    settings = load_settings(env)
    engine = make_engine(settings.database_url)
    prepare_store(engine)
    sessions = make_session_factory(engine)
    now = dt.datetime.now(dt.timezone.utc)
    with SqlUnitOfWork(sessions) as uow:
        uow.agents.add(new_agent("anna", "Anna", PASSWORD, "agent", ["de", "en"], now))
        uow.agents.add(new_agent("mei", "Mei", PASSWORD, "agent", ["zh", "ja"], now))
        uow.agents.add(new_agent("boss", "Boss", PASSWORD, "admin", ["en"], now))
        uow.commit()
    app = create_app(settings)
    rasa = ScriptedRasa(sessions)
    app.state.desk.rasa = rasa
    return app, rasa, sessions


@pytest.fixture
def web(tmp_path):
    app, rasa, sessions = _web(tmp_path)
    with TestClient(app) as client:
        yield client, rasa, sessions


def conversation_id() -> str:
    return uuid.uuid4().hex


def hello(ws, cid, locale="de-DE", after=0):
    ws.send_json(
        {"type": "hello", "conversation_id": cid, "locale": locale, "after": after}
    )
    welcome = ws.receive_json()
    history = ws.receive_json()
    state = ws.receive_json()
    assert welcome["type"] == "welcome" and history["type"] == "history"
    assert state["type"] == "state"
    return welcome, history, state


def until(ws, kind, **match):
    """Frames until one of ``kind`` (matching ``match``); returns it and those before."""
    seen = []
    for _ in range(30):
        frame = ws.receive_json()
        seen.append(frame)
        if frame["type"] == kind and all(frame.get(k) == v for k, v in match.items()):
            return frame, seen
    raise AssertionError(f"no {kind} frame in {seen}")


def said(ws, text, client_id=None):
    client_id = client_id or uuid.uuid4().hex
    ws.send_json({"type": "message", "client_id": client_id, "text": text})
    ack, _ = until(ws, "ack", client_id=client_id)
    return ack["seq"], client_id


def waits_in_queue(ws, cid):
    """A new conversation whose shopper asked for a person."""
    hello(ws, cid)
    said(ws, "human")
    return until(ws, "state", holder="queue")[0]


def login(client, username="anna"):
    response = client.post(
        "/api/console/login", json={"username": username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}


def test_welcome_is_in_the_storefront_language_and_right_to_left_for_arabic(web):
    client, _, _ = web
    with client.websocket_connect("/ws/widget") as ws:
        welcome, history, state = hello(ws, conversation_id(), "ar-AE")
    assert welcome["language"] == "ar" and welcome["dir"] == "rtl"
    assert welcome["texts"]["send"] != "Send" and len(welcome["languages"]) == 10
    assert history["messages"] == [] and state["holder"] == "bot"


def test_a_resent_message_is_stored_and_answered_once(web):
    client, rasa, _ = web
    cid = conversation_id()
    with client.websocket_connect("/ws/widget") as ws:
        hello(ws, cid)
        seq, client_id = said(ws, "wo ist mein paket")
        reply, _ = until(ws, "message")
        assert reply["message"]["text"] == "echo: wo ist mein paket"
    with client.websocket_connect("/ws/widget") as ws:  # reconnect, re-send from outbox
        _, history, _ = hello(ws, cid, after=seq)
        assert [m["sender"] for m in history["messages"]] == ["bot"]
        again, _ = said(ws, "wo ist mein paket", client_id)
    assert again == seq and len(rasa.turns) == 1
    with client.websocket_connect("/ws/widget") as ws:  # a reload: everything, once
        _, history, _ = hello(ws, cid, after=0)
    assert [(m["sender"], m["seq"]) for m in history["messages"]] == [
        ("shopper", 1),
        ("bot", 2),
    ]
    assert history["messages"][0]["intent"] == "track_order"


def test_handoff_claim_reply_silence_and_hand_back_with_survey(web):
    client, rasa, sessions = web
    cid = conversation_id()
    with client.websocket_connect("/ws/widget") as ws:
        hello(ws, cid)
        said(ws, "human")
        state, _ = until(ws, "state", holder="queue")
        assert state["position"] == 1 and "1" in state["status_text"]

        mei = login(client, "mei")
        assert cid not in str(client.get("/api/console/queue").json())
        refused = client.post(f"/api/console/conversations/{cid}/claim", headers=mei)
        assert refused.status_code == 403

        anna = login(client, "anna")
        queue = client.get("/api/console/queue").json()
        assert [w["conversation_id"] for w in queue["waiting"]] == [cid]
        claimed = client.post(f"/api/console/conversations/{cid}/claim", headers=anna)
        assert claimed.status_code == 200
        view = claimed.json()
        assert [m["sender"] for m in view["messages"]][:2] == ["shopper", "bot"]
        assert view["conversation"]["handoff"]["reason"] == "shopper_request"
        joined, _ = until(ws, "message")
        assert (
            joined["message"]["sender"] == "system"
            and "Anna" in joined["message"]["text"]
        )
        until(ws, "state", holder="agent")

        sent = client.post(
            f"/api/console/conversations/{cid}/messages",
            json={"text": "Guten Tag, ich sehe mir das an."},
            headers=anna,
        )
        assert sent.status_code == 200
        agent_says, _ = until(ws, "message")
        assert agent_says["message"]["sender"] == "agent"
        assert agent_says["message"]["agent"] == "Anna"

        turns = len(rasa.turns)
        said(ws, "danke, und wann kommt es?")
        assert len(rasa.turns) == turns  # the bot never saw it
        transcript = client.get(f"/api/console/conversations/{cid}").json()["messages"]
        assert transcript[-1]["text"] == "danke, und wann kommt es?"

        closed = client.post(f"/api/console/conversations/{cid}/close", headers=anna)
        assert closed.status_code == 204
        survey, frames = until(ws, "survey")
        assert any(f["type"] == "state" and f["holder"] == "bot" for f in frames)
        assert [o["label"] for o in survey["options"]][0] == "Sehr unzufrieden"
        assert len(survey["options"]) == 7
        told = rasa.told[-1][1]
        assert told[0]["event"] == "bot"
        assert told[0]["text"] == "Guten Tag, ich sehe mir das an."
        assert {"event": "slot", "name": "pending", "value": None} in told

        ws.send_json({"type": "survey", "rating": 2, "comment": "zu langsam"})
        thanks, _ = until(ws, "message")
        assert "#" in thanks["message"]["text"]  # a complaint ticket was opened
        said(ws, "noch eine frage")
        until(ws, "message")
        assert len(rasa.turns) == turns + 1  # the bot answers again

    with SqlUnitOfWork(sessions) as uow:
        (survey_row,) = uow.conversations.surveys(cid)
        (ticket,) = uow.tickets.listed(("open",), cid)
        assert survey_row.rating == 2 and survey_row.human_involved
        assert survey_row.agent_id is not None and survey_row.language == "de"
        assert ticket.source == "survey" and ticket.category == "delivery"
        assert ticket.summary == "zu langsam"


def test_an_agent_passes_a_conversation_on_and_an_admin_frees_a_stuck_one(web):
    client, rasa, sessions = web
    cid = conversation_id()
    with client.websocket_connect("/ws/widget") as ws:
        waits_in_queue(ws, cid)
        anna = login(client, "anna")
        client.post(f"/api/console/conversations/{cid}/claim", headers=anna)
        until(ws, "state", holder="agent")

        note = "Rückgabe gewünscht, bitte Etikett prüfen"
        passed = client.post(
            f"/api/console/conversations/{cid}/release", json={"note": note},
            headers=anna,
        )  # fmt: skip
        assert passed.status_code == 204, passed.text
        told, frames = until(ws, "message")
        assert told["message"]["sender"] == "system"
        assert told["message"]["text"] == wt.text(
            "widget", "agent_transferred", "de", agent="Anna"
        )
        state, _ = until(ws, "state", holder="queue")
        assert state["position"] == 1
        (waiting,) = client.get("/api/console/queue").json()["waiting"]
        assert waiting["conversation_id"] == cid and waiting["reason"] == "transfer"
        assert waiting["details"] == {"from_agent": "Anna", "note": note}
        turns = len(rasa.turns)
        said(ws, "hallo? ist da jemand?")
        assert len(rasa.turns) == turns  # waiting for a person: the bot stays silent

        client.post(f"/api/console/conversations/{cid}/claim", headers=anna)
        until(ws, "state", holder="agent")
        assert client.get("/api/admin/held").status_code == 403
        mei = login(client, "mei")
        refused = client.post(
            f"/api/console/conversations/{cid}/release", json={}, headers=mei
        )
        assert refused.status_code == 409

        boss = login(client, "boss")
        (held,) = client.get("/api/admin/held").json()["held"]
        assert held["conversation_id"] == cid and held["agent"] == "Anna"
        assert held["agent_connected"] is False  # no console open: gone
        freed = client.post(
            f"/api/console/conversations/{cid}/release", json={}, headers=boss
        )
        assert freed.status_code == 204
        told, _ = until(ws, "message")
        assert told["message"]["text"] == wt.text(
            "widget", "agent_released_by_team", "de"
        )
        until(ws, "state", holder="queue")
        assert client.get("/api/admin/held").json()["held"] == []
    audit = client.get("/api/admin/audit").json()
    assert any(
        e["action"] == "release_conversation" and e["actor"] == "boss"
        for e in audit["entries"]
    )


def test_the_agent_sees_the_verified_shoppers_customer_type(web):
    """Worked out here from the demo orders and the written thresholds."""
    client, rasa, sessions = web
    demo = export_demo(sessions, dt.date.today())
    shopper = next(s for s in demo["shoppers"] if s["market"] == "US")
    kept = [o for o in demo["orders"]
            if o["shopper_id"] == shopper["id"] and o["status"] != "cancelled"]  # fmt: skip
    spend = sum(
        Decimal(i["price_paid"]) * i["quantity"] for o in kept for i in o["items"]
    )
    types = yaml.safe_load((PROJECT_ROOT / "policies.yml").read_text(encoding="utf-8"))[
        "defaults"
    ]["customer_types"]  # US: vip from 8 orders or 1000 spent
    expected = (
        "vip" if len(kept) >= types["vip"]["min_orders"] or spend >= 1000
        else "regular" if len(kept) >= types["regular"]["min_orders"]
        else "first_order"
    )  # fmt: skip
    rasa.verified_shopper_id = shopper["id"]
    cid = conversation_id()
    with client.websocket_connect("/ws/widget") as ws:
        waits_in_queue(ws, cid)
        anna = login(client, "anna")
        view = client.post(f"/api/console/conversations/{cid}/claim", headers=anna)
    seen = view.json()["shopper"]
    assert seen["name"] == shopper["name"]
    assert seen["customer_type"] == expected


def test_outside_business_hours_a_handoff_becomes_an_email_ticket(tmp_path):
    app, _, sessions = _web(tmp_path, _closed_hours(dt.datetime.now(dt.timezone.utc)))
    cid = conversation_id()
    with TestClient(app) as client, client.websocket_connect("/ws/widget") as ws:
        hello(ws, cid)
        said(ws, "human")
        state, frames = until(ws, "state")
        assert state["holder"] == "bot" and state["offline"]["back_at"]
        offline = [f for f in frames if f["type"] == "message"][-1]["message"]
        assert (
            offline["sender"] == "system"
            and state["offline"]["back_at"] in offline["text"]
        )
        ws.send_json({"type": "offline_ticket", "email": "not-an-email", "text": "x"})
        error, _ = until(ws, "error")
        assert error["code"] == "offline_invalid_email"
        ws.send_json(
            {"type": "offline_ticket", "email": "kunde@example.de", "text": "Rückruf?"}
        )
        opened, _ = until(ws, "message")
        assert "kunde@example.de" in opened["message"]["text"]
        assert client.get("/api/console/queue").status_code == 401
    with SqlUnitOfWork(sessions) as uow:
        (ticket,) = uow.tickets.listed(("open",), cid)
        assert uow.handoffs.waiting() == []
        assert ticket.source == "offline" and ticket.email == "kunde@example.de"


def test_a_settled_bot_only_conversation_is_asked_once(web):
    client, _, sessions = web
    cid = conversation_id()
    with SqlUnitOfWork(sessions) as uow:
        shopper_id = uow.orders.all()[0].shopper.id
        uow.ledger.add_once(
            lg.EntryDraft(
                idempotency_key=f"test-coupon-{cid}",
                kind=lg.COUPON,
                reason=lg.TIER,
                status=lg.DONE,
                shopper_id=shopper_id,
                amount=Decimal("5.00"),
                currency="EUR",
                conversation_id=cid,
            ),
            dt.datetime.now(dt.timezone.utc),
        )
        uow.commit()
    with client.websocket_connect("/ws/widget") as ws:
        hello(ws, cid)
        said(ws, "buttons")  # a question is open: no survey yet
        said(ws, "ja")
        survey, _ = until(ws, "survey")
        assert len(survey["options"]) == 7
        said(ws, "und noch was")
        said(ws, "danke")
        ws.send_json({"type": "survey", "rating": 7})
        error, _ = until(ws, "error")  # talking on closed the survey; none is open now
        assert error["code"] == "bad_request"


def test_only_the_holding_agent_decides_on_a_pending_refund_and_only_once(web):
    client, _, sessions = web
    cid = conversation_id()
    with client.websocket_connect("/ws/widget") as ws:
        waits_in_queue(ws, cid)
    with SqlUnitOfWork(sessions) as uow:
        order = uow.orders.all()[0]
        record, _ = uow.ledger.add_once(
            lg.EntryDraft(
                idempotency_key="test-pending-refund",
                kind=lg.REFUND,
                reason=lg.PRICE_DROP,
                status=lg.PENDING_APPROVAL,
                shopper_id=order.shopper.id,
                amount=Decimal("80.00"),
                currency=order.currency,
                order_number=order.number,
                conversation_id=cid,
            ),
            dt.datetime.now(dt.timezone.utc),
        )
        uow.commit()
    path = f"/api/console/ledger/{record.id}"
    anna = login(client)
    not_yet = client.post(f"{path}/approve", json={}, headers=anna)
    assert not_yet.status_code == 404  # not her conversation (yet): nothing revealed
    client.post(f"/api/console/conversations/{cid}/claim", headers=anna)
    approved = client.post(
        f"{path}/approve",
        json={"note": "Kundin schrieb von anna.k@example.com, Paket beschädigt"},
        headers=anna,
    )
    assert approved.status_code == 200 and approved.json()["status"] == "done"
    with SqlUnitOfWork(sessions) as uow:
        decision = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.target == f"ledger:{record.id}")
        ).one()
        assert (
            decision.details["note"] == "Kundin schrieb von <e-mail> Paket beschädigt"
        )
    assert approved.json()["decided_by"] == "anna" and not approved.json()["pending"]
    again = client.post(f"{path}/reject", json={}, headers=anna)
    assert again.json()["status"] == "done"  # decided once
    mei = login(client, "mei")
    assert client.post(f"{path}/reject", json={}, headers=mei).status_code == 404
    missing = client.post("/api/console/ledger/999999/approve", json={}, headers=mei)
    assert missing.status_code == 404


def test_a_message_whose_turn_failed_is_answered_when_resent(web):
    client, rasa, _ = web
    answer = rasa.turn
    failures = [RuntimeError("rasa fell over")]

    async def flaky(conversation_id, text, metadata):
        if failures:
            raise failures.pop()
        return await answer(conversation_id, text, metadata)

    rasa.turn = flaky
    cid = conversation_id()
    with client.websocket_connect("/ws/widget") as ws:
        hello(ws, cid)
        seq, client_id = said(ws, "wo bleibt mein paket")
        error, _ = until(ws, "error")
        assert error["code"] == "unavailable" and error["client_id"] == client_id
        again, _ = said(ws, "wo bleibt mein paket", client_id)
        reply, _ = until(ws, "message")
        assert again == seq and reply["message"]["text"] == "echo: wo bleibt mein paket"
    with client.websocket_connect("/ws/widget") as ws:
        _, history, _ = hello(ws, cid)
    assert [m["sender"] for m in history["messages"]] == ["shopper", "bot"]


def test_a_language_picked_while_disconnected_arrives_with_the_next_hello(web):
    client, _, _ = web
    cid = conversation_id()
    with client.websocket_connect("/ws/widget") as ws:
        welcome, _, _ = hello(ws, cid, "de-DE")
        assert welcome["language"] == "de"
    with client.websocket_connect("/ws/widget") as ws:
        welcome, _, _ = hello(ws, cid, "fr-FR")
    assert welcome["language"] == "fr" and welcome["locale"] == "fr-FR"


def test_console_and_service_api_refuse_the_unauthorised(web):
    client, _, sessions = web
    for path in ("/api/console/me", "/api/console/queue", "/api/console/tickets"):
        assert client.get(path).status_code == 401
    assert (
        client.post("/api/console/status", json={"status": "away"}).status_code == 401
    )
    wrong = client.post(
        "/api/console/login", json={"username": "anna", "password": "wrong password"}
    )
    assert wrong.status_code == 401 and "console_session" not in wrong.cookies
    anna = login(client)
    no_csrf = client.post("/api/console/status", json={"status": "away"})
    assert no_csrf.status_code == 403
    assert (
        client.post(
            "/api/console/status", json={"status": "away"}, headers=anna
        ).json()["status"]
        == "away"
    )
    assert client.get("/api/admin/agents").status_code == 403
    new = {
        "username": "neu",
        "display_name": "Neu",
        "password": "x" * 12,
        "languages": ["de"],
    }
    assert client.post("/api/admin/agents", json=new, headers=anna).status_code == 403
    boss = login(client, "boss")
    assert client.post("/api/admin/agents", json=new, headers=boss).status_code == 201
    assert client.post("/api/console/logout", headers=boss).status_code == 204
    assert client.get("/api/console/me").status_code == 401

    body = {"conversation_id": conversation_id(), "language": "de", "reason": "x"}
    assert client.post("/api/service/handoffs", json=body).status_code == 401
    bad = {"Authorization": "Bearer wrong"}
    assert (
        client.post("/api/service/handoffs", json=body, headers=bad).status_code == 401
    )
    good = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    first = client.post("/api/service/handoffs", json=body, headers=good).json()
    second = client.post("/api/service/handoffs", json=body, headers=good).json()
    assert first["created"] and not second["created"]
    assert first["request_id"] == second["request_id"]


def test_console_socket_needs_a_login(web):
    client, _, _ = web
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("/ws/console") as ws:
            ws.receive_json()


def test_an_open_console_is_closed_when_its_session_ends(web, monkeypatch):
    client, _, sessions = web
    from starlette.websockets import WebSocketDisconnect

    from bot.store.models import AgentSession
    from bot.web import console_api

    monkeypatch.setattr(console_api, "SESSION_RECHECK_SECONDS", 0.2)
    login(client, "anna")
    headers = {"origin": "http://testserver"}
    with client.websocket_connect("/ws/console", headers=headers) as ws:
        with sessions() as session, session.begin():
            for row in session.scalars(select(AgentSession)):
                row.expires_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(
                    minutes=1
                )
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4401


def test_widget_and_chat_endpoint_rate_limit_a_flood(web):
    client, rasa, _ = web
    cid = conversation_id()
    with client.websocket_connect("/ws/widget") as ws:
        hello(ws, cid)
        for n in range(25):
            ws.send_json({"type": "message", "client_id": f"c{n}", "text": f"m{n}"})
        codes = []
        for _ in range(200):
            frame = ws.receive_json()
            if frame["type"] == "error":
                codes.append(frame["code"])
            if len(codes) + len([1]) and frame.get("client_id") == "c24":
                break
        assert "rate_limited" in codes
    assert len(rasa.turns) < 25
    flood = [
        client.post(
            "/api/chat", json={"conversation_id": cid, "message": "hi"}
        ).status_code
        for _ in range(15)
    ]
    assert 429 in flood


def test_bad_frames_get_a_polite_error_and_the_socket_stays_open(web):
    client, _, _ = web
    with client.websocket_connect("/ws/widget") as ws:
        hello(ws, conversation_id(), "ja-JP")
        ws.send_text("not json")
        error, _ = until(ws, "error")
        assert error["code"] == "bad_request" and error["text"]
        ws.send_json({"type": "message", "client_id": "x1", "text": "あ" * 5000})
        error, _ = until(ws, "error")
        assert error["code"] == "too_long" and error["client_id"] == "x1"
        said(ws, "こんにちは")


def test_a_shopper_still_waiting_at_closing_time_is_offered_the_email_ticket(web):
    client, rasa, _ = web
    from bot.services.support_hours import SupportHours

    desk = client.app.state.desk
    cid = conversation_id()
    with client.websocket_connect("/ws/widget") as ws:
        waits_in_queue(ws, cid)
        desk.hours = SupportHours.parse(
            _closed_hours(dt.datetime.now(dt.timezone.utc)), "UTC"
        )
        turns = len(rasa.turns)
        said(ws, "ist noch jemand da?")
        state, frames = until(ws, "state")
        assert state["holder"] == "bot" and state["offline"]
        assert any(
            f["type"] == "message" and f["message"]["sender"] == "system"
            for f in frames
        )
        assert len(rasa.turns) == turns  # that message was for a person, not the bot
