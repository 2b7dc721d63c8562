"""Bring a database to the current schema and fill it with the demo store if empty."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from bot.store.db import make_session_factory
from bot.store.migrate import upgrade_to_head
from bot.store.seed import load_demo_if_empty


def prepare_store(engine: Engine, now: dt.datetime | None = None) -> bool:
    """Migrates, then seeds when empty; True when demo data was loaded."""
    upgrade_to_head(engine)
    return load_demo_if_empty(
        make_session_factory(engine), now or dt.datetime.now(dt.timezone.utc)
    )
