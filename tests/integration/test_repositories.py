"""Repositories, migrations and the demo store on SQLite and on a real PostgreSQL."""

import datetime as dt

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from bot.services.handoff import SHOPPER_ASKED, request_handoff
from bot.store.db import make_session_factory
from bot.store.migrate import alembic_config, upgrade_to_head
from bot.store.models import Base, HandoffRequest, Order, Shopper
from bot.store.seed import export_demo, load_demo_if_empty
from bot.store.setup import prepare_store
from bot.store.unit_of_work import SqlUnitOfWork

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


def test_migrations_build_exactly_the_models_schema(engine):
    upgrade_to_head(engine)
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diffs == []


def test_migrations_downgrade_and_upgrade_again(engine):
    upgrade_to_head(engine)
    command.downgrade(alembic_config(engine), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade_to_head(engine)
    assert "orders" in inspect(engine).get_table_names()


def test_demo_store_loads_once(engine):
    assert prepare_store(engine, NOW) is True
    assert prepare_store(engine, NOW) is False
    factory = make_session_factory(engine)
    with factory() as session:
        assert len(session.scalars(select(Shopper)).all()) == 60
        assert len(session.scalars(select(Order)).all()) == 240


def test_order_view_has_everything_with_aware_utc_times(engine):
    prepare_store(engine, NOW)
    factory = make_session_factory(engine)
    demo = export_demo(factory, NOW.date())
    shipped = next(o for o in demo["orders"] if o["status"] == "in_transit")
    with SqlUnitOfWork(factory) as uow:
        view = uow.orders.find_view(shipped["number"])
        assert uow.orders.find_view("999999999") is None
    assert view is not None
    assert view.shopper_email == shipped["email"]
    assert view.current_shipment.tracking_number == shipped["tracking_number"]
    events = view.current_shipment.events
    assert [e.occurred_at for e in events] == sorted(e.occurred_at for e in events)
    assert all(e.occurred_at.tzinfo is not None for e in events)
    assert view.placed_at.utcoffset() == dt.timedelta(0)
    assert [line.sku for line in view.lines] == [
        item["sku"] for item in shipped["items"]
    ]


def test_demo_json_keys_are_stable(engine):
    prepare_store(engine, NOW)
    demo = export_demo(make_session_factory(engine), NOW.date())
    assert set(demo) == {"shoppers", "orders"}
    order = demo["orders"][0]
    for key in (
        "number", "email", "postcode", "language", "market", "status", "carrier",
        "tracking_number", "items", "placed_at", "paid_at", "shipped_at",
        "delivered_at", "promised_delivery_date", "late",
    ):  # fmt: skip
        assert key in order
    assert {"name", "price_paid"} <= set(order["items"][0])


def test_handoffs_queue_in_order_and_once_per_conversation(engine):
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    first = request_handoff(SqlUnitOfWork(factory), "conv-a", "en", SHOPPER_ASKED, NOW)
    second = request_handoff(SqlUnitOfWork(factory), "conv-b", "zh", SHOPPER_ASKED, NOW)
    again = request_handoff(SqlUnitOfWork(factory), "conv-a", "en", SHOPPER_ASKED, NOW)
    third = request_handoff(SqlUnitOfWork(factory), "conv-c", "en", SHOPPER_ASKED, NOW)
    # agents serve by language: the place in line counts the same language only
    assert (first.position, second.position, third.position) == (1, 1, 2)
    assert again.request_id == first.request_id and not again.created
    with SqlUnitOfWork(factory) as uow:
        waiting = [
            (h.conversation_id, h.language, h.status) for h in uow.handoffs.waiting()
        ]
    assert waiting == [
        ("conv-a", "en", "waiting"),
        ("conv-b", "zh", "waiting"),
        ("conv-c", "en", "waiting"),
    ]


def test_unit_of_work_rolls_back_what_was_not_committed(engine):
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    with SqlUnitOfWork(factory) as uow:
        uow.handoffs.add("conv-x", "en", "test", {}, NOW)
    with pytest.raises(RuntimeError):
        with SqlUnitOfWork(factory) as uow:
            uow.handoffs.add("conv-y", "en", "test", {}, NOW)
            raise RuntimeError("boom")
    with factory() as session:
        assert session.scalars(select(HandoffRequest)).all() == []


def test_naive_datetimes_are_refused(engine):
    upgrade_to_head(engine)
    with SqlUnitOfWork(make_session_factory(engine)) as uow:
        with pytest.raises(Exception, match="naive"):
            uow.handoffs.add("conv", "en", "test", {}, dt.datetime(2026, 1, 1))


def test_load_demo_if_empty_is_a_no_op_on_a_filled_store(engine):
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    assert load_demo_if_empty(factory, NOW)
    assert not load_demo_if_empty(factory, NOW + dt.timedelta(days=1))
