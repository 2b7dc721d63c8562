"""Repositories: 2.0-style queries behind the ports the services use."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from bot.services.order_view import (
    LineView,
    OrderView,
    ShipmentEventView,
    ShipmentView,
)
from bot.store.models import (
    HandoffRequest,
    Order,
    OrderLine,
    Shipment,
)

WAITING = "waiting"


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
        """1 for the oldest waiting request, counting only those waiting before it."""
        return int(
            self._session.scalar(
                select(func.count(HandoffRequest.id))
                .where(HandoffRequest.status == WAITING)
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
