"""The services the actions call, built from settings on first use (never at import)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from actions.handoff_desk import HandoffDesk
from bot.policy.loader import Policy
from bot.services.handoff import HandoffTicket, request_handoff
from bot.services.order_enquiry import OrderEnquiry
from bot.services.ports import ComplaintUnitOfWork, SettlementUnitOfWork, UnitOfWork
from bot.services.shopper_requests import ShopperRequests
from bot.settings import Settings, load_settings


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Services:
    settings: Settings
    uow_factory: Callable[[], UnitOfWork]
    enquiry: OrderEnquiry
    requests: ShopperRequests | None = None  # settlements need a policy and a ledger
    handoff_desk: HandoffDesk | None = None  # the web app's service API
    complaint_uow_factory: Callable[[], ComplaintUnitOfWork] | None = None

    def new_uow(self) -> UnitOfWork:
        return self.uow_factory()

    def new_complaint_uow(self) -> ComplaintUnitOfWork:
        if self.complaint_uow_factory is None:
            raise RuntimeError("no ticket store is configured")
        return self.complaint_uow_factory()

    def request_handoff(
        self, conversation_id: str, language: str, reason: str
    ) -> HandoffTicket:
        if self.handoff_desk is not None:
            return self.handoff_desk.request(
                conversation_id, language, reason, utc_now()
            )
        return request_handoff(
            self.new_uow(), conversation_id, language, reason, utc_now()
        )


_override: Services | None = None


def use_services(services: Services | None) -> None:
    """Tests swap in fakes here; None goes back to the real ones."""
    global _override
    _override = services


def shopper_requests(
    uow_factory: Callable[[], SettlementUnitOfWork],
    enquiry: OrderEnquiry,
    policy: Policy,
    clock: Callable[[], dt.datetime] = utc_now,
) -> ShopperRequests:
    """The settlement conversations wired to one store and one policy."""
    from bot.services.cancellation import Cancellations
    from bot.services.coupon_grants import CouponGrants
    from bot.services.delay_remedies import DelayRemedies
    from bot.services.duplicate_charges import DuplicateCharges
    from bot.services.price_complaint import PriceComplaints
    from bot.services.returns import Returns
    from bot.services.shopper_requests import Settlements

    settlements = Settlements(
        prices=PriceComplaints(uow_factory, policy, clock),
        returns=Returns(uow_factory, policy, clock),
        cancellations=Cancellations(uow_factory, policy, clock),
        coupons=CouponGrants(uow_factory, policy, clock),
        duplicates=DuplicateCharges(uow_factory, policy, clock),
        delays=DelayRemedies(uow_factory, policy, clock),
    )
    return ShopperRequests(enquiry, settlements, policy, uow_factory, clock)


@lru_cache(maxsize=1)
def _real_services() -> Services:
    from bot.policy.loader import load_policy
    from bot.store.db import make_engine, make_session_factory
    from bot.store.unit_of_work import SqlUnitOfWork

    settings = load_settings()
    session_factory = make_session_factory(make_engine(settings.database_url))
    policy = load_policy(settings.policy_path)

    def uow_factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory)

    enquiry = OrderEnquiry(uow_factory, utc_now, settings.max_verification_attempts)
    return Services(
        settings,
        uow_factory,
        enquiry,
        shopper_requests(uow_factory, enquiry, policy),
        HandoffDesk(settings.web_url, settings.service_token, uow_factory),
        uow_factory,
    )


def services() -> Services:
    return _override if _override is not None else _real_services()
