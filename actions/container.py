"""The services the actions call, built from settings on first use (never at import)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from bot.services.order_enquiry import OrderEnquiry
from bot.services.ports import UnitOfWork
from bot.settings import Settings, load_settings


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Services:
    settings: Settings
    uow_factory: Callable[[], UnitOfWork]
    enquiry: OrderEnquiry

    def new_uow(self) -> UnitOfWork:
        return self.uow_factory()


_override: Services | None = None


def use_services(services: Services | None) -> None:
    """Tests swap in fakes here; None goes back to the real ones."""
    global _override
    _override = services


@lru_cache(maxsize=1)
def _real_services() -> Services:
    from bot.store.db import make_engine, make_session_factory
    from bot.store.unit_of_work import SqlUnitOfWork

    settings = load_settings()
    session_factory = make_session_factory(make_engine(settings.database_url))

    def uow_factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory)

    enquiry = OrderEnquiry(uow_factory, utc_now, settings.max_verification_attempts)
    return Services(settings, uow_factory, enquiry)


def services() -> Services:
    return _override if _override is not None else _real_services()
