"""The storefront widget's WebSocket: hello (conversation id, locale, last seq seen) →
welcome, history and state; then the shopper's messages, language choice, rating and
offline e-mail. A message re-sent after a reconnect is stored and answered once."""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Any

from fastapi import WebSocket, WebSocketDisconnect

from bot.i18n import widget_texts as wt
from bot.services.satisfaction import InvalidRating
from bot.web.desk import MAX_TEXT_CHARS, ConversationDesk, DeskError
from bot.web.handover import Handover
from bot.web.rate_limit import RateLimiter

log = logging.getLogger(__name__)
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
LOCALE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
MAX_FRAME_CHARS = 3 * MAX_TEXT_CHARS


def valid_locale(value: object) -> str | None:
    return value if isinstance(value, str) and LOCALE.match(value) else None


class WidgetSession:
    """One open widget socket and the conversation it shows."""

    def __init__(
        self,
        socket: WebSocket,
        desk: ConversationDesk,
        handover: Handover,
        per_conversation: RateLimiter,
        per_address: RateLimiter,
    ) -> None:
        self.socket = socket
        self.desk = desk
        self.handover = handover
        self.per_conversation = per_conversation
        self.per_address = per_address
        self.address = socket.client.host if socket.client else "?"
        self.conversation_id = ""
        self.language = desk.settings.default_language
        self.last_typing = 0.0

    async def error(self, code: str, client_id: object = None) -> None:
        frame = {
            "type": "error",
            "code": code,
            "text": wt.text("widget", code, self.language),
        }
        if isinstance(client_id, str):
            frame["client_id"] = client_id  # which message it is about
        await self.socket.send_json(frame)

    async def receive(self) -> dict[str, Any] | None:
        raw = await self.socket.receive_text()
        if len(raw) > MAX_FRAME_CHARS:
            await self.error("too_long")
            return None
        try:
            frame = json.loads(raw)
        except ValueError:
            frame = None
        if not isinstance(frame, dict):
            await self.error("bad_request")
            return None
        return frame

    async def run(self) -> None:
        await self.socket.accept()
        try:
            hello = await self.receive()
            conversation_id = str((hello or {}).get("conversation_id", ""))
            if (hello or {}).get("type") != "hello" or not CONVERSATION_ID.match(
                conversation_id
            ):
                await self.error("bad_request")
                await self.socket.close(code=4400)
                return
            assert hello is not None
            if not self.per_address.allow(self.address):  # a flood of new conversations
                await self.error("rate_limited")
                await self.socket.close(code=4429)
                return
            self.conversation_id = conversation_id
            locale = valid_locale(hello.get("locale"))
            welcome = await self.desk.open(conversation_id, locale)
            if locale and welcome["locale"] != locale:  # picked while disconnected
                welcome = await self.desk.choose_locale(conversation_id, locale)
            self.language = welcome["language"]
            self.desk.hub.join_conversation(conversation_id, self.socket)
            after = hello.get("after")
            await self.socket.send_json(welcome)
            await self.socket.send_json(
                {
                    "type": "history",
                    "messages": await self.desk.history(
                        conversation_id, after if isinstance(after, int) else 0
                    ),
                }
            )
            await self.socket.send_json(await self.desk.state(conversation_id))
            survey = await self.desk.pending_survey(conversation_id)
            if survey is not None:
                await self.socket.send_json(survey)
            while True:
                frame = await self.receive()
                if frame is not None:
                    await self.dispatch(frame)
        except WebSocketDisconnect:
            pass
        finally:
            if self.conversation_id:
                self.desk.hub.leave_conversation(self.conversation_id, self.socket)

    def allowed(self) -> bool:
        return self.per_conversation.allow(
            self.conversation_id
        ) and self.per_address.allow(self.address)

    async def dispatch(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "typing":
            await self.typing()
            return
        if kind not in ("message", "locale", "survey", "offline_ticket"):
            await self.error("bad_request")
            return
        if not self.allowed():
            await self.error("rate_limited", frame.get("client_id"))
            return
        try:
            if kind == "message":
                await self.message(frame)
            elif kind == "locale":
                locale = valid_locale(frame.get("locale"))
                if locale is None:
                    raise DeskError(422, "bad_request")
                welcome = await self.desk.choose_locale(self.conversation_id, locale)
                self.language = welcome["language"]
                await self.desk.hub.to_conversation(self.conversation_id, welcome)
            elif kind == "survey":
                rating = frame.get("rating")
                comment = frame.get("comment")
                if not isinstance(rating, int):
                    raise DeskError(422, "bad_request")
                await self.handover.rate(
                    self.conversation_id,
                    rating,
                    comment if isinstance(comment, str) else None,
                )
            else:
                await self.handover.leave_email(
                    self.conversation_id,
                    str(frame.get("email", "")),
                    str(frame.get("text", "")),
                )
        except InvalidRating:
            await self.error("bad_request")
        except DeskError as refused:
            code = refused.detail
            known = ("too_long", "offline_invalid_email", "bad_request")
            await self.error(
                code if code in known else "bad_request", frame.get("client_id")
            )
        except Exception:  # stored messages survive; the shopper hears why and retries
            log.exception("widget frame %s failed", kind)
            await self.error("unavailable", frame.get("client_id"))

    async def message(self, frame: dict[str, Any]) -> None:
        client_id = frame.get("client_id")
        text = frame.get("text")
        payload = frame.get("payload")
        if (
            not isinstance(client_id, str)
            or not CLIENT_ID.match(client_id)
            or not isinstance(text, str)
            or not text.strip()
            or (payload is not None and not isinstance(payload, str))
        ):
            raise DeskError(422, "bad_request")
        turn = await self.desk.shopper_says(
            self.conversation_id, client_id, text, payload, sender=self.socket
        )
        self.language = turn.language  # errors are then worded in it

    async def typing(self) -> None:
        now = time.monotonic()
        if now - self.last_typing < 1.5:
            return
        self.last_typing = now
        held = await self.desk.db(
            lambda uow: uow.conversations.get(self.conversation_id)
        )
        if held is not None and held.agent_id is not None:
            await self.desk.hub.to_agent(
                held.agent_id,
                {"type": "typing", "conversation_id": self.conversation_id},
            )
