"""Storefront page with a chat box; forwards shoppers' messages to Rasa's REST channel."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, field_validator

from bot.settings import Settings, load_settings

STATIC = Path(__file__).resolve().parent / "static"
# The bot itself answers politely to long messages; this only stops abusive payloads.
MAX_PAYLOAD_CHARS = 20_000
_CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_LOCALE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


class ChatIn(BaseModel):
    conversation_id: str
    message: str = Field(max_length=MAX_PAYLOAD_CHARS)
    locale: str | None = None

    @field_validator("conversation_id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _CONVERSATION_ID.match(value):
            raise ValueError("conversation_id must be 8-64 letters, digits, - or _")
        return value

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str | None) -> str | None:
        return value if value and _LOCALE.match(value) else None


def _reply(message: dict[str, Any]) -> dict[str, Any]:
    return {
        key: message[key]
        for key in ("text", "buttons", "image", "custom")
        if message.get(key) is not None
    }


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(base_url=settings.rasa_url, timeout=30) as client:
            app.state.rasa = client
            yield

    app = FastAPI(title="Storefront", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def storefront() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/api/chat")
    async def chat(payload: ChatIn) -> JSONResponse:
        body = {
            "sender": payload.conversation_id,
            "message": payload.message,
            "metadata": {"locale": payload.locale} if payload.locale else {},
        }
        try:
            response = await app.state.rasa.post("/webhooks/rest/webhook", json=body)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise HTTPException(
                503, "The assistant is not reachable right now."
            ) from exc
        return JSONResponse({"replies": [_reply(m) for m in response.json()]})

    return app
