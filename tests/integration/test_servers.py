"""The three servers started for real and conversed with over HTTP, in both languages."""

import datetime as dt
import uuid

import httpx
import pytest
from sqlalchemy import select

from bot.i18n.formatting import long_date
from bot.store.db import make_engine, make_session_factory
from bot.store.models import LedgerEntry
from bot.store.seed import export_demo
from bot.store.unit_of_work import SqlUnitOfWork


def pick(demo, **wanted):
    return next(o for o in demo["orders"] if all(o[k] == v for k, v in wanted.items()))


def sender():
    return f"it-{uuid.uuid4().hex[:12]}"


def test_english_happy_path_step_by_step(stack, demo):
    order = pick(demo, status="in_transit", late=True, language="en")
    who = sender()
    assert (
        "order number"
        in " ".join(stack.say(who, "where is my order?", "en-US")).lower()
    )
    asked = " ".join(stack.say(who, order["number"], "en-US"))
    assert "e-mail" in asked and order["tracking_number"] not in asked
    reply = " ".join(stack.say(who, order["email"], "en-US"))
    assert order["number"] in reply
    assert order["tracking_number"] in reply
    assert order["carrier"] in reply
    assert order["latest_event"]["location"] in reply
    promised = long_date(
        dt.date.fromisoformat(order["promised_delivery_date"]), "en", order["market"]
    )
    assert "late" in reply and promised in reply


def test_chinese_number_and_postcode_in_one_message(stack, demo):
    order = next(
        o
        for o in demo["orders"]
        if o["language"] == "zh" and o["postcode"] and o["status"] == "customs_hold"
    )
    who = sender()
    stack.say(who, "你好", "zh-CN")
    reply = " ".join(
        stack.say(
            who, f"我的订单{order['number']}到哪了，邮编{order['postcode']}", "zh-CN"
        )
    )
    assert "海关" in reply and order["tracking_number"] in reply
    assert "年" in reply and "月" in reply  # date written the Chinese way


def test_wrong_email_and_unknown_order_get_identical_neutral_replies(stack, demo):
    order = pick(demo, status="delivered", language="en")
    replies = []
    for number in (order["number"], "987654321"):
        who = sender()
        stack.say(who, "track my order", "en-US")
        replies.append(stack.say(who, f"{number} {'nobody@example.com'}", "en-US"))
    assert replies[0] == replies[1]
    assert order["tracking_number"] not in " ".join(replies[0])


def test_three_failures_lock_and_record_a_handoff(stack, demo):
    order = pick(demo, status="in_transit", language="zh")
    who = sender()
    stack.say(who, "查物流", "zh-CN")
    for attempt in range(3):
        last = stack.say(who, f"{order['number']} wrong{attempt}@example.com", "zh-CN")
    assert "人工" in " ".join(last)
    after = " ".join(stack.say(who, f"{order['number']} {order['email']}", "zh-CN"))
    assert (
        order["tracking_number"] not in after
    )  # still locked, even with the right e-mail
    factory = make_session_factory(make_engine(stack.settings.database_url))
    with SqlUnitOfWork(factory) as uow:
        rows = [
            (h.conversation_id, h.language, h.reason, h.status)
            for h in uow.handoffs.waiting()
        ]
    assert (who, "zh", "verification_failed", "waiting") in rows


def test_verified_shopper_asks_about_another_own_order(stack, demo):
    first = pick(demo, status="delivered", language="en")
    second = next(
        o
        for o in demo["orders"]
        if o["email"] == first["email"]
        and o["number"] != first["number"]
        and o["status"] != "cancelled"
    )
    who = sender()
    stack.say(
        who, f"where is order {first['number']}? my email is {first['email']}", "en-US"
    )
    reply = " ".join(stack.say(who, f"and order {second['number']}?", "en-US"))
    assert second["number"] in reply and "e-mail" not in reply


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("asdkjh qwpeoiu zxmcn", "en-US", "where your order is"),
        ("😀😀😀", "en-US", "only read words"),
        ("x" * 5000, "en-US", "too long"),
        ("'; DROP TABLE orders; --", "en-US", "didn't quite get"),
        ("<script>alert('x')</script>", "en-US", "didn't quite get"),
        ("   ", "en-US", "empty"),
        ("", "en-US", "empty"),
        ("🙏🙏", "zh-CN", "文字"),
        ("啊" * 3000, "zh-CN", "太长"),
    ],
)
def test_bad_input_gets_a_short_polite_reply(stack, text, locale, expected):
    replies = stack.say(sender(), text, locale)
    assert len(replies) == 1
    assert expected in replies[0]
    assert len(replies[0]) < 300


