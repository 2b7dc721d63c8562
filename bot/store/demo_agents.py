"""The demo support team for `make run` on a laptop: agents for the demo's languages and
one admin, sharing a random password kept in var/dev_secrets.json. Never in production."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from bot.store.unit_of_work import SqlUnitOfWork
from bot.web.auth import new_agent

DEMO_TEAM: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("anna", "Anna", "agent", ("de", "en", "it")),
    ("lucia", "Lucía", "agent", ("es", "pt", "fr", "en")),
    ("mikhail", "Mikhail", "agent", ("ru", "en")),
    ("layla", "Layla", "agent", ("ar", "fr", "en")),
    ("mei", "Mei", "agent", ("zh", "ja", "en")),
    (
        "admin",
        "Admin",
        "admin",
        ("en", "es", "pt", "fr", "de", "it", "ru", "ar", "ja", "zh"),
    ),
)


def ensure_demo_team(
    sessions: sessionmaker[Session], password: str, now: dt.datetime
) -> list[str]:
    """Adds the demo accounts that are missing; returns the usernames added."""
    added = []
    with SqlUnitOfWork(sessions) as uow:
        for username, name, role, languages in DEMO_TEAM:
            if uow.agents.by_username(username) is None:
                uow.agents.add(
                    new_agent(username, name, password, role, list(languages), now)
                )
                added.append(username)
        uow.commit()
    return added
