"""Repositories: 2.0-style queries behind the ports the services use."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from bot.services.order_status import CANCELLED
from bot.services.order_view import (
    LineView,
    OrderView,
    ShipmentEventView,
    ShipmentView,
)
from bot.services.settlement_facts import (
    LineFacts,
    OrderFacts,
    PaymentFacts,
    ShopperHistory,
)
from bot.store.models import (
    Conversation,
    HandoffRequest,
    Order,
    OrderLine,
    Product,
    Shipment,
    Shopper,
)

WAITING = "waiting"
CLAIMED = "claimed"
CLOSED = "closed"
OFFLINE = "offline"  # asked outside business hours: answered by e-mail through a ticket


def order_view(order: Order) -> OrderView:
    shopper = order.shopper
    return OrderView(
        number=order.number,
        shopper_id=shopper.id,
        shopper_name=shopper.name,
        shopper_email=shopper.email,
        shopper_postcode=shopper.postcode,
        market=order.market,
        currency=order.currency,
        status=order.status,
        placed_at=order.placed_at,
        shipped_at=order.shipped_at,
        delivered_at=order.delivered_at,
        promised_delivery_date=order.promised_delivery_date,
        lines=tuple(
            LineView(
                sku=line.product.sku,
                name=line.product.name,
                category=line.product.category,
                quantity=line.quantity,
                unit_price_paid=line.unit_price_paid,
            )
            for line in order.lines
        ),
        shipments=tuple(
            ShipmentView(
                carrier=shipment.carrier,
                tracking_number=shipment.tracking_number,
                events=tuple(
                    ShipmentEventView(e.occurred_at, e.location, e.status_code)
                    for e in shipment.events
                ),
            )
            for shipment in order.shipments
        ),
    )


class OrderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _with_everything(self) -> Select[tuple[Order]]:
        return select(Order).options(
            selectinload(Order.shopper),
            selectinload(Order.lines).selectinload(OrderLine.product),
            selectinload(Order.shipments).selectinload(Shipment.events),
            selectinload(Order.payments),
        )

    def get(self, number: str) -> Order | None:
        return self._session.scalars(
            self._with_everything().where(Order.number == number)
        ).one_or_none()

    def find_view(self, number: str) -> OrderView | None:
        order = self.get(number)
        return order_view(order) if order is not None else None

    def all(self) -> list[Order]:
        return list(self._session.scalars(self._with_everything().order_by(Order.id)))

    def of_shopper(self, shopper_id: int) -> list[Order]:
        return list(
            self._session.scalars(
                self._with_everything()
                .where(Order.shopper_id == shopper_id)
                .order_by(Order.placed_at.desc())
            )
        )

    def shopper(self, shopper_id: int) -> Shopper | None:
        return self._session.get(Shopper, shopper_id)

    def find_facts(self, number: str) -> OrderFacts | None:
        """The order as the settlement rules see it: lines with their price history in
        the order's currency, payments, and the shopper's history."""
        order = self._session.scalars(
            self._with_everything()
            .options(
                selectinload(Order.lines)
                .selectinload(OrderLine.product)
                .selectinload(Product.prices)
            )
            .where(Order.number == number)
        ).one_or_none()
        if order is None:
            return None
        shopper = order.shopper
        return OrderFacts(
            number=order.number,
            shopper_id=shopper.id,
            shopper_name=shopper.name,
            market=order.market,
            currency=order.currency,
            status=order.status,
            placed_at=order.placed_at,
            delivered_at=order.delivered_at,
            cancelled_at=order.cancelled_at,
            promised_delivery_date=order.promised_delivery_date,
            shipping_cost=order.shipping_cost,
            lines=tuple(
                LineFacts(
                    line_id=line.id,
                    sku=line.product.sku,
                    category=line.product.category,
                    quantity=line.quantity,
                    unit_price_paid=line.unit_price_paid,
                )
                for line in order.lines
            ),
            line_names={line.id: line.product.name for line in order.lines},
            payments=tuple(
                PaymentFacts(p.reference, p.method, p.amount, p.status, p.created_at)
                for p in order.payments
            ),
            prices={
                line.id: tuple(
                    (point.valid_from, point.amount)
                    for point in line.product.prices
                    if point.currency == order.currency
                )
                for line in order.lines
            },
            shopper=self.shopper_history(shopper),
        )

    def shopper_history(self, shopper: Shopper) -> ShopperHistory:
        """Tier, orders placed and spend (cancelled orders not counted): what the
        customer type and goodwill are decided on."""
        spend = self._session.scalar(
            select(
                func.coalesce(
                    func.sum(OrderLine.unit_price_paid * OrderLine.quantity), 0
                )
            )
            .join(Order, OrderLine.order_id == Order.id)
            .where(Order.shopper_id == shopper.id)
            .where(Order.status != CANCELLED)
        )
        orders_placed = int(
            self._session.scalar(
                select(func.count(Order.id))
                .where(Order.shopper_id == shopper.id)
                .where(Order.status != CANCELLED)
            )
            or 0
        )
        return ShopperHistory(
            tier=shopper.member_tier,
            orders_placed=orders_placed,
            total_spend=Decimal(spend or 0),
            birthday=shopper.birthday,
            points=shopper.points,
        )

    def mark_cancelled(self, number: str, at: dt.datetime) -> None:
        order = self._session.scalars(
            select(Order).where(Order.number == number).with_for_update()
        ).one()
        order.status = CANCELLED
        order.cancelled_at = at
        self._session.flush()

    def count(self) -> int:
        return int(self._session.scalar(select(func.count(Order.id))) or 0)


class HandoffRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def waiting_id_for(self, conversation_id: str) -> int | None:
        return self._session.scalar(
            select(HandoffRequest.id)
            .where(HandoffRequest.conversation_id == conversation_id)
            .where(HandoffRequest.status == WAITING)
            .order_by(HandoffRequest.id)
            .limit(1)
        )

    def add(
        self,
        conversation_id: str,
        language: str,
        reason: str,
        details: dict[str, object],
        created_at: dt.datetime,
    ) -> int:
        request = HandoffRequest(
            conversation_id=conversation_id,
            language=language,
            reason=reason,
            status=WAITING,
            details=details,
            created_at=created_at,
        )
        self._session.add(request)
        self._session.flush()
        return request.id

    def position(self, request_id: int) -> int:
        """1 for the oldest waiting request in its language, counting only those waiting
        before it for the same language (agents serve by language)."""
        language = select(HandoffRequest.language).where(
            HandoffRequest.id == request_id
        )
        return int(
            self._session.scalar(
                select(func.count(HandoffRequest.id))
                .where(HandoffRequest.status == WAITING)
                .where(HandoffRequest.language == language.scalar_subquery())
                .where(HandoffRequest.id <= request_id)
            )
            or 0
        )

    def waiting(self) -> list[HandoffRequest]:
        return list(
            self._session.scalars(
                select(HandoffRequest)
                .where(HandoffRequest.status == WAITING)
                .order_by(HandoffRequest.created_at, HandoffRequest.id)
            )
        )

    def queued(self) -> list[HandoffRequest]:
        """Waiting requests whose conversation the web app has put in the queue (a request
        made only through Rasa's REST channel has no widget to answer into)."""
        return list(
            self._session.scalars(
                select(HandoffRequest)
                .join(Conversation, Conversation.id == HandoffRequest.conversation_id)
                .where(HandoffRequest.status == WAITING)
                .where(Conversation.holder == "queue")
                .order_by(HandoffRequest.created_at, HandoffRequest.id)
            )
        )

    def waiting_for(self, conversation_id: str) -> HandoffRequest | None:
        request_id = self.waiting_id_for(conversation_id)
        return self._session.get(HandoffRequest, request_id) if request_id else None

    def latest_for(self, conversation_id: str) -> HandoffRequest | None:
        return self._session.scalar(
            select(HandoffRequest)
            .where(HandoffRequest.conversation_id == conversation_id)
            .order_by(HandoffRequest.id.desc())
            .limit(1)
        )

    def settle(
        self,
        request: HandoffRequest,
        status: str,
        at: dt.datetime,
        agent_id: int | None = None,
    ) -> None:
        request.status = status
        if status == CLAIMED:
            request.agent_id = agent_id
            request.claimed_at = at
        else:
            request.closed_at = at
        self._session.flush()

    def close_claimed(self, conversation_id: str, at: dt.datetime) -> None:
        for request in self._session.scalars(
            select(HandoffRequest)
            .where(HandoffRequest.conversation_id == conversation_id)
            .where(HandoffRequest.status == CLAIMED)
        ):
            request.status = CLOSED
            request.closed_at = at
        self._session.flush()
