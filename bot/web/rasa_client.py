"""Rasa as the web app sees it: the REST channel for turns, the token-protected HTTP API
for what the turn understood and for telling the tracker what happened without it."""

from __future__ import annotations

from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa did not answer; the shopper's message is kept and they are told."""


class RasaClient:
    def __init__(self, http: httpx.AsyncClient, token: str) -> None:
        self._http = http
        self._auth = {"token": token}

    async def turn(
        self, conversation_id: str, text: str, metadata: dict[str, Any]
    ) -> list[dict[str, Any]]:
        body = {"sender": conversation_id, "message": text, "metadata": metadata}
        try:
            response = await self._http.post("/webhooks/rest/webhook", json=body)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise RasaUnavailable(str(exc)) from exc
        replies: list[dict[str, Any]] = response.json()
        return replies

    async def understood(self, conversation_id: str) -> dict[str, Any]:
        """The latest message's parse (intent, language) and the language slot."""
        try:
            response = await self._http.get(
                f"/conversations/{conversation_id}/tracker",
                params=self._auth | {"include_events": "NONE"},
            )
            response.raise_for_status()
        except httpx.HTTPError:
            return {}
        tracker: dict[str, Any] = response.json()
        return tracker

    async def tell(self, conversation_id: str, events: list[dict[str, Any]]) -> bool:
        """Appends events to the conversation's tracker (the agent's words, the language
        a shopper picked), so the bot knows them when it holds the conversation again."""
        if not events:
            return True
        try:
            response = await self._http.post(
                f"/conversations/{conversation_id}/tracker/events",
                params=self._auth | {"include_events": "NONE"},
                json=events,
            )
            response.raise_for_status()
        except httpx.HTTPError:
            return False
        return True

    async def tracker(self, conversation_id: str) -> dict[str, Any] | None:
        """The whole tracker (every event), for a shopper's data export."""
        try:
            response = await self._http.get(
                f"/conversations/{conversation_id}/tracker",
                params=self._auth | {"include_events": "ALL"},
            )
            response.raise_for_status()
        except httpx.HTTPError:
            return None
        tracker: dict[str, Any] = response.json()
        return tracker

    async def forget(self, conversation_id: str) -> bool:
        """Replaces the tracker's events with none (a shopper's erasure)."""
        try:
            response = await self._http.put(
                f"/conversations/{conversation_id}/tracker/events",
                params=self._auth | {"include_events": "NONE"},
                json=[],
            )
            response.raise_for_status()
        except httpx.HTTPError:
            return False
        return True
