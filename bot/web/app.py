"""The web app on port 8000: the storefront page with its one-script-tag widget, the
agent console, and the service API. It owns conversations (see desk.py)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, HTTPException, Request, WebSocket
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, field_validator

from bot.settings import PROJECT_ROOT, Settings, load_settings
from bot.store.db import make_engine, make_session_factory
from bot.web import log_privacy
from bot.web.admin_api import admin_router
from bot.web.console_api import console_router
from bot.web.desk import MAX_TEXT_CHARS, ConversationDesk, DeskError
from bot.web.handover import Handover
from bot.web.hub import Hub
from bot.web.models_api import models_router
from bot.web.rasa_client import RasaClient
from bot.web.rate_limit import RateLimiter
from bot.web.review_api import review_router
from bot.web.service_api import service_router
from bot.web.widget_socket import (
    CLIENT_ID,
    CONVERSATION_ID,
    WidgetSession,
    valid_locale,
)

STATIC = Path(__file__).resolve().parent / "static"


class ChatIn(BaseModel):
    """A message over plain HTTP (stock clients, benchmarks): the same desk as the
    widget, answered with the replies of this turn."""

    conversation_id: str
    message: str = Field(max_length=MAX_TEXT_CHARS)
    locale: str | None = None
    client_id: str | None = None

    @field_validator("conversation_id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not CONVERSATION_ID.match(value):
            raise ValueError("conversation_id must be 8-64 letters, digits, - or _")
        return value

    @field_validator("client_id")
    @classmethod
    def _client(cls, value: str | None) -> str | None:
        if value is not None and not CLIENT_ID.match(value):
            raise ValueError("client_id must be 1-64 letters, digits, - or _")
        return value

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str | None) -> str | None:
        return valid_locale(value)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    log_privacy.install()
    engine = make_engine(settings.database_url)
    http = httpx.AsyncClient(base_url=settings.rasa_url, timeout=60)
    desk = ConversationDesk(
        settings,
        make_session_factory(engine),
        RasaClient(http, settings.rasa_api_token),
        Hub(),
    )
    handover = Handover(desk)
    per_conversation = RateLimiter(capacity=10, per_second=1.0)
    rate = settings.address_messages_per_second  # many shoppers may share an address
    per_address = RateLimiter(capacity=12 * rate, per_second=float(rate))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await http.aclose()
        engine.dispose()

    app = FastAPI(title="Storefront", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.desk = desk
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(console_router(desk, handover))
    app.include_router(service_router(desk))
    app.include_router(admin_router(desk))
    app.include_router(
        review_router(desk, settings.data_dir, PROJECT_ROOT / "domain.yml")
    )
    app.include_router(models_router(desk))

    @app.get("/", include_in_schema=False)
    async def storefront() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/widget.js", include_in_schema=False)
    async def widget_script() -> FileResponse:
        return FileResponse(STATIC / "widget.js", media_type="text/javascript")

    @app.get("/console", include_in_schema=False)
    async def console() -> FileResponse:
        return FileResponse(STATIC / "console.html")

    @app.get("/admin", include_in_schema=False)
    async def admin() -> FileResponse:
        return FileResponse(STATIC / "admin.html")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.websocket("/ws/widget")
    async def widget(socket: WebSocket) -> None:
        await WidgetSession(socket, desk, handover, per_conversation, per_address).run()

    @app.post("/api/chat")
    async def chat(payload: ChatIn, request: Request) -> JSONResponse:
        address = request.client.host if request.client else "?"
        if not (
            per_conversation.allow(payload.conversation_id)
            and per_address.allow(address)
        ):
            raise HTTPException(429, "Too many messages; please slow down.")
        try:
            turn = await desk.shopper_says(
                payload.conversation_id,
                payload.client_id or uuid.uuid4().hex,
                payload.message,
                locale=payload.locale,
            )
        except DeskError as error:
            raise HTTPException(error.status, error.detail) from None
        return JSONResponse(
            {"seq": turn.seq, "replies": [_reply(m) for m in turn.replies]}
        )

    return app


def _reply(message: dict[str, Any]) -> dict[str, Any]:
    reply: dict[str, Any] = {"sender": message["sender"], "text": message["text"]}
    if message.get("buttons"):
        reply["buttons"] = message["buttons"]
    return reply
