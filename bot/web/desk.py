"""The conversation desk: every message is stored first, then routed by who holds the
conversation. While the bot holds it, the shopper's message goes to Rasa; while it waits
in the queue or an agent holds it, it goes to the people only, so the bot is silent by
construction."""

from __future__ import annotations

import asyncio
import datetime as dt
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.i18n import widget_texts as wt
from bot.policy.loader import load_policy
from bot.services.support_hours import SupportHours
from bot.settings import Settings
from bot.store.conversation_repository import AGENT, BOT, QUEUE
from bot.store.models import Agent, ChatMessage, Conversation
from bot.store.repositories import OFFLINE
from bot.store.unit_of_work import SqlUnitOfWork
from bot.web.hub import Hub, Socket
from bot.web.rasa_client import RasaClient, RasaUnavailable

T = TypeVar("T")
MAX_TEXT_CHARS = 4000  # what is stored; the bot itself answers politely above 1000
SETTLED_KINDS = ("refund", "coupon", "return_authorisation", "cancellation")


class DeskError(Exception):
    """A request the desk refuses; ``status`` is the HTTP status it maps to."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def message_frame(
    message: ChatMessage, agent_name: str | None = None
) -> dict[str, Any]:
    return {
        "seq": message.seq,
        "sender": message.sender,
        "text": message.text,
        "buttons": list(message.buttons or []),
        "client_id": message.client_id,
        "agent": agent_name,
        "at": message.created_at.isoformat(),
        "language": message.language,
        "intent": message.intent,
        "confidence": message.confidence,
        "flagged": message.flagged_by is not None,
    }


@dataclass(frozen=True)
class Turn:
    """What one shopper message produced: its seq, the messages that answered it and
    the conversation's language after it."""

    seq: int
    replies: list[dict[str, Any]]
    language: str
    duplicate: bool = False


@dataclass(frozen=True)
class Stored:
    """A shopper message as stored (or found stored) and its conversation then."""

    frame: dict[str, Any]
    holder: str
    agent_id: int | None
    locale: str
    language: str
    duplicate: bool
    unanswered: bool  # nothing came after it: its turn never finished

    @property
    def seq(self) -> int:
        return int(self.frame["seq"])


