"""An admin exports everything stored about a shopper and erases it: what they said
goes, the ledger stays under a pseudonym, and every step is in the audit log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fastapi.testclient import TestClient

from bot.services import ledger as lg
from bot.store.models import SurveyResponse, Ticket
from bot.store.unit_of_work import SqlUnitOfWork
from tests.integration.test_web_desk import (
    PASSWORD,
    _web,
    conversation_id,
    hello,
    login,
    said,
    until,
)


def test_export_then_erase_a_shopper(tmp_path):
    app, rasa, sessions = _web(tmp_path)
    cid = conversation_id()
    now = dt.datetime.now(dt.timezone.utc)
    with TestClient(app) as client:
        with client.websocket_connect("/ws/widget") as ws:
            hello(ws, cid)
            with SqlUnitOfWork(sessions) as uow:
                shopper = uow.orders.all()[0].shopper
                shopper_id, email = shopper.id, shopper.email
            said(ws, f"meine e-mail ist {email}")
            until(ws, "message")
        with SqlUnitOfWork(sessions) as uow:
            uow.conversations.get(cid).shopper_id = shopper_id  # verified
            uow.conversations.add_survey(
                SurveyResponse(
                    conversation_id=cid, round=1, rating=2, comment=f"ruf {email} an",
                    language="de", intents=[], agent_id=None, human_involved=False,
                    created_at=now,
                )
            )  # fmt: skip
            uow.tickets.add(
                Ticket(
                    conversation_id=cid, category="service", status="open",
                    source="offline", language="de", email=email, summary="hilfe",
                    rating=None, agent_id=None, created_at=now, updated_at=now,
                )
            )  # fmt: skip
            uow.ledger.add_once(
                lg.EntryDraft(
                    idempotency_key=f"privacy-{cid}", kind=lg.COUPON, reason=lg.TIER,
                    status=lg.DONE, shopper_id=shopper_id, amount=Decimal("5.00"),
                    currency="EUR", conversation_id=cid,
                ),
                now,
            )  # fmt: skip
            uow.commit()

        path = f"/api/admin/shoppers/{shopper_id}"
        anna = login(client, "anna")
        assert client.get(f"{path}/export").status_code == 403
        assert client.post(f"{path}/erase", headers=anna).status_code == 403
        boss = login(client, "boss")
        assert client.post(f"{path}/erase").status_code == 403  # no CSRF token

        exported = client.get(f"{path}/export").json()
        assert exported["shopper"]["email"] == email
        assert exported["conversations"] == [cid]
        assert any(email in m["text"] for m in exported["messages"])
        assert exported["ledger"] and exported["surveys"][0]["rating"] == 2
        assert exported["tickets"][0]["email"] == email
        assert exported["trackers"][cid]["sender_id"] == cid
        assert exported["orders"]

        erased = client.post(f"{path}/erase", headers=boss).json()
        assert erased["messages"] >= 2 and erased["conversations"] == [cid]
        assert erased["ledger_entries_kept"] >= 1 and erased["trackers_emptied"] == 1
        assert rasa.forgotten == [cid]

        after = client.get(f"{path}/export").json()
        assert email not in str(after)
        assert after["shopper"]["name"] == erased["pseudonym"]
        assert after["messages"] == [] and after["conversations"] == []
        assert any(e["idempotency_key"] == f"privacy-{cid}" for e in after["ledger"])
        with SqlUnitOfWork(sessions) as uow:
            (ticket,) = uow.tickets.listed(("open",), cid)
            assert ticket.email is None and ticket.summary == "[erased]"
            assert uow.conversations.surveys(cid)[0].comment is None
            assert uow.conversations.messages_after(cid) == []

        log = client.get("/api/admin/audit").json()["entries"]
        actions = [(e["actor"], e["action"], e["target"]) for e in log]
        assert ("boss", "erase_shopper", f"shopper:{shopper_id}") in actions
        assert ("boss", "export_shopper", f"shopper:{shopper_id}") in actions
        assert email not in str(log)
        assert (
            client.post(
                "/api/console/login", json={"username": "anna", "password": PASSWORD}
            ).status_code
            == 200
        )
        assert client.get("/api/admin/audit").status_code == 403