def test_store_survives_injection_attempts(stack, demo):
    stack.say(sender(), "track 123456789' OR '1'='1 email x@y.z", "en-US")
    assert stack.say(sender(), "hello", "en-US")
    engine = make_engine(stack.settings.database_url)
    assert (
        len(export_demo(make_session_factory(engine), stack.now.date())["orders"])
        == 240
    )


def test_rasa_api_needs_the_token(stack):
    assert httpx.get(f"{stack.rasa}/status", timeout=10).status_code in (401, 403)
    token = stack.settings.rasa_api_token
    assert (
        httpx.get(
            f"{stack.rasa}/status", params={"token": token}, timeout=10
        ).status_code
        == 200
    )
    parsed = httpx.post(
        f"{stack.rasa}/model/parse",
        params={"token": token},
        json={"text": "我的快递呢"},
        timeout=10,
    ).json()
    assert parsed["language"]["code"] == "zh"
    assert parsed["intent"]["name"] == "track_order"


def test_storefront_chat_box_forwards_to_the_bot(stack):
    page = httpx.get(f"{stack.web}/", timeout=10)
    assert page.status_code == 200 and 'src="/widget.js"' in page.text
    reply = httpx.post(
        f"{stack.web}/api/chat",
        json={"conversation_id": sender(), "message": "你好", "locale": "zh-CN"},
        timeout=30,
    )
    assert reply.status_code == 200
    assert "您好" in reply.json()["replies"][0]["text"]
    bad = httpx.post(
        f"{stack.web}/api/chat",
        json={"conversation_id": "../x", "message": "hi"},
        timeout=10,
    )
    assert bad.status_code == 422


def test_logs_do_not_contain_shoppers_contact_details(stack, demo):
    order = pick(demo, status="in_transit", language="en")
    stack.say(sender(), f"order {order['number']} email {order['email']}", "en-US")
    assert order["email"] not in stack.log_text()


def test_late_order_remedy_offered_with_buttons_and_granted_once(stack, demo):
    today = stack.now.date()
    order = next(
        o
        for o in demo["orders"]
        if o["late"]
        and o["status"] in ("in_transit", "customs_hold")
        and (today - dt.date.fromisoformat(o["promised_delivery_date"])).days >= 3
    )
    who = sender()

    def chat(message):
        reply = httpx.post(
            f"{stack.web}/api/chat",
            json={"conversation_id": who, "message": message, "locale": "en-US"},
            timeout=60,
        )
        assert reply.status_code == 200
        return reply.json()["replies"]

    chat("where is my order?")
    chat(order["number"])
    replies = chat(order["email"])
    offer = replies[-1]
    assert "coupon" in offer["text"] and "late" in " ".join(r["text"] for r in replies)
    assert [b["payload"] for b in offer["buttons"]] == ["/affirm", "/deny"]
    granted = " ".join(r["text"] for r in chat("/affirm"))
    assert "CB-" in granted
    assert "CB-" not in " ".join(r["text"] for r in chat("/affirm"))
    engine = make_engine(stack.settings.database_url)
    with make_session_factory(engine)() as session:
        coupons = session.scalars(
            select(LedgerEntry).where(
                LedgerEntry.order_number == order["number"],
                LedgerEntry.kind == "coupon",
            )
        ).all()
    engine.dispose()
    assert len(coupons) == 1 and coupons[0].code in granted


def test_a_shoppers_complaint_becomes_one_ticket(stack):
    who = sender()
    first = " ".join(
        stack.say(who, "I want to file a formal complaint about your service", "en-US")
    )
    assert "complaint" in first and "#" in first
    again = " ".join(stack.say(who, "I want to make a complaint", "en-US"))
    assert first.split("#")[1].split()[0].strip(",.") in again
    engine = make_engine(stack.settings.database_url)
    with SqlUnitOfWork(make_session_factory(engine)) as uow:
        (ticket,) = uow.tickets.listed(("open",), who)
        assert ticket.source == "shopper" and ticket.category == "service"
        assert ticket.language == "en"
    engine.dispose()
