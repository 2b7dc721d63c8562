"""The "where is my order?" dialogue: ask for what is missing, verify, then answer.

Pure decision logic over the conversation's slots; persistence arrives as a unit of
work. Actions call :meth:`OrderEnquiry.handle` and only map the outcome to events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.services.errors import VerificationFailed
from bot.services.handoff import VERIFICATION_LOCKED, request_handoff
from bot.services.order_view import OrderView
from bot.services.ports import UnitOfWork
from bot.services.replies import Reply
from bot.services.tracking import describe_order
from bot.services.verification import normalize_order_number, verify


@dataclass(frozen=True)
class EnquiryState:
    conversation_id: str
    language: str
    order_number: str | None
    email: str | None
    postcode: str | None
    verified_shopper_id: int | None
    failed_attempts: int
    locked: bool


@dataclass(frozen=True)
class EnquiryOutcome:
    replies: list[Reply]
    slots: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Identified:
    outcome: EnquiryOutcome  # replies so far and the slots to set
    order: OrderView | None = None  # set once the shopper is verified for it


class OrderEnquiry:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        clock: Callable[[], dt.datetime],
        max_attempts: int = 3,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._max_attempts = max_attempts

    def handle(self, state: EnquiryState) -> EnquiryOutcome:
        """Where is my order: the status once the shopper is verified."""
        found = self.identify(state)
        if found.order is None:
            return found.outcome
        today = self._clock().date()
        return EnquiryOutcome(
            found.outcome.replies + describe_order(found.order, today, state.language),
            found.outcome.slots,
        )

    def identify(
        self, state: EnquiryState, ask_number: str = "utter_ask_order_number"
    ) -> Identified:
        """The verified order, or the reply asking for what is still missing. A shopper
        verified just now is greeted by name (in ``outcome``) before the answer."""
        if state.locked:
            return Identified(EnquiryOutcome([Reply("utter_verification_locked")]))
        number = normalize_order_number(state.order_number)
        if number is None:
            return Identified(
                EnquiryOutcome([Reply(ask_number)], {"order_number": None})
            )
        with self._uow_factory() as uow:
            order = uow.orders.find_view(number)
        if order is not None and order.shopper_id == state.verified_shopper_id:
            return Identified(EnquiryOutcome([], self._verified_slots(order)), order)
        if not (state.email or state.postcode):
            return Identified(
                EnquiryOutcome([Reply("utter_ask_contact")], {"order_number": number})
            )
        try:
            order = verify(order, state.email, state.postcode)
        except VerificationFailed:
            return Identified(self._failed(state))
        greeting = Reply(
            "utter_verified_greeting",
            {"name": order.shopper_name, "order_number": order.number},
        )
        return Identified(
            EnquiryOutcome([greeting], self._verified_slots(order)), order
        )

    @staticmethod
    def _verified_slots(order: OrderView) -> dict[str, object]:
        return {
            "order_number": order.number,
            "verified_shopper_id": float(order.shopper_id),
            "shopper_name": order.shopper_name,
            "email": None,
            "postcode": None,
        }

    def _failed(self, state: EnquiryState) -> EnquiryOutcome:
        attempts = state.failed_attempts + 1
        slots: dict[str, object] = {
            "order_number": None,
            "email": None,
            "postcode": None,
            "failed_attempts": float(attempts),
        }
        if attempts < self._max_attempts:
            return EnquiryOutcome([Reply("utter_verification_failed")], slots)
        ticket = request_handoff(
            self._uow_factory(),
            state.conversation_id,
            state.language,
            VERIFICATION_LOCKED,
            self._clock(),
            {"attempts": attempts},
        )
        slots["verification_locked"] = True
        return EnquiryOutcome(
            [
                Reply(
                    "utter_verification_locked_handoff",
                    {"position": str(ticket.position)},
                )
            ],
            slots,
        )
