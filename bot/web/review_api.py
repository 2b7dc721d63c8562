"""The admin's review inbox: messages the bot handled badly (masked), labelled into
training examples or dismissed; new examples for any intent and language. Agents flag
messages from the console."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from bot.services.review import ReviewItem, review_items
from bot.settings import PROJECT_ROOT
from bot.store.review_queries import mark_reviewed, trails
from bot.store.unit_of_work import SqlUnitOfWork
from bot.text.identifiers import mask_personal
from bot.training.examples import ExampleRefused, TrainingExamples
from bot.web.admin_api import AdminReader
from bot.web.console_api import Admin, Writer
from bot.web.desk import ConversationDesk

REVIEW_DAYS = 30
MIN_CONFIDENCE = 0.5
HELDOUT_DIR = PROJECT_ROOT / "eval" / "heldout"


class LabelIn(BaseModel):
    intent: str = Field(min_length=1, max_length=40)
    text: str = Field(min_length=1, max_length=500)


class ExamplesIn(BaseModel):
    language: str = Field(min_length=2, max_length=8)
    intent: str = Field(min_length=1, max_length=40)
    examples: list[str] = Field(min_length=1, max_length=200)


def domain_intents(domain_path: Path) -> tuple[str, ...]:
    domain = yaml.safe_load(domain_path.read_text(encoding="utf-8"))
    return tuple(str(i) for i in domain.get("intents") or [])


def item_json(item: ReviewItem) -> dict[str, Any]:
    return {
        "conversation_id": item.conversation_id,
        "seq": item.message.seq,
        "language": item.language,
        "text": mask_personal(item.message.text),
        "intent": item.message.intent,
        "confidence": item.message.confidence,
        "reasons": list(item.reasons),
        "at": item.message.at.isoformat(),
        "context": [
            {"seq": m.seq, "sender": m.sender, "text": mask_personal(m.text)}
            for m in item.context
        ],
    }


def review_router(
    desk: ConversationDesk, data_dir: Path, domain_path: Path
) -> APIRouter:
    router = APIRouter()
    intents = domain_intents(domain_path)
    examples = TrainingExamples(data_dir, HELDOUT_DIR, intents)

    def relative(path: Path) -> str:
        try:
            return str(path.relative_to(data_dir.parent))
        except ValueError:
            return str(path)

    def add(language: str, intent: str, texts: list[str]) -> tuple[Path, int]:
        if language not in desk.settings.languages:
            raise HTTPException(422, "Unsupported language.")
        try:
            return examples.add(language, intent, texts)
        except ExampleRefused as refused:
            raise HTTPException(422, str(refused)) from None

    @router.get("/api/admin/review")
    async def inbox(login: AdminReader, language: str | None = None) -> dict[str, Any]:
        since = desk.clock() - dt.timedelta(days=REVIEW_DAYS)

        def work(uow: SqlUnitOfWork) -> list[ReviewItem]:
            assert uow.session is not None
            return review_items(trails(uow.session, since, language), MIN_CONFIDENCE)

        found = await desk.db(work)
        return {"items": [item_json(i) for i in found[:200]], "intents": list(intents)}

    @router.post("/api/admin/review/{conversation_id}/{seq}")
    async def label(
        conversation_id: str, seq: int, body: LabelIn, login: Admin
    ) -> dict[str, Any]:
        def language_of(uow: SqlUnitOfWork) -> str | None:
            conversation = uow.conversations.get(conversation_id)
            message = uow.conversations.message(conversation_id, seq)
            if conversation is None or message is None or message.sender != "shopper":
                return None
            return message.language or conversation.language

        language = await desk.db(language_of)
        if language is None:
            raise HTTPException(404, "No such message.")
        path, added = add(language, body.intent, [body.text])
        now = desk.clock()

        def done(uow: SqlUnitOfWork) -> None:
            assert uow.session is not None
            mark_reviewed(
                uow.session,
                conversation_id,
                seq,
                body.intent,
                login.agent.username,
                now,
            )
            uow.audit(
                login.agent.username, "label_message",
                f"message:{conversation_id}:{seq}", intent=body.intent, added=added,
            )  # fmt: skip

        await desk.db(done)
        return {"file": relative(path), "intent": body.intent, "text": body.text,
                "added": added}  # fmt: skip

    @router.post("/api/admin/review/{conversation_id}/{seq}/dismiss", status_code=204)
    async def dismiss(conversation_id: str, seq: int, login: Admin) -> None:
        now = desk.clock()

        def work(uow: SqlUnitOfWork) -> bool:
            assert uow.session is not None
            found = mark_reviewed(
                uow.session, conversation_id, seq, None, login.agent.username, now
            )
            if found is not None:
                uow.audit(login.agent.username, "dismiss_message",
                          f"message:{conversation_id}:{seq}")  # fmt: skip
            return found is not None

        if not await desk.db(work):
            raise HTTPException(404, "No such message.")

    @router.post("/api/admin/examples")
    async def add_examples(body: ExamplesIn, login: Admin) -> dict[str, Any]:
        path, added = add(body.language, body.intent, body.examples)
        await desk.db(
            lambda uow: uow.audit(
                login.agent.username,
                "add_examples",
                f"intent:{body.intent}",
                language=body.language,
                added=added,
            )  # fmt: skip
        )
        return {"file": relative(path), "added": added}

    @router.post(
        "/api/console/conversations/{conversation_id}/messages/{seq}/flag",
        status_code=204,
    )
    async def flag(conversation_id: str, seq: int, login: Writer) -> None:
        """An agent marks a shopper message the bot misunderstood, for review."""

        def work(uow: SqlUnitOfWork) -> None:
            conversation = uow.conversations.get(conversation_id)
            message = uow.conversations.message(conversation_id, seq)
            if conversation is None or message is None or message.sender != "shopper":
                raise HTTPException(404, "No such message.")
            if login.agent.role != "admin" and conversation.agent_id != login.agent.id:
                raise HTTPException(403, "Claim this conversation first.")
            message.flagged_by = login.agent.username

        await desk.db(work)

    return router
