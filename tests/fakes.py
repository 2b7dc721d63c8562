"""In-memory stand-ins for the store, and builders for plain order views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import TracebackType

from bot.services.order_view import (
    LineView,
    OrderView,
    ShipmentEventView,
    ShipmentView,
)

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


def order_view(**changes: object) -> OrderView:
    events = (
        ShipmentEventView(NOW - dt.timedelta(days=3), "Shenzhen, CN", "PICKED_UP"),
        ShipmentEventView(NOW - dt.timedelta(days=1), "Leipzig, DE", "ARRIVED_AT_HUB"),
    )
    base = OrderView(
        number="482913075",
        shopper_id=7,
        shopper_name="Anna Becker",
        shopper_email="Anna.Becker@example.com",
        shopper_postcode="10115",
        market="DE",
        currency="EUR",
        status="in_transit",
        placed_at=NOW - dt.timedelta(days=5),
        shipped_at=NOW - dt.timedelta(days=4),
        delivered_at=None,
        promised_delivery_date=(NOW + dt.timedelta(days=3)).date(),
        lines=(
            LineView(
                "EL-1001", "Wireless Earbuds Pro", "electronics", 1, Decimal("81.99")
            ),
        ),
        shipments=(ShipmentView("DHL", "D123456789001DE", events),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@dataclass
class FakeOrders:
    by_number: dict[str, OrderView] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    def find_view(self, number: str) -> OrderView | None:
        self.lookups.append(number)
        return self.by_number.get(number)


@dataclass
class FakeHandoffs:
    rows: list[dict[str, object]] = field(default_factory=list)

    def waiting_id_for(self, conversation_id: str) -> int | None:
        for row in self.rows:
            if row["conversation_id"] == conversation_id and row["status"] == "waiting":
                return int(str(row["id"]))
        return None

    def add(
        self,
        conversation_id: str,
        language: str,
        reason: str,
        details: dict[str, object],
        created_at: dt.datetime,
    ) -> int:
        row_id = len(self.rows) + 1
        self.rows.append(
            {
                "id": row_id,
                "conversation_id": conversation_id,
                "language": language,
                "reason": reason,
                "details": details,
                "status": "waiting",
                "created_at": created_at,
                "committed": False,
            }
        )
        return row_id

    def position(self, request_id: int) -> int:
        """Like the store: waiting requests before it in the same language."""
        language = next(r["language"] for r in self.rows if r["id"] == request_id)
        return sum(
            1
            for r in self.rows
            if r["status"] == "waiting"
            and r["language"] == language
            and int(str(r["id"])) <= request_id
        )


class FakeUnitOfWork:
    def __init__(
        self, orders: FakeOrders | None = None, handoffs: FakeHandoffs | None = None
    ) -> None:
        self.orders = orders or FakeOrders()
        self.handoffs = handoffs or FakeHandoffs()
        self.commits = 0

    def __enter__(self) -> FakeUnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Like the real one: whatever was not committed is rolled back.
        self.handoffs.rows = [r for r in self.handoffs.rows if r["committed"]]

    def commit(self) -> None:
        self.commits += 1
        for row in self.handoffs.rows:
            row["committed"] = True
