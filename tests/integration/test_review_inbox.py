"""The review inbox end to end in the web app: an agent flags a message, the bot's
fallback shows up, an admin labels one into the training data and dismisses another."""

from __future__ import annotations

import yaml
from fastapi.testclient import TestClient

from tests.integration.test_web_desk import (
    _web,
    conversation_id,
    hello,
    login,
    said,
    until,
)


def test_flag_label_and_dismiss(tmp_path):
    app, rasa, sessions = _web(tmp_path)
    understood = rasa.understood

    async def unsure(conversation_id):
        answer = await understood(conversation_id)
        text = rasa.turns[-1][1] if rasa.turns else ""
        if text.startswith("xq"):
            answer["latest_message"]["intent"] = {
                "name": "nlu_fallback",
                "confidence": 0.2,
            }
        return answer

    rasa.understood = unsure
    cid = conversation_id()
    with TestClient(app) as client:
        with client.websocket_connect("/ws/widget") as ws:
            hello(ws, cid)
            odd, _ = said(ws, "xq wann kommt meine jacke mit 418203957")
            until(ws, "message")
            said(ws, "human")
            until(ws, "state", holder="queue")
        anna = login(client, "anna")
        assert (
            client.post(
                f"/api/console/conversations/{cid}/messages/1/flag", headers=anna
            ).status_code
            == 403
        )  # not her conversation yet
        client.post(f"/api/console/conversations/{cid}/claim", headers=anna)
        flagged = client.post(
            f"/api/console/conversations/{cid}/messages/3/flag", headers=anna
        )
        assert flagged.status_code == 204
        assert client.get("/api/admin/review").status_code == 403

        boss = login(client, "boss")
        inbox = client.get("/api/admin/review", params={"language": "de"}).json()
        items = {i["seq"]: i for i in inbox["items"] if i["conversation_id"] == cid}
        assert set(items) == {odd, 3}
        assert items[odd]["reasons"] == ["fallback", "handoff_after_bot_reply"]
        assert items[3]["reasons"] == ["flagged"]
        assert "418203957" not in str(items) and "#########" in items[odd]["text"]
        assert "track_order" in inbox["intents"] and "out_of_scope" in inbox["intents"]

        refused = client.post(
            f"/api/admin/review/{cid}/{odd}",
            json={"intent": "delivery_delay", "text": items[odd]["text"]},
            headers=boss,
        )
        assert refused.status_code == 422  # the masked number is still a number
        labelled = client.post(
            f"/api/admin/review/{cid}/{odd}",
            json={"intent": "delivery_delay", "text": "wann kommt meine jacke"},
            headers=boss,
        )
        assert labelled.status_code == 200, labelled.text
        assert labelled.json()["file"].endswith("nlu/review/de.yml")
        written = yaml.safe_load((tmp_path / "data/nlu/review/de.yml").read_text())
        assert written["nlu"] == [
            {"intent": "delivery_delay", "examples": "- wann kommt meine jacke\n"}
        ]
        dismissed = client.post(f"/api/admin/review/{cid}/3/dismiss", headers=boss)
        assert dismissed.status_code == 204
        after = client.get("/api/admin/review").json()["items"]
        assert not [i for i in after if i["conversation_id"] == cid]

        added = client.post(
            "/api/admin/examples",
            json={"language": "es", "intent": "greet",
                  "examples": ["buenas, ¿hay alguien?", "holi"]},
            headers=boss,
        )  # fmt: skip
        assert added.json()["added"] == 2
        audit = [e["action"] for e in client.get("/api/admin/audit").json()["entries"]]
        assert {"label_message", "dismiss_message", "add_examples"} <= set(audit)