class ConversationDesk:
    def __init__(
        self,
        settings: Settings,
        session_factory: sessionmaker[Session],
        rasa: RasaClient,
        hub: Hub,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.settings = settings
        self.hub = hub
        self._sessions = session_factory
        self.rasa = rasa
        self.clock = clock
        self.policy = load_policy(settings.policy_path)  # checked at start-up
        self.hours = SupportHours.parse(
            settings.support_hours, settings.support_timezone
        )
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    # -- plumbing ----------------------------------------------------------------------

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self._sessions

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions)

    async def db(self, work: Callable[[SqlUnitOfWork], T]) -> T:
        """Runs ``work`` in one transaction in a worker thread (commit on success)."""

        def run() -> T:
            with self.uow() as uow:
                result = work(uow)
                uow.commit()
                return result

        return await asyncio.to_thread(run)

    def lock(self, conversation_id: str) -> asyncio.Lock:
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = self._locks[conversation_id] = asyncio.Lock()
        return lock

    def language_of(self, locale: str | None) -> str:
        return wt.language_of_locale(
            locale, self.settings.languages, self.settings.default_language
        )

    def _system(
        self, uow: SqlUnitOfWork, conversation: Conversation, key: str, **values: object
    ) -> dict[str, Any]:
        text = wt.text("widget", key, conversation.language, **values)
        return message_frame(
            uow.conversations.add_message(conversation, "system", text, self.clock())
        )

    # -- the shopper's side --------------------------------------------------------------

    async def open(self, conversation_id: str, locale: str | None) -> dict[str, Any]:
        """Creates the conversation on first contact; returns its welcome frame."""
        now = self.clock()

        def work(uow: SqlUnitOfWork) -> dict[str, Any]:
            conversation = uow.conversations.open(
                conversation_id,
                locale or "en-US",
                self.language_of(locale),
                now,
            )
            return self.welcome(conversation)

        return await self.db(work)

    def welcome(self, conversation: Conversation) -> dict[str, Any]:
        language = conversation.language
        return {
            "type": "welcome",
            "conversation_id": conversation.id,
            "language": language,
            "dir": wt.direction(language),
            "locale": conversation.locale,
            "languages": [
                {"locale": locale, "name": name}
                for code, (locale, name) in wt.LOCALES.items()
                if code in self.settings.languages
            ],
            "texts": wt.widget_texts(language),
        }

    async def history(self, conversation_id: str, after: int) -> list[dict[str, Any]]:
        def work(uow: SqlUnitOfWork) -> list[dict[str, Any]]:
            names = {a.id: a.display_name for a in uow.agents.all()}
            return [
                message_frame(m, names.get(m.agent_id) if m.agent_id else None)
                for m in uow.conversations.messages_after(conversation_id, after)
            ]

        return await self.db(work)

    async def state(self, conversation_id: str) -> dict[str, Any]:
        return await self.db(lambda uow: self._state(uow, conversation_id))

    def _state(self, uow: SqlUnitOfWork, conversation_id: str) -> dict[str, Any]:
        conversation = uow.conversations.get(conversation_id)
        frame: dict[str, Any] = {
            "type": "state",
            "holder": BOT,
            "position": None,
            "agent": None,
            "offline": None,
            "status_text": "",
        }
        if conversation is None:
            return frame
        language = conversation.language
        frame["holder"] = conversation.holder
        if conversation.holder == QUEUE:
            request_id = uow.handoffs.waiting_id_for(conversation_id)
            position = uow.handoffs.position(request_id) if request_id else 1
            frame["position"] = position
            frame["status_text"] = wt.text(
                "widget", "queue_status", language, position=position
            )
        elif conversation.holder == AGENT and conversation.agent_id:
            agent = uow.agents.get(conversation.agent_id)
            name = agent.display_name if agent else ""
            frame["agent"] = name
            frame["status_text"] = wt.text(
                "widget", "agent_status", language, agent=name
            )
        latest = uow.handoffs.latest_for(conversation_id)
        if (
            conversation.holder == BOT
            and latest is not None
            and latest.status == OFFLINE
            and not self.hours.is_open(self.clock())
        ):
            back_at = self.back_at(language)
            frame["offline"] = {"back_at": back_at}
            frame["status_text"] = wt.text(
                "widget", "offline_status", language, back_at=back_at
            )
        return frame

    def back_at(self, language: str) -> str:
        from babel.dates import format_datetime

        opening = self.hours.next_opening(self.clock())
        return format_datetime(
            opening, "EEEE HH:mm z", tzinfo=opening.tzinfo, locale=language
        )

    def survey_frame(self, language: str) -> dict[str, Any]:
        return {
            "type": "survey",
            "question": wt.text("widget", "survey_question", language),
            "options": wt.survey_options(language),
            "comment_label": wt.text("widget", "survey_comment", language),
            "submit": wt.text("widget", "survey_submit", language),
        }

    async def pending_survey(self, conversation_id: str) -> dict[str, Any] | None:
        def work(uow: SqlUnitOfWork) -> dict[str, Any] | None:
            conversation = uow.conversations.get(conversation_id)
            if conversation is None or not conversation.survey_open:
                return None
            return self.survey_frame(conversation.language)

        return await self.db(work)

    async def shopper_says(
        self,
        conversation_id: str,
        client_id: str,
        text: str,
        payload: str | None = None,
        sender: Socket | None = None,
        locale: str | None = None,
    ) -> Turn:
        """Stores the message once (by ``client_id``), acknowledges it to its sender,
        then routes it: to Rasa while the bot holds the conversation, to people
        otherwise. A re-sent message is only acknowledged again."""
        if len(text) > MAX_TEXT_CHARS or len(payload or "") > MAX_TEXT_CHARS:
            raise DeskError(413, "too_long")
        async with self.lock(conversation_id):
            stored = await self.db(
                lambda uow: self._store_shopper(
                    uow, conversation_id, client_id, text, locale
                )
            )
            seq, language = stored.seq, stored.language
            if sender is not None:
                ack = {"type": "ack", "client_id": client_id, "seq": seq}
                try:
                    await sender.send_json(ack)
                except Exception:  # gone mid-ack: the message is stored, answer it
                    sender = None
            if stored.duplicate and not (stored.unanswered and stored.holder == BOT):
                return Turn(seq, [], language, duplicate=True)
            if stored.duplicate:  # stored earlier, its turn never finished: finish it
                replies, language = await self._bot_turn(
                    conversation_id, seq, payload or text, stored.locale
                )
                return Turn(seq, replies, language, duplicate=True)
            frame = {"type": "message", "message": stored.frame}
            await self.hub.to_conversation(conversation_id, frame, exclude=sender)
            if stored.holder == AGENT and stored.agent_id is not None:
                await self.hub.to_agent(
                    stored.agent_id, frame | {"conversation_id": conversation_id}
                )
                return Turn(seq, [], language)
            if stored.holder == QUEUE:
                if not self.hours.is_open(self.clock()):
                    return Turn(
                        seq, await self._queue_closed(conversation_id), language
                    )
                await self.hub.to_consoles({"type": "queue"})
                return Turn(seq, [], language)
            replies, language = await self._bot_turn(
                conversation_id, seq, payload or text, stored.locale
            )
            return Turn(seq, replies, language)

    def _store_shopper(
        self,
        uow: SqlUnitOfWork,
        conversation_id: str,
        client_id: str,
        text: str,
        locale: str | None,
    ) -> Stored:
        now = self.clock()
        conversation = uow.conversations.open(
            conversation_id, locale or "en-US", self.language_of(locale), now
        )
        existing = uow.conversations.by_client_id(conversation_id, client_id)
        if existing is not None:
            return Stored(
                message_frame(existing),
                conversation.holder,
                conversation.agent_id,
                conversation.locale,
                conversation.language,
                duplicate=True,
                unanswered=existing.seq == conversation.last_seq,
            )
        if conversation.survey_open:
            conversation.survey_open = False  # talking on instead of rating
        try:
            message = uow.conversations.add_message(
                conversation, "shopper", text, now, client_id=client_id
            )
        except IntegrityError:  # the same client_id from a second socket, just now
            uow.session.rollback() if uow.session else None
            raise DeskError(409, "duplicate") from None
        return Stored(
            message_frame(message),
            conversation.holder,
            conversation.agent_id,
            conversation.locale,
            conversation.language,
            duplicate=False,
            unanswered=True,
        )

    async def _bot_turn(
        self, conversation_id: str, seq: int, text: str, locale: str
    ) -> tuple[list[dict[str, Any]], str]:
        """Rasa's answers to the message, stored and pushed; and the language the
        conversation is in after it."""
        await self.hub.to_conversation(
            conversation_id, {"type": "typing", "on": True, "who": "bot", "name": None}
        )
        try:
            answers = await self.rasa.turn(
                conversation_id, text, {"locale": locale} if locale else {}
            )
            understood = await self.rasa.understood(conversation_id)
        except RasaUnavailable:
            answers, understood = [], {}
            unavailable = True
        else:
            unavailable = False
        frames, state_changed, language, welcome = await self.db(
            lambda uow: self._record_bot_turn(
                uow, conversation_id, seq, answers, understood, unavailable
            )
        )
        if welcome is not None:  # the language changed: the widget follows
            await self.hub.to_conversation(conversation_id, welcome)
        for frame in frames:
            await self.hub.to_conversation(
                conversation_id, {"type": "message", "message": frame}
            )
        await self.hub.to_conversation(  # after the answers: the turn is over
            conversation_id, {"type": "typing", "on": False, "who": "bot", "name": None}
        )
        if state_changed:
            await self.hub.to_conversation(
                conversation_id, await self.state(conversation_id)
            )
            await self.hub.to_consoles({"type": "queue"})
        intent = ((understood.get("latest_message") or {}).get("intent") or {}).get(
            "name"
        )
        if intent == "complaint":
            await self.hub.to_consoles({"type": "tickets"})
        survey = await self._survey_after_settlement(conversation_id)
        if survey is not None:
            await self.hub.to_conversation(conversation_id, survey)
        return frames, language

    def _record_bot_turn(
        self,
        uow: SqlUnitOfWork,
        conversation_id: str,
        seq: int,
        answers: list[dict[str, Any]],
        understood: dict[str, Any],
        unavailable: bool,
    ) -> tuple[list[dict[str, Any]], bool, str, dict[str, Any] | None]:
        """(answers stored, whether it now waits for a person, its language, a new
        welcome frame when the language changed)"""
        now = self.clock()
        conversation = uow.conversations.get(conversation_id, lock=True)
        assert conversation is not None
        language_changed = self._note_understanding(uow, conversation, seq, understood)
        frames = []
        for answer in answers:
            buttons = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in answer.get("buttons") or []
            ]
            if not answer.get("text") and not buttons:
                continue
            message = uow.conversations.add_message(
                conversation,
                "bot",
                str(answer.get("text") or ""),
                now,
                buttons=buttons,
                language=conversation.language,
            )
            frames.append(message_frame(message))
        if unavailable:
            frames.append(self._system(uow, conversation, "unavailable"))
        state_changed = False
        request = uow.handoffs.waiting_for(conversation_id)
        if request is not None and conversation.holder == BOT:
            state_changed = True
            if self.hours.is_open(now):
                conversation.holder = QUEUE
            else:
                uow.handoffs.settle(request, OFFLINE, now)
                frames.append(
                    self._system(
                        uow,
                        conversation,
                        "offline",
                        back_at=self.back_at(conversation.language),
                    )
                )
        welcome = self.welcome(conversation) if language_changed else None
        return frames, state_changed, conversation.language, welcome

    async def _queue_closed(self, conversation_id: str) -> list[dict[str, Any]]:
        """The team closed while the shopper waited: the bot holds the conversation
        again and the shopper is offered the e-mail ticket instead of waiting all night."""

        def work(uow: SqlUnitOfWork) -> list[dict[str, Any]]:
            conversation = uow.conversations.get(conversation_id, lock=True)
            request = uow.handoffs.waiting_for(conversation_id)
            if conversation is None or conversation.holder != QUEUE:
                return []
            if request is not None:
                uow.handoffs.settle(request, OFFLINE, self.clock())
            conversation.holder = BOT
            back_at = self.back_at(conversation.language)
            return [self._system(uow, conversation, "offline", back_at=back_at)]

        frames = await self.db(work)
        for frame in frames:
            await self.hub.to_conversation(
                conversation_id, {"type": "message", "message": frame}
            )
        await self.hub.to_conversation(
            conversation_id, await self.state(conversation_id)
        )
        await self.hub.to_consoles({"type": "queue"})
        return frames

    def _note_understanding(
        self,
        uow: SqlUnitOfWork,
        conversation: Conversation,
        seq: int,
        understood: dict[str, Any],
    ) -> bool:
        """Keeps the intent and language of the shopper's message for the agent and
        for the review of what the bot misunderstood; follows the bot's language."""
        latest = understood.get("latest_message") or {}
        message = uow.conversations.message(conversation.id, seq)
        intent = latest.get("intent") or {}
        detected = latest.get("language") or {}
        if message is not None and intent.get("name"):
            message.intent = str(intent["name"])[:40]
            confidence = intent.get("confidence")
            message.confidence = (
                float(confidence) if isinstance(confidence, int | float) else None
            )
            code = detected.get("code") if isinstance(detected, dict) else None
            message.language = str(code)[:8] if code else None
        slots = understood.get("slots") or {}
        shopper_id = slots.get("verified_shopper_id")
        if isinstance(shopper_id, int | float) and not isinstance(shopper_id, bool):
            conversation.shopper_id = int(shopper_id)  # for repeat contacts
        slot_language = slots.get("language")
        if (
            slot_language in self.settings.languages
            and slot_language != conversation.language
        ):
            conversation.language = str(slot_language)
            return True
        return False

    async def _survey_after_settlement(
        self, conversation_id: str
    ) -> dict[str, Any] | None:
        """A bot-only conversation that settled something is asked once how it went."""

        def work(uow: SqlUnitOfWork) -> dict[str, Any] | None:
            conversation = uow.conversations.get(conversation_id, lock=True)
            if (
                conversation is None
                or conversation.holder != BOT
                or conversation.surveys_sent
                or conversation.survey_open
            ):
                return None
            last = uow.conversations.message(conversation_id, conversation.last_seq)
            if last is None or last.buttons:
                return None  # a question is still open
            settled = [
                entry
                for entry in uow.ledger.for_conversation(conversation_id)
                if entry.kind in SETTLED_KINDS and entry.status == "done"
            ]
            if not settled:
                return None
            conversation.survey_open = True
            conversation.surveys_sent += 1
            return self.survey_frame(conversation.language)

        return await self.db(work)

    async def choose_locale(self, conversation_id: str, locale: str) -> dict[str, Any]:
        """The shopper picked a language: the widget, the bot and the agent follow."""
        language = self.language_of(locale)

        def work(uow: SqlUnitOfWork) -> dict[str, Any]:
            conversation = uow.conversations.open(
                conversation_id, locale, language, self.clock()
            )
            conversation.locale = locale
            conversation.language = language
            return self.welcome(conversation)

        async with self.lock(conversation_id):
            welcome = await self.db(work)
            await self.rasa.tell(
                conversation_id,
                [{"event": "slot", "name": "language", "value": language}],
            )
        return welcome

    # -- people ------------------------------------------------------------------------

    async def publish(self, conversation_id: str, frames: list[dict[str, Any]]) -> None:
        for frame in frames:
            await self.hub.to_conversation(conversation_id, frame)

    def agent_name(self, uow: SqlUnitOfWork, agent_id: int | None) -> str | None:
        agent = uow.agents.get(agent_id) if agent_id else None
        return agent.display_name if agent else None

    def require_agent_holds(
        self, conversation: Conversation | None, agent: Agent
    ) -> Conversation:
        if conversation is None:
            raise DeskError(404, "No such conversation.")
        if conversation.holder != AGENT or (
            conversation.agent_id != agent.id and agent.role != "admin"
        ):
            raise DeskError(409, "This conversation is not held by you.")
        return conversation
