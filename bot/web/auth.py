"""Console logins: argon2 password hashes, server-side sessions behind an HttpOnly
SameSite cookie, a CSRF token per session, and roles checked on the server."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import HTTPException, Request, WebSocket

from bot.store.models import Agent, AgentSession
from bot.store.unit_of_work import SqlUnitOfWork

COOKIE = "console_session"
SESSION_HOURS = 12
ROLES = ("agent", "admin")
AVAILABLE, AWAY = "available", "away"
_hasher = PasswordHasher()
# Compared against when the username is unknown, so both cases take as long.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    if len(password) < 10:
        raise ValueError("a password needs at least 10 characters")
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Login:
    agent: Agent
    csrf_token: str
    token: str = ""


def new_agent(
    username: str,
    display_name: str,
    password: str,
    role: str,
    languages: list[str],
    now: dt.datetime,
) -> Agent:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    return Agent(
        username=username,
        display_name=display_name,
        password_hash=hash_password(password),
        role=role,
        languages=languages,
        status=AVAILABLE,
        created_at=now,
    )


def log_in(
    uow: SqlUnitOfWork, username: str, password: str, now: dt.datetime
) -> Login | None:
    agent = uow.agents.by_username(username)
    if agent is None:
        password_matches(_DUMMY_HASH, password)
        return None
    if not password_matches(agent.password_hash, password):
        return None
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    uow.agents.add_session(
        AgentSession(
            token_hash=token_hash(token),
            agent_id=agent.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + dt.timedelta(hours=SESSION_HOURS),
        )
    )
    return Login(agent, csrf, token)


def session_of(uow: SqlUnitOfWork, token: str | None, now: dt.datetime) -> Login | None:
    if not token:
        return None
    found = uow.agents.session_by_hash(token_hash(token), now)
    if found is None:
        return None
    login, agent = found
    return Login(agent, login.csrf_token)


def check_csrf(request: Request, login: Login) -> None:
    sent = request.headers.get("x-csrf-token", "")
    if not hmac.compare_digest(sent.encode(), login.csrf_token.encode()):
        raise HTTPException(403, "Missing or wrong CSRF token.")


def same_origin(socket: WebSocket) -> bool:
    """A console socket carries the cookie; only our own pages may open it."""
    origin = socket.headers.get("origin")
    host = socket.headers.get("host")
    if not origin or not host:
        return False
    return origin.split("://", 1)[-1] == host
