"""The settlement conversations after (or while) the shopper is verified: tracking with a
proactive delay remedy, price complaints, returns, refund status, cancellations, coupons
and payment problems. Decides the replies and the next step; the settlement services do
the ledger work and the actions only map slots in and events out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale

from bot.i18n.wording import Wording
from bot.policy.loader import Policy
from bot.services import dialogue as dlg
from bot.services import order_status as st
from bot.services import policy_answers as answers
from bot.services import policy_rules as rules
from bot.services.cancellation import Cancellations
from bot.services.coupon_grants import CouponGrants
from bot.services.delay_remedies import DelayRemedies
from bot.services.duplicate_charges import DuplicateCharges
from bot.services.handoff import request_handoff
from bot.services.ledger import LedgerRecord
from bot.services.order_enquiry import EnquiryOutcome, EnquiryState, OrderEnquiry
from bot.services.order_view import OrderView
from bot.services.ports import SettlementUnitOfWork
from bot.services.price_complaint import PriceComplaints, PriceSettlement
from bot.services.refund_overview import refund_overview
from bot.services.replies import Button, Reply
from bot.services.returns import Returns, facts_of
from bot.services.settlement_facts import OrderFacts
from bot.services.topics import topic_reason, topic_reply
from bot.services.tracking import describe_order

FLOW_SLOT = "flow"
PENDING_SLOT = "pending"

Step = tuple[list[Reply], dlg.Pending | None]

# The reply asking for an order number, by flow (coupons need the account, not an order).
ASK_NUMBER = {dlg.COUPON: "utter_coupon_verify_first"}
# The intent whose hand-off reason and reply a flow's "pass it on" uses.
HANDOFF_INTENT = {
    dlg.RETURN: "return_item",
    dlg.PAYMENT: "payment_problem",
    dlg.PRICE: "price_drop",
    dlg.CANCEL: "cancel_order",
}


@dataclass(frozen=True)
class Settlements:
    prices: PriceComplaints
    returns: Returns
    cancellations: Cancellations
    coupons: CouponGrants
    duplicates: DuplicateCharges
    delays: DelayRemedies


def yes_no(words: Wording) -> tuple[Button, ...]:
    return (
        Button(words.label("answer", "yes"), "/affirm"),
        Button(words.label("answer", "no"), "/deny"),
    )


def centre_address(policy: Policy, market: str, words: Wording) -> str:
    centre = policy.for_market(market).return_centre
    country = Locale.parse(words.language).territories.get(
        centre.country, centre.country
    )
    town = (
        f"{centre.city} {centre.postcode}"
        if centre.country in ("US", "GB")
        else f"{centre.postcode} {centre.city}"
    )
    return "\n".join((centre.name, centre.street, town, country))


class ShopperRequests:
    def __init__(
        self,
        enquiry: OrderEnquiry,
        settlements: Settlements,
        policy: Policy,
        uow: Callable[[], SettlementUnitOfWork],
        clock: Callable[[], dt.datetime],
    ) -> None:
        self._enquiry = enquiry
        self._do = settlements
        self._policy = policy
        self._uow = uow
        self._clock = clock

    # -- entry points ------------------------------------------------------------------

    def handle(
        self,
        state: EnquiryState,
        flow: str | None,
        pending: dlg.Pending | None,
        turn: dlg.Turn,
    ) -> EnquiryOutcome:
        if turn.intent in ("affirm", "deny"):
            return self._answer_question(state, pending, turn.intent == "affirm")
        started = dlg.FLOW_OF_INTENT.get(turn.intent or "")
        current = started or (flow if flow in dlg.FLOWS else None) or dlg.TRACK
        if current == dlg.PAYMENT:
            issue = turn.payment_issue
            if issue is None:
                return self._ask_payment_issue(state)
            if issue != "charged_twice":
                return self._payment_issue(state, issue, turn.market)
            current = dlg.DUPLICATE_CHARGE
        found = self._enquiry.identify(
            state, ASK_NUMBER.get(current, "utter_ask_order_number")
        )
        slots = {FLOW_SLOT: current, PENDING_SLOT: None} | found.outcome.slots
        if found.order is None:
            return EnquiryOutcome(found.outcome.replies, slots)
        continuing = (
            pending
            if pending is not None
            and pending.flow == current
            and pending.order_number in (None, found.order.number)
            else None
        )
        replies, next_step = self._serve(state, current, found.order, continuing, turn)
        slots[PENDING_SLOT] = next_step.dump() if next_step else None
        return EnquiryOutcome(found.outcome.replies + replies, slots)

    def answer_policy_question(
        self, state: EnquiryState, topic: str, named_market: str | None
    ) -> Reply:
        """Return, shipping and payment questions for the named market, else the market
        of the verified shopper's order, else in general."""
        return answers.policy_answer(
            self._policy,
            topic,
            named_market or self._verified_market(state),
            state.language,
        )

    # -- helpers -----------------------------------------------------------------------

    def _verified_market(self, state: EnquiryState) -> str | None:
        if state.verified_shopper_id is None or not state.order_number:
            return None
        with self._uow() as uow:
            order = uow.orders.find_view(state.order_number)
        if order is None or order.shopper_id != state.verified_shopper_id:
            return None
        return order.market

    def _facts(self, order_number: str) -> OrderFacts:
        with self._uow() as uow:
            return facts_of(uow, order_number)

    def _position(self, handoff_id: int | None) -> str:
        if handoff_id is None:
            return "1"
        with self._uow() as uow:
            return str(uow.handoffs.position(handoff_id))

    def _words(self, state: EnquiryState, market: str) -> Wording:
        return Wording(state.language, market)

    # -- yes / no ----------------------------------------------------------------------

    def _answer_question(
        self, state: EnquiryState, pending: dlg.Pending | None, yes: bool
    ) -> EnquiryOutcome:
        cleared: dict[str, object] = {PENDING_SLOT: None}
        if pending is None or pending.step not in (dlg.CONFIRM, dlg.COLLEAGUE):
            generic = "utter_ok_anything_else" if yes else "utter_no_problem"
            return EnquiryOutcome([Reply(generic)], cleared)
        if not yes:
            return EnquiryOutcome([Reply("utter_offer_declined")], cleared)
        if pending.step == dlg.COLLEAGUE:
            intent = HANDOFF_INTENT.get(pending.flow)
            ticket = request_handoff(
                self._uow(),
                state.conversation_id,
                state.language,
                topic_reason(intent),
                self._clock(),
                {"order_number": pending.order_number or ""},
            )
            return EnquiryOutcome([topic_reply(intent, ticket)], cleared)
        found = self._enquiry.identify(state)
        if found.order is None or found.order.number != pending.order_number:
            return EnquiryOutcome([Reply("utter_offer_expired")], cleared)
        words = self._words(state, found.order.market)
        confirmed = {
            dlg.PRICE: self._price_confirmed,
            dlg.CANCEL: self._cancel_confirmed,
            dlg.DELAY: self._delay_confirmed,
        }.get(pending.flow)
        if confirmed is None:
            return EnquiryOutcome([Reply("utter_offer_expired")], cleared)
        return EnquiryOutcome(confirmed(state, pending, words), cleared)

    # -- per flow ----------------------------------------------------------------------

    def _serve(
        self,
        state: EnquiryState,
        flow: str,
        order: OrderView,
        pending: dlg.Pending | None,
        turn: dlg.Turn,
    ) -> Step:
        words = self._words(state, order.market)
        if flow in (dlg.PRICE, dlg.DUPLICATE_CHARGE):
            cancelled = self._cancelled(order, words)
            if cancelled is not None:
                return [cancelled], None
        if flow == dlg.PRICE:
            return self._price(order, words, self._line(pending, turn))
        if flow == dlg.RETURN:
            reason = None
            if pending is not None and pending.step == dlg.RETURN_REASON:
                reason = turn.return_reason or "other"
            return self._return(state, order, words, self._line(pending, turn), reason)
        if flow == dlg.REFUND_STATUS:
            return self._refund_status(order, words), None
        if flow == dlg.CANCEL:
            return self._cancel(order, words)
        if flow == dlg.COUPON:
            return self._coupons(state, order, words), None
        if flow == dlg.DUPLICATE_CHARGE:
            return self._duplicates(state, order, words), None
        return self._track(state, order, words)

    @staticmethod
    def _line(pending: dlg.Pending | None, turn: dlg.Turn) -> int | None:
        if turn.line_id is not None:
            return turn.line_id
        return pending.line_id if pending is not None else None

    def _pick_line(
        self, facts: OrderFacts, line_id: int | None, flow: str, question: str
    ) -> tuple[int | None, Step]:
        """The chosen line, or the question with one button per item."""
        if line_id is not None and facts.line(line_id) is not None:
            return line_id, ([], None)
        if len(facts.lines) == 1:
            return facts.lines[0].line_id, ([], None)
        buttons = tuple(
            Button(
                facts.line_names[line.line_id], f'/inform{{"item":"{line.line_id}"}}'
            )
            for line in facts.lines
        )
        ask = Reply(question, {"order_number": facts.number}, buttons)
        return None, ([ask], dlg.Pending(dlg.PICK_ITEM, flow, facts.number))

    # tracking, with the delay remedy offered unasked

    def _track(self, state: EnquiryState, order: OrderView, words: Wording) -> Step:
        replies = describe_order(order, self._clock().date(), state.language)
        if order.status == st.CANCELLED or self._cancelled(order, words) is not None:
            return replies, None
        offer = self._do.delays.offer(order.number)
        if offer is None:
            return replies, None
        if offer.already_granted:
            return replies + [Reply("utter_delay_remedy_already")], None
        remedy, currency = offer.remedy, order.currency
        values = {
            "shipping": words.money(remedy.shipping_refund, currency),
            "coupon": words.money(remedy.coupon, currency),
        }
        if remedy.shipping_refund > 0 and remedy.coupon > 0:
            name = "utter_delay_offer_shipping_coupon"
        elif remedy.shipping_refund > 0:
            name, values = (
                "utter_delay_offer_shipping",
                {"shipping": values["shipping"]},
            )
        else:
            name, values = "utter_delay_offer_coupon", {"coupon": values["coupon"]}
        offer_reply = Reply(name, values, yes_no(words))
        return replies + [offer_reply], dlg.Pending(
            dlg.CONFIRM, dlg.DELAY, order.number
        )

    def _delay_confirmed(
        self, state: EnquiryState, pending: dlg.Pending, words: Wording
    ) -> list[Reply]:
        number = pending.order_number or ""
        grant = self._do.delays.grant(number, state.conversation_id, state.language)
        replies: list[Reply] = []
        if grant.refund is not None:
            record = grant.refund.record
            if grant.refund.awaiting_approval:
                replies.append(self._pending_refund(record, words))
            else:
                replies.append(
                    Reply(
                        "utter_delay_shipping_refunded",
                        {
                            "shipping": words.money(record.amount, record.currency),
                            "payment_method": self._method(
                                record.payment_method, words
                            ),
                        },
                    )
                )
        if grant.coupon is not None:
            replies.append(self._coupon_reply(grant.coupon, words))
        return replies or [Reply("utter_offer_expired")]

    # shared wording

    @staticmethod
    def _method(method: str | None, words: Wording) -> str:
        return words.label("payment_method", method or "card")

    @staticmethod
    def _pending_refund(record: LedgerRecord, words: Wording) -> Reply:
        return Reply(
            "utter_refund_pending_entry",
            {
                "amount": words.money(record.amount, record.currency),
                "reason": words.label("refund_reason", record.reason),
            },
        )

    @staticmethod
    def _coupon_reply(coupon: LedgerRecord, words: Wording) -> Reply:
        return Reply(
            "utter_coupon_issued",
            {
                "amount": words.money(coupon.amount, coupon.currency),
                "code": coupon.code or "",
                "expires_date": words.date(coupon.expires_on)
                if coupon.expires_on
                else "",
            },
        )

    def _refund_timing(self, market: str, words: Wording) -> dict[str, str]:
        returns = self._policy.for_market(market).returns
        return {
            "refund_days_min": words.count(returns.refund_days_min),
            "refund_days_max": words.count(returns.refund_days_max),
        }

    # price complaint

    def _price(self, order: OrderView, words: Wording, line_id: int | None) -> Step:
        facts = self._facts(order.number)
        line_id, ask = self._pick_line(
            facts, line_id, dlg.PRICE, "utter_ask_item_price"
        )
        if line_id is None:
            return ask
        decision = self._do.prices.assess(order.number, line_id)
        currency = order.currency
        values = {
            "item": facts.line_names[line_id],
            "paid": words.money(decision.paid_unit, currency),
            "lowest": words.money(decision.lowest_unit, currency),
            "window_days": words.count(decision.window_days),
        }
        confirm = dlg.Pending(dlg.CONFIRM, dlg.PRICE, order.number, line_id)
        if decision.outcome == rules.PRICE_NO_DROP:
            return [
                Reply(
                    "utter_price_no_drop",
                    {
                        "item": values["item"],
                        "paid": values["paid"],
                        "placed_date": words.date(facts.placed_at),
                    },
                )
            ], None
        if decision.outcome == rules.PRICE_ALREADY_SETTLED:
            return self._price_settled_before(order.number, line_id, words), None
        if decision.outcome == rules.PRICE_INSIDE_WINDOW:
            payment = facts.original_payment
            values |= {
                "difference": words.money(decision.difference, currency),
                "payment_method": self._method(
                    payment.method if payment else None, words
                ),
            }
            if decision.coupon > 0:
                name = "utter_price_offer_with_coupon"
                values["coupon"] = words.money(decision.coupon, currency)
            else:
                name = "utter_price_offer"
            return [Reply(name, values, yes_no(words))], confirm
        values["window_end"] = (
            words.date(decision.window_ends) if decision.window_ends else ""
        )
        if decision.coupon > 0:
            values["coupon"] = words.money(decision.coupon, currency)
            return [
                Reply("utter_price_outside_window_coupon", values, yes_no(words))
            ], confirm
        return [Reply("utter_price_outside_window", values)], None

    def _price_settled_before(
        self, order_number: str, line_id: int, words: Wording
    ) -> list[Reply]:
        # Settling again is safe: it returns what was recorded the first time.
        settled = self._do.prices.settle(order_number, line_id, "", words.language)
        return self._price_replies(settled, order_number, line_id, words)

    def _price_confirmed(
        self, state: EnquiryState, pending: dlg.Pending, words: Wording
    ) -> list[Reply]:
        number, line_id = pending.order_number or "", pending.line_id
        if line_id is None:
            return [Reply("utter_offer_expired")]
        settled = self._do.prices.settle(
            number, line_id, state.conversation_id, state.language
        )
        return self._price_replies(settled, number, line_id, words)

    def _price_replies(
        self, settled: PriceSettlement, order_number: str, line_id: int, words: Wording
    ) -> list[Reply]:
        facts = self._facts(order_number)
        item = facts.line_names.get(line_id, "")
        refund, coupon = settled.refund, settled.coupon
        if refund is None:
            if coupon is not None:
                return [self._coupon_reply(coupon, words)]
            if settled.decision.outcome == rules.PRICE_INSIDE_WINDOW:
                return [Reply("utter_offer_expired")]  # nothing left to pay back
            return [
                Reply(
                    "utter_price_no_drop",
                    {
                        "item": item,
                        "paid": words.money(settled.decision.paid_unit, facts.currency),
                        "placed_date": words.date(facts.placed_at),
                    },
                )
            ]
        difference = words.money(refund.amount, refund.currency)
        method = self._method(refund.payment_method, words)
        if settled.awaiting_approval:
            if settled.newly_recorded:
                return [
                    Reply(
                        "utter_price_awaiting_approval",
                        {
                            "difference": difference,
                            "position": self._position(settled.handoff_id),
                        },
                    )
                ]
            return [
                Reply(
                    "utter_price_already_pending",
                    {"item": item, "difference": difference},
                )
            ]
        if not settled.newly_recorded:
            return [
                Reply(
                    "utter_price_already_refunded",
                    {
                        "item": item,
                        "difference": difference,
                        "payment_method": method,
                        "refund_date": words.date(refund.created_at),
                    },
                )
            ]
        replies = [
            Reply(
                "utter_price_refunded",
                {"difference": difference, "payment_method": method}
                | self._refund_timing(facts.market, words),
            )
        ]
        if coupon is not None:
            replies.append(self._coupon_reply(coupon, words))
        return replies

    # returns

    def _return(
        self,
        state: EnquiryState,
        order: OrderView,
        words: Wording,
        line_id: int | None,
        reason: str | None,
    ) -> Step:
        facts = self._facts(order.number)
        line_id, ask = self._pick_line(
            facts, line_id, dlg.RETURN, "utter_ask_item_return"
        )
        if line_id is None:
            return ask
        item = facts.line_names[line_id]
        assessed = self._do.returns.assess(order.number, line_id)
        decision = assessed.decision
        if decision.eligible and reason is None:
            buttons = tuple(
                Button(
                    words.label("return_reason", code),
                    f'/inform{{"return_reason":"{code}"}}',
                )
                for code in dlg.RETURN_REASONS
            )
            ask_reason = Reply("utter_ask_return_reason", {"item": item}, buttons)
            return [ask_reason], dlg.Pending(
                dlg.RETURN_REASON, dlg.RETURN, order.number, line_id
            )
        if decision.eligible and reason is not None:
            assessed = self._do.returns.authorise(
                order.number, line_id, reason, state.conversation_id
            )
            decision = assessed.decision
        centre = centre_address(self._policy, order.market, words)
        record = assessed.authorisation
        window = self._policy.for_market(order.market).returns.window_days
        if record is not None and decision.outcome == rules.RETURN_ALREADY_AUTHORISED:
            return [
                Reply(
                    "utter_return_already",
                    {"item": item, "rma": record.code or "", "centre": centre},
                )
            ], None
        if record is not None:
            rma = record.code or ""
            label = (
                "utter_return_label_paid"
                if decision.shopper_pays_shipping
                else "utter_return_label_free"
            )
            payment = facts.original_payment
            return [
                Reply(
                    "utter_return_authorised",
                    {
                        "rma": rma,
                        "item": item,
                        "deadline": words.date(decision.deadline)
                        if decision.deadline
                        else "",
                        "centre": centre,
                    },
                ),
                Reply(label, {"rma": rma}),
                Reply(
                    "utter_return_refund_timing",
                    {
                        "amount": words.money(decision.refund_amount, order.currency),
                        "payment_method": self._method(
                            payment.method if payment else None, words
                        ),
                    }
                    | self._refund_timing(order.market, words),
                ),
            ], None
        if decision.outcome == rules.RETURN_ORDER_CANCELLED:
            return [
                Reply("utter_return_order_cancelled", {"order_number": order.number})
            ], None
        if decision.outcome == rules.RETURN_NOT_DELIVERED:
            return [
                Reply(
                    "utter_return_not_delivered",
                    {"item": item, "window_days": words.count(window)},
                )
            ], None
        if decision.outcome == rules.RETURN_WINDOW_PASSED:
            why = Reply(
                "utter_return_window_passed",
                {
                    "item": item,
                    "deadline": words.date(decision.deadline)
                    if decision.deadline
                    else "",
                    "window_days": words.count(window),
                },
            )
        else:
            line = facts.line(line_id)
            why = Reply(
                "utter_return_category_excluded",
                {
                    "item": item,
                    "category": words.label(
                        "product_category", line.category if line else ""
                    ),
                },
            )
        offer = Reply("utter_offer_colleague", {}, yes_no(words))
        return [why, offer], dlg.Pending(dlg.COLLEAGUE, dlg.RETURN, order.number)

    # refund status

    def _refund_status(self, order: OrderView, words: Wording) -> list[Reply]:
        with self._uow() as uow:
            facts = facts_of(uow, order.number)
            records = uow.ledger.for_order(order.number)
        policy = self._policy.for_market(order.market)
        overview = refund_overview(facts, records, policy)
        replies: list[Reply] = []
        for refund in overview.refunds:
            values = {
                "amount": words.money(refund.amount, order.currency),
                "reason": words.label("refund_reason", refund.reason),
            }
            if refund.awaiting_approval:
                replies.append(Reply("utter_refund_pending_entry", values))
                continue
            replies.append(
                Reply(
                    "utter_refund_entry",
                    values
                    | {
                        "refund_date": words.date(refund.refunded_on),
                        "payment_method": self._method(refund.payment_method, words),
                        "arrival_date": words.date(refund.arrives_by),
                    },
                )
            )
        for open_return in overview.open_returns:
            replies.append(
                Reply(
                    "utter_refund_return_open",
                    {
                        "rma": open_return.rma,
                        "item": facts.line_names.get(open_return.line_id or 0, ""),
                        "amount": words.money(open_return.amount, order.currency),
                    }
                    | self._refund_timing(order.market, words),
                )
            )
        return replies or [Reply("utter_refund_none", {"order_number": order.number})]

    # cancellation

    def _cancelled(self, order: OrderView, words: Wording) -> Reply | None:
        """The reply for an order cancelled (or waiting for approval to be), else None:
        nothing more is paid back on such an order."""
        if order.status != st.CANCELLED and not self._do.cancellations.has_request(
            order.number
        ):
            return None
        quote = self._do.cancellations.quote(order.number)
        if quote.awaiting_approval:
            return Reply(
                "utter_refund_pending_entry",
                {
                    "amount": words.money(quote.amount, order.currency),
                    "reason": words.label("refund_reason", "cancelled_order"),
                },
            )
        return self._cannot_cancel(
            rules.CANCEL_ALREADY, quote.cancelled_at, order, words
        )

    def _cancel(self, order: OrderView, words: Wording) -> Step:
        cancelled = self._cancelled(order, words)
        if cancelled is not None:
            return [cancelled], None
        quote = self._do.cancellations.quote(order.number)
        number = {"order_number": order.number}
        if quote.outcome == rules.CANCEL_OK:
            values = number | {
                "amount": words.money(quote.amount, order.currency),
                "payment_method": self._method(quote.payment_method, words),
            }
            return [Reply("utter_cancel_confirm", values, yes_no(words))], dlg.Pending(
                dlg.CONFIRM, dlg.CANCEL, order.number
            )
        return [
            self._cannot_cancel(quote.outcome, quote.cancelled_at, order, words)
        ], None

    @staticmethod
    def _cannot_cancel(
        outcome: str,
        cancelled_at: dt.datetime | None,
        order: OrderView,
        words: Wording,
    ) -> Reply:
        number = {"order_number": order.number}
        if outcome == rules.CANCEL_ALREADY:
            when = cancelled_at or order.placed_at
            return Reply(
                "utter_cancel_already", number | {"cancelled_date": words.date(when)}
            )
        if outcome == rules.CANCEL_DELIVERED:
            return Reply("utter_cancel_delivered", number)
        return Reply("utter_cancel_shipped", number)

    def _cancel_confirmed(
        self, state: EnquiryState, pending: dlg.Pending, words: Wording
    ) -> list[Reply]:
        number = pending.order_number or ""
        result = self._do.cancellations.confirm(
            number, state.conversation_id, state.language
        )
        refund = result.refund
        if result.cancellation is not None and refund is None:  # nothing was captured
            return [
                Reply(
                    "utter_cancel_done",
                    {
                        "order_number": number,
                        "amount": words.money(rules.ZERO, result.cancellation.currency),
                        "payment_method": self._method(
                            result.quote.payment_method, words
                        ),
                    }
                    | self._refund_timing(self._facts(number).market, words),
                )
            ]
        if result.cancellation is None or refund is None:
            with self._uow() as uow:
                order = uow.orders.find_view(number)
            if order is None:
                return [Reply("utter_offer_expired")]
            return [
                self._cannot_cancel(
                    result.quote.outcome, result.quote.cancelled_at, order, words
                )
            ]
        values = {
            "order_number": number,
            "amount": words.money(refund.record.amount, refund.record.currency),
        }
        if refund.awaiting_approval:
            return [
                Reply(
                    "utter_cancel_awaiting_approval",
                    values | {"position": self._position(refund.handoff_id)},
                )
            ]
        market = self._facts(number).market
        return [
            Reply(
                "utter_cancel_done",
                values
                | {"payment_method": self._method(refund.record.payment_method, words)}
                | self._refund_timing(market, words),
            )
        ]

    # coupons

    def _coupons(
        self, state: EnquiryState, order: OrderView, words: Wording
    ) -> list[Reply]:
        claim = self._do.coupons.claim(order.number, state.conversation_id)
        offer, currency = claim.entitlements, order.currency
        policy = self._policy.for_market(order.market)
        tier = words.label("member_tier", offer.tier)
        replies = [
            Reply(
                "utter_coupon_entitlements",
                {
                    "tier": tier,
                    "tier_coupon": words.money(offer.tier_coupon, currency),
                    "every_days": words.count(policy.coupons.tier_coupon_every_days),
                    "birthday_coupon": words.money(offer.birthday_coupon, currency),
                    "points": words.count(offer.points),
                    "redeem_step": words.count(policy.points.redeem_step),
                    "step_value": words.money(policy.points.value_per_step, currency),
                    "points_value": words.money(offer.points_value, currency),
                },
            )
        ]
        if claim.tier_coupon is not None:
            coupon = claim.tier_coupon
            replies.append(
                Reply(
                    "utter_coupon_tier_issued",
                    {
                        "tier": tier,
                        "amount": words.money(coupon.amount, coupon.currency),
                        "code": coupon.code or "",
                        "expires_date": words.date(coupon.expires_on)
                        if coupon.expires_on
                        else "",
                    },
                )
            )
        elif offer.tier_coupon_next_date is not None:
            replies.append(
                Reply(
                    "utter_coupon_tier_not_yet",
                    {
                        "tier": tier,
                        "next_date": words.date(offer.tier_coupon_next_date),
                    },
                )
            )
        if claim.birthday_coupon is not None:
            coupon = claim.birthday_coupon
            replies.append(
                Reply(
                    "utter_coupon_birthday_issued",
                    {
                        "name": order.shopper_name,
                        "amount": words.money(coupon.amount, coupon.currency),
                        "code": coupon.code or "",
                        "expires_date": words.date(coupon.expires_on)
                        if coupon.expires_on
                        else "",
                    },
                )
            )
        elif offer.birthday_month == self._clock().month:
            replies.append(Reply("utter_coupon_birthday_already"))
        return replies

    # payment problems

    def _ask_payment_issue(self, state: EnquiryState) -> EnquiryOutcome:
        words = Wording(state.language)
        buttons = tuple(
            Button(
                words.label("payment_problem", code),
                f'/payment_problem{{"payment_issue":"{code}"}}',
            )
            for code in dlg.PAYMENT_ISSUES
        )
        return EnquiryOutcome(
            [Reply("utter_ask_payment_problem", {}, buttons)],
            {
                FLOW_SLOT: dlg.PAYMENT,
                PENDING_SLOT: dlg.Pending(dlg.PAYMENT_ISSUE, dlg.PAYMENT).dump(),
            },
        )

    def _payment_issue(
        self, state: EnquiryState, issue: str, named_market: str | None
    ) -> EnquiryOutcome:
        cleared: dict[str, object] = {FLOW_SLOT: dlg.PAYMENT, PENDING_SLOT: None}
        if issue == "declined":
            return EnquiryOutcome(
                [
                    self.answer_policy_question(
                        state, answers.PAYMENT_DECLINED, named_market
                    )
                ],
                cleared,
            )
        ticket = request_handoff(
            self._uow(),
            state.conversation_id,
            state.language,
            topic_reason("payment_problem"),
            self._clock(),
        )
        return EnquiryOutcome([topic_reply("payment_problem", ticket)], cleared)

    def _duplicates(
        self, state: EnquiryState, order: OrderView, words: Wording
    ) -> list[Reply]:
        outcome = self._do.duplicates.settle(
            order.number, state.conversation_id, state.language
        )
        number = {"order_number": order.number}
        if not outcome.refunds:
            captured = [p for p in outcome.payments if p.status == "captured"]
            first = captured[0] if captured else None
            return [
                Reply(
                    "utter_duplicate_none",
                    number
                    | {
                        "amount": words.money(
                            first.amount if first else order_total(order),
                            order.currency,
                        ),
                        "payment_method": self._method(
                            first.method if first else None, words
                        ),
                    },
                )
            ]
        replies = []
        for refund in outcome.refunds:
            record = refund.record
            values = number | {"amount": words.money(record.amount, record.currency)}
            if refund.awaiting_approval and refund.created:
                replies.append(
                    Reply(
                        "utter_duplicate_awaiting_approval",
                        values | {"position": self._position(refund.handoff_id)},
                    )
                )
            elif refund.awaiting_approval:
                replies.append(self._pending_refund(record, words))
            elif refund.created:
                replies.append(
                    Reply(
                        "utter_duplicate_refunded",
                        values
                        | {"payment_method": self._method(record.payment_method, words)}
                        | self._refund_timing(order.market, words),
                    )
                )
            else:
                replies.append(
                    Reply(
                        "utter_duplicate_already",
                        values | {"refund_date": words.date(record.created_at)},
                    )
                )
        return replies


def order_total(order: OrderView) -> Decimal:
    return sum(
        (line.unit_price_paid * line.quantity for line in order.lines), Decimal("0")
    )
