"""Two real action-server processes against one PostgreSQL store: fifty identical "yes"
answers to the same price-drop offer, sent at once to both, pay the difference and the
goodwill coupon exactly once, and every shopper gets an answer."""

import asyncio
import datetime as dt
import os
import subprocess
import sys

import httpx
import pytest
from sqlalchemy import func, select

from bot.launcher import stop, wait_for
from bot.services.dialogue import CONFIRM, PRICE, Pending
from bot.settings import PROJECT_ROOT
from bot.store.db import make_session_factory
from bot.store.migrate import upgrade_to_head
from bot.store.models import LedgerEntry
from tests.support.postgres import free_port
from tests.support.store_builder import add_order, add_shopper


@pytest.fixture
def postgres_database(request):
    from tests.integration.conftest import _fresh_postgres_database

    return _fresh_postgres_database(request.getfixturevalue("postgres_url"))


@pytest.fixture
def action_servers(postgres_database, tmp_path):
    ports = [free_port(), free_port()]
    env = dict(os.environ) | {
        "DATABASE_URL": postgres_database,
        "VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(PROJECT_ROOT),
        "SANIC_HOST": "127.0.0.1",
        "ACTION_SERVER_SANIC_WORKERS": "1",
        "RASA_API_TOKEN": "t" * 40,
    }
    processes = {
        f"actions-{port}": subprocess.Popen(
            [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=(tmp_path / f"{port}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for port in ports
    }  # fmt: skip
    try:
        for port in ports:
            wait_for(f"http://127.0.0.1:{port}/health", 60, processes)
        yield ports
    finally:
        stop(processes)


def _webhook_body(sender, number, line_id, shopper_id):
    slots = {
        "language": "en",
        "order_number": number,
        "verified_shopper_id": float(shopper_id),
        "flow": PRICE,
        "pending": Pending(CONFIRM, PRICE, number, line_id).dump(),
        "failed_attempts": 0.0,
        "verification_locked": False,
    }
    tracker = {
        "sender_id": sender,
        "slots": slots,
        "latest_message": {"text": "yes", "intent": {"name": "affirm"}, "entities": []},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    return {
        "next_action": "action_shopper_request",
        "sender_id": sender,
        "tracker": tracker,
        "domain": {},
        "version": "3.6.2",
    }


async def _confirm_at_once(ports, bodies):
    async with httpx.AsyncClient(timeout=60) as client:
        calls = [
            client.post(f"http://127.0.0.1:{ports[i % 2]}/webhook", json=body)
            for i, body in enumerate(bodies)
        ]
        return await asyncio.gather(*calls)


def test_fifty_yes_answers_through_two_action_servers_pay_once(
    action_servers, postgres_database
):
    from bot.store.db import make_engine

    engine = make_engine(postgres_database)
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    now = dt.datetime.now(dt.timezone.utc)
    with factory() as session:
        shopper = add_shopper(session, tier="gold")
        number, line_id = add_order(session, shopper, now)  # 80 paid, 64 now
        session.commit()
        shopper_id = shopper.id
    bodies = [_webhook_body("conv-1", number, line_id, shopper_id) for _ in range(50)]
    responses = asyncio.run(_confirm_at_once(action_servers, bodies))
    assert [r.status_code for r in responses] == [200] * 50
    answers = [[m["response"] for m in r.json()["responses"]] for r in responses]
    assert all(a in (["utter_price_refunded", "utter_coupon_issued"],
                     ["utter_price_already_refunded"]) for a in answers), answers  # fmt: skip
    assert answers.count(["utter_price_refunded", "utter_coupon_issued"]) == 1
    with factory() as session:
        counts = dict(
            session.execute(
                select(LedgerEntry.kind, func.count()).group_by(LedgerEntry.kind)
            ).all()
        )
    engine.dispose()
    assert counts == {"refund": 1, "coupon": 1}
