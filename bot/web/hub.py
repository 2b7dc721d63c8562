"""Live delivery inside one web-app process: the open widget sockets of each
conversation and the open console sockets of each agent. Everything delivered here is
already stored, so a socket that misses a frame catches up from history on reconnect."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any, Protocol


class Socket(Protocol):
    async def send_json(self, data: Any, mode: str = "text") -> None: ...

    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


class Hub:
    def __init__(self) -> None:
        self._widgets: dict[str, set[Socket]] = defaultdict(set)
        self._consoles: dict[int, set[Socket]] = defaultdict(set)

    def join_conversation(self, conversation_id: str, socket: Socket) -> None:
        self._widgets[conversation_id].add(socket)

    def leave_conversation(self, conversation_id: str, socket: Socket) -> None:
        self._widgets[conversation_id].discard(socket)
        if not self._widgets[conversation_id]:
            del self._widgets[conversation_id]

    def join_console(self, agent_id: int, socket: Socket) -> None:
        self._consoles[agent_id].add(socket)

    def leave_console(self, agent_id: int, socket: Socket) -> None:
        self._consoles[agent_id].discard(socket)
        if not self._consoles[agent_id]:
            del self._consoles[agent_id]

    def console_open(self, agent_id: int) -> bool:
        """Whether the agent has a console connected to this process."""
        return bool(self._consoles.get(agent_id))

    async def close_console(self, agent_id: int) -> None:
        """After a logout no console socket of the agent keeps receiving."""
        for socket in list(self._consoles.pop(agent_id, ())):
            try:
                await socket.close(code=4401)
            except Exception:
                continue

    async def to_conversation(
        self, conversation_id: str, frame: dict[str, Any], exclude: Socket | None = None
    ) -> None:
        targets = [
            s for s in self._widgets.get(conversation_id, ()) if s is not exclude
        ]
        await self._send(targets, frame)

    async def to_agent(self, agent_id: int, frame: dict[str, Any]) -> None:
        await self._send(list(self._consoles.get(agent_id, ())), frame)

    async def to_consoles(self, frame: dict[str, Any]) -> None:
        await self._send([s for group in self._consoles.values() for s in group], frame)

    @staticmethod
    async def _send(targets: list[Socket], frame: dict[str, Any]) -> None:
        async def one(socket: Socket) -> None:
            try:
                await socket.send_json(frame)
            except Exception:  # a socket closing mid-send catches up on reconnect
                return

        await asyncio.gather(*(one(s) for s in targets))
