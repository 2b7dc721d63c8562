"""The settlement conversations and the policy questions: slots and the latest message in,
one service call, replies and slot events out."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.container import services
from actions.replies import send
from bot.services.dialogue import Pending, Turn
from bot.services.order_enquiry import EnquiryState
from bot.services.shopper_requests import FLOW_SLOT, PENDING_SLOT, ShopperRequests


def _int_slot(tracker: Tracker, name: str) -> int | None:
    value = tracker.get_slot(name)
    return int(value) if isinstance(value, int | float) else None


def enquiry_state(tracker: Tracker) -> EnquiryState:
    return EnquiryState(
        conversation_id=tracker.sender_id,
        language=tracker.get_slot("language") or services().settings.default_language,
        order_number=tracker.get_slot("order_number"),
        email=tracker.get_slot("email"),
        postcode=tracker.get_slot("postcode"),
        verified_shopper_id=_int_slot(tracker, "verified_shopper_id"),
        failed_attempts=_int_slot(tracker, "failed_attempts") or 0,
        locked=bool(tracker.get_slot("verification_locked")),
    )


def latest_turn(tracker: Tracker) -> Turn:
    def entity(name: str) -> str | None:
        value = next(tracker.get_latest_entity_values(name), None)
        return str(value) if value is not None else None

    return Turn(
        intent=(tracker.latest_message.get("intent") or {}).get("name"),
        item=entity("item"),
        return_reason=entity("return_reason"),
        payment_issue=entity("payment_issue"),
        market=entity("market"),
    )


def _requests() -> ShopperRequests:
    requests = services().requests
    if requests is None:
        raise RuntimeError("the settlement services are not configured")
    return requests


class ActionShopperRequest(Action):
    """Tracking, price complaints, returns, refunds, cancellations, coupons and payment
    problems, including the answers to the questions they ask (items, yes/no)."""

    def name(self) -> str:
        return "action_shopper_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        outcome = await asyncio.to_thread(
            _requests().handle,
            enquiry_state(tracker),
            tracker.get_slot(FLOW_SLOT),
            Pending.load(tracker.get_slot(PENDING_SLOT)),
            latest_turn(tracker),
        )
        send(dispatcher, outcome.replies)
        return [SlotSet(name, value) for name, value in outcome.slots.items()]


class ActionAnswerPolicyQuestion(Action):
    """Return, shipping and payment questions answered from the policy file."""

    def name(self) -> str:
        return "action_answer_policy_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        turn = latest_turn(tracker)
        reply = await asyncio.to_thread(
            _requests().answer_policy_question,
            enquiry_state(tracker),
            turn.intent or "",
            turn.market,
        )
        send(dispatcher, [reply])
        return []
