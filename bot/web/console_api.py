"""The agent console's API: login, the queue by language, claim, reply, hand back,
ledger approvals, canned replies and tickets. Every route checks the session on the
server; every state change also checks the CSRF token."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any, Literal

from fastapi import (
    APIRouter,
    Depends,
    HTTPException,
    Request,
    Response,
    WebSocket,
    WebSocketDisconnect,
)
from pydantic import BaseModel, Field

from bot.i18n import widget_texts as wt
from bot.services import satisfaction
from bot.services.approvals import EntryNotFound, decide_entry
from bot.store.models import Agent
from bot.store.unit_of_work import SqlUnitOfWork
from bot.text.identifiers import mask_personal
from bot.web import auth
from bot.web.context import conversation_view, ledger_json, ticket_json
from bot.web.desk import ConversationDesk, DeskError
from bot.web.handover import TICKET_STATUSES, Handover
from bot.web.rate_limit import RateLimiter


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class StatusIn(BaseModel):
    status: Literal["available", "away"]


class ReleaseIn(BaseModel):
    note: str | None = Field(default=None, max_length=500)


class ReplyIn(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


class DecisionIn(BaseModel):
    note: str | None = Field(default=None, max_length=500)


class TicketStatusIn(BaseModel):
    status: Literal["open", "in_progress", "resolved"]


class TicketIn(BaseModel):
    conversation_id: str = Field(min_length=8, max_length=128)
    category: Literal["delivery", "product", "refund", "service", "price"]
    note: str = Field(default="", max_length=4000)


class NewAgentIn(BaseModel):
    username: str = Field(pattern=r"^[a-z0-9_.-]{2,64}$")
    display_name: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=10, max_length=200)
    role: Literal["agent", "admin"] = "agent"
    languages: list[str] = Field(min_length=1)


def agent_json(agent: Agent) -> dict[str, Any]:
    return {
        "id": agent.id,
        "username": agent.username,
        "display_name": agent.display_name,
        "role": agent.role,
        "languages": list(agent.languages),
        "status": agent.status,
    }


async def current(request: Request) -> auth.Login:
    desk: ConversationDesk = request.app.state.desk
    token = request.cookies.get(auth.COOKIE)
    now = desk.clock()
    login = await desk.db(lambda uow: auth.session_of(uow, token, now))
    if login is None:
        raise HTTPException(401, "Please log in.")
    return login


async def changing(
    request: Request, login: Annotated[auth.Login, Depends(current)]
) -> auth.Login:
    auth.check_csrf(request, login)
    return login


async def admin(login: Annotated[auth.Login, Depends(changing)]) -> auth.Login:
    if login.agent.role != "admin":
        raise HTTPException(403, "Admins only.")
    return login


Reader = Annotated[auth.Login, Depends(current)]
Writer = Annotated[auth.Login, Depends(changing)]
Admin = Annotated[auth.Login, Depends(admin)]


SESSION_RECHECK_SECONDS = 60.0  # an open console notices an ended session this soon


def console_router(desk: ConversationDesk, handover: Handover) -> APIRouter:
    router = APIRouter()
    logins = RateLimiter(capacity=10, per_second=10 / 60)

    def refused(error: DeskError) -> HTTPException:
        return HTTPException(error.status, error.detail)

    @router.post("/api/console/login")
    async def login(
        body: LoginIn, request: Request, response: Response
    ) -> dict[str, Any]:
        client = request.client.host if request.client else "?"
        if not (
            logins.allow(f"address:{client}")
            and logins.allow(f"username:{body.username}")
        ):
            raise HTTPException(429, "Too many attempts. Please wait a minute.")
        now = desk.clock()
        found = await desk.db(
            lambda uow: auth.log_in(uow, body.username, body.password, now)
        )
        if found is None:
            raise HTTPException(401, "Wrong username or password.")
        response.set_cookie(
            auth.COOKIE,
            found.token,
            max_age=auth.SESSION_HOURS * 3600,
            httponly=True,
            samesite="strict",
            secure=desk.settings.environment == "production",
            path="/",
        )
        return {"agent": agent_json(found.agent), "csrf_token": found.csrf_token}

    @router.get("/api/console/me")
    async def me(login: Reader) -> dict[str, Any]:
        return {"agent": agent_json(login.agent), "csrf_token": login.csrf_token}

    @router.post("/api/console/logout", status_code=204)
    async def logout(request: Request, response: Response, login: Writer) -> None:
        token = request.cookies.get(auth.COOKIE, "")
        await desk.db(lambda uow: uow.agents.end_session(auth.token_hash(token)))
        response.delete_cookie(auth.COOKIE, path="/")
        await desk.hub.close_console(login.agent.id)

    @router.post("/api/console/status")
    async def status(body: StatusIn, login: Writer) -> dict[str, Any]:
        def work(uow: SqlUnitOfWork) -> dict[str, Any]:
            agent = uow.agents.get(login.agent.id)
            assert agent is not None
            agent.status = body.status
            return agent_json(agent)

        return await desk.db(work)

    @router.get("/api/console/queue")
    async def queue(login: Reader) -> dict[str, Any]:
        now = desk.clock()
        languages = set(login.agent.languages)

        def work(uow: SqlUnitOfWork) -> dict[str, Any]:
            waiting = []
            for request in uow.handoffs.queued():
                if request.language not in languages:
                    continue
                waiting.append(
                    {
                        "request_id": request.id,
                        "conversation_id": request.conversation_id,
                        "language": request.language,
                        "reason": request.reason,
                        "details": dict(request.details or {}),
                        "created_at": request.created_at.isoformat(),
                        "waiting_seconds": int(
                            (now - request.created_at).total_seconds()
                        ),
                        "position": uow.handoffs.position(request.id),
                    }
                )
            mine = []
            for held in uow.conversations.held_by(login.agent.id):
                latest = uow.handoffs.latest_for(held.id)
                claimed = latest.claimed_at if latest and latest.claimed_at else None
                mine.append(
                    {
                        "conversation_id": held.id,
                        "language": held.language,
                        "claimed_at": (claimed or held.updated_at).isoformat(),
                    }
                )
            return {"waiting": waiting, "mine": mine}

        return await desk.db(work)

    async def view(conversation_id: str, agent: Agent) -> dict[str, Any]:
        held = await desk.db(lambda uow: uow.conversations.get(conversation_id))
        if held is None:
            raise HTTPException(404, "No such conversation.")
        if agent.role != "admin" and held.agent_id != agent.id:
            raise HTTPException(403, "Claim this conversation first.")
        slots = (await desk.rasa.understood(conversation_id)).get("slots") or {}
        shopper_id = slots.get("verified_shopper_id")
        verified = int(shopper_id) if isinstance(shopper_id, int | float) else None
        return await desk.db(
            lambda uow: conversation_view(uow, conversation_id, verified, desk.policy)
        )

    @router.post("/api/console/conversations/{conversation_id}/claim")
    async def claim(conversation_id: str, login: Writer) -> dict[str, Any]:
        try:
            await handover.claim(conversation_id, login.agent)
        except DeskError as error:
            raise refused(error) from None
        return await view(conversation_id, login.agent)

    @router.get("/api/console/conversations/{conversation_id}")
    async def conversation(conversation_id: str, login: Reader) -> dict[str, Any]:
        return await view(conversation_id, login.agent)

    @router.post("/api/console/conversations/{conversation_id}/messages")
    async def reply(
        conversation_id: str, body: ReplyIn, login: Writer
    ) -> dict[str, int]:
        try:
            return {
                "seq": await handover.agent_says(
                    conversation_id, login.agent, body.text
                )
            }
        except DeskError as error:
            raise refused(error) from None

    @router.post("/api/console/conversations/{conversation_id}/close", status_code=204)
    async def close(conversation_id: str, login: Writer) -> None:
        try:
            await handover.hand_back(conversation_id, login.agent)
        except DeskError as error:
            raise refused(error) from None

    @router.post(
        "/api/console/conversations/{conversation_id}/release", status_code=204
    )
    async def release(conversation_id: str, body: ReleaseIn, login: Writer) -> None:
        """Back to the queue for a colleague (the holder), or freed by an admin."""
        try:
            await handover.release(conversation_id, login.agent, body.note)
        except DeskError as error:
            raise refused(error) from None

    async def may_decide(entry_id: int, agent: Agent) -> None:
        """An agent decides on entries of a conversation they hold, or of the verified
        shopper they are talking to; an admin on any. Others learn nothing about it."""
        record = await desk.db(lambda uow: uow.ledger.get(entry_id))
        if record is None:
            raise HTTPException(404, "No such ledger entry.")
        if agent.role == "admin":
            return
        held = await desk.db(
            lambda uow: [c.id for c in uow.conversations.held_by(agent.id)]
        )
        if record.conversation_id in held:
            return
        for conversation_id in held:
            slots = (await desk.rasa.understood(conversation_id)).get("slots") or {}
            if slots.get("verified_shopper_id") == record.shopper_id:
                return
        raise HTTPException(404, "No such ledger entry.")

    async def decide(
        entry_id: int, approve: bool, login: auth.Login, note: str | None
    ) -> dict[str, Any]:
        """Once, under the ledger's rules; the agent's note is kept in the audit log
        (masked: never an e-mail or an order number there)."""
        await may_decide(entry_id, login.agent)
        try:
            record = await asyncio.to_thread(
                decide_entry,
                desk.uow(),
                entry_id,
                approve,
                login.agent.username,
                desk.clock(),
            )
        except EntryNotFound:
            raise HTTPException(404, "No such ledger entry.") from None
        await desk.db(
            lambda uow: uow.audit(
                login.agent.username,
                "approve" if approve else "reject",
                f"ledger:{entry_id}",
                status=record.status,
                note=mask_personal(note.strip()) if note and note.strip() else None,
            )
        )
        return ledger_json(record)

    @router.post("/api/console/ledger/{entry_id}/approve")
    async def approve(entry_id: int, body: DecisionIn, login: Writer) -> dict[str, Any]:
        return await decide(entry_id, True, login, body.note)

    @router.post("/api/console/ledger/{entry_id}/reject")
    async def reject(entry_id: int, body: DecisionIn, login: Writer) -> dict[str, Any]:
        return await decide(entry_id, False, login, body.note)

    @router.get("/api/console/canned")
    async def canned(language: str, login: Reader) -> dict[str, Any]:
        if language not in desk.settings.languages:
            raise HTTPException(422, "Unsupported language.")
        return {"replies": wt.canned_replies(language)}

    @router.get("/api/console/tickets")
    async def tickets(login: Reader, status: str | None = None) -> dict[str, Any]:
        statuses = (status,) if status in TICKET_STATUSES else ("open", "in_progress")
        return await desk.db(
            lambda uow: {
                "tickets": [ticket_json(t) for t in uow.tickets.listed(statuses)]
            }
        )

    @router.post("/api/console/tickets/{ticket_id}")
    async def ticket_status(
        ticket_id: int, body: TicketStatusIn, login: Writer
    ) -> dict[str, Any]:
        def work(uow: SqlUnitOfWork) -> dict[str, Any]:
            ticket = uow.tickets.get(ticket_id)
            if ticket is None:
                raise HTTPException(404, "No such ticket.")
            ticket.status = body.status
            ticket.agent_id = login.agent.id
            ticket.updated_at = desk.clock()
            return ticket_json(ticket)

        return await desk.db(work)

    @router.post("/api/console/tickets")
    async def open_ticket(body: TicketIn, login: Writer) -> dict[str, Any]:
        if body.category not in satisfaction.CATEGORIES:
            raise HTTPException(422, "Unknown category.")

        def work(uow: SqlUnitOfWork) -> dict[str, Any]:
            conversation = uow.conversations.get(body.conversation_id)
            if conversation is None:
                raise HTTPException(404, "No such conversation.")
            ticket_id = uow.tickets.open_ticket(
                conversation_id=conversation.id,
                category=body.category,
                source="agent",
                language=conversation.language,
                summary=body.note,
                now=desk.clock(),
                agent_id=login.agent.id,
            )
            ticket = uow.tickets.get(ticket_id)
            assert ticket is not None
            return ticket_json(ticket)

        return await desk.db(work)

    @router.get("/api/admin/agents")
    async def agents(login: Reader) -> dict[str, Any]:
        if login.agent.role != "admin":
            raise HTTPException(403, "Admins only.")
        return await desk.db(
            lambda uow: {"agents": [agent_json(a) for a in uow.agents.all()]}
        )

    @router.post("/api/admin/agents", status_code=201)
    async def add_agent(body: NewAgentIn, login: Admin) -> dict[str, Any]:
        unknown = [
            code for code in body.languages if code not in desk.settings.languages
        ]
        if unknown:
            raise HTTPException(422, f"Unsupported languages: {', '.join(unknown)}")

        def work(uow: SqlUnitOfWork) -> dict[str, Any]:
            if uow.agents.by_username(body.username):
                raise HTTPException(409, "That username is taken.")
            agent = auth.new_agent(
                body.username,
                body.display_name,
                body.password,
                body.role,
                body.languages,
                desk.clock(),
            )
            added = agent_json(uow.agents.add(agent))
            uow.audit(
                login.agent.username,
                "add_agent",
                f"agent:{body.username}",
                role=body.role,
                languages=body.languages,
            )
            return added

        return await desk.db(work)

    async def holds(conversation_id: str, agent_id: int) -> bool:
        held = await desk.db(lambda uow: uow.conversations.get(conversation_id))
        return held is not None and held.agent_id == agent_id

    async def session_lives(token: str | None) -> bool:
        now = desk.clock()
        return await desk.db(lambda uow: auth.session_of(uow, token, now)) is not None

    @router.websocket("/ws/console")
    async def console_socket(socket: WebSocket) -> None:
        token = socket.cookies.get(auth.COOKIE)
        now = desk.clock()
        login = await desk.db(lambda uow: auth.session_of(uow, token, now))
        if login is None or not auth.same_origin(socket):
            await socket.close(code=4401)
            return
        await socket.accept()
        agent_id = login.agent.id
        desk.hub.join_console(agent_id, socket)
        checked = time.monotonic()
        try:
            while True:
                try:
                    frame = await asyncio.wait_for(
                        socket.receive_json(), SESSION_RECHECK_SECONDS
                    )
                except asyncio.TimeoutError:
                    frame = None
                if time.monotonic() - checked >= SESSION_RECHECK_SECONDS:
                    checked = time.monotonic()
                    if not await session_lives(
                        token
                    ):  # expired, or logged out elsewhere
                        await socket.close(code=4401)
                        return
                if not isinstance(frame, dict) or frame.get("type") != "typing":
                    continue
                conversation_id = str(frame.get("conversation_id", ""))
                if await holds(conversation_id, agent_id):
                    await desk.hub.to_conversation(
                        conversation_id,
                        {
                            "type": "typing",
                            "on": True,
                            "who": "agent",
                            "name": login.agent.display_name,
                        },
                    )
        except (WebSocketDisconnect, ValueError, RuntimeError):
            pass
        finally:
            desk.hub.leave_console(agent_id, socket)

    return router
