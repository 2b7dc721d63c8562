"""How the action server asks for a person: through the web app's service API (which
owns conversations and moves this one to the queue), authenticated with the service
token. If the web app can't be reached the request is recorded in the store directly,
and the web app routes it when the bot's turn ends: a hand-off is never lost."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import requests

from bot.services.handoff import HandoffTicket, request_handoff
from bot.services.ports import UnitOfWork

log = logging.getLogger(__name__)


class HandoffDesk:
    def __init__(
        self,
        web_url: str,
        service_token: str,
        uow_factory: Callable[[], UnitOfWork],
        timeout: float = 5.0,
    ) -> None:
        self._url = web_url.rstrip("/") + "/api/service/handoffs"
        self._token = service_token
        self._uow_factory = uow_factory
        self._timeout = timeout

    def request(
        self,
        conversation_id: str,
        language: str,
        reason: str,
        now: dt.datetime,
        details: dict[str, str] | None = None,
    ) -> HandoffTicket:
        details = dict(details or {})
        body: dict[str, Any] = {
            "conversation_id": conversation_id,
            "language": language,
            "reason": reason,
            "details": details,
        }
        try:
            response = requests.post(
                self._url,
                json=body,
                headers={"Authorization": f"Bearer {self._token}"},
                timeout=self._timeout,
            )
            response.raise_for_status()
            answer = response.json()
            return HandoffTicket(
                int(answer["request_id"]),
                bool(answer["created"]),
                int(answer["position"]),
            )
        except (requests.RequestException, KeyError, ValueError, TypeError) as exc:
            log.warning("web app unreachable for a hand-off (%s); recording it", exc)
            return request_handoff(
                self._uow_factory(),
                conversation_id,
                language,
                reason,
                now,
                dict(details),
            )
