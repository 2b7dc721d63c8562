import datetime as dt

from bot.services import order_status as st
from bot.services.tracking import days_late, describe_order
from tests.fakes import NOW, order_view

TODAY = NOW.date()


def names(replies):
    return [r.response for r in replies]


def test_in_transit_on_time_gives_status_event_and_expected_date():
    replies = describe_order(order_view(), TODAY, "en")
    assert names(replies) == [
        "utter_order_status_in_transit",
        "utter_order_expected_delivery",
    ]
    status = replies[0].values
    assert status["order_number"] == "482913075"
    assert status["carrier"] == "DHL"
    assert status["tracking_number"] == "D123456789001DE"
    assert status["event"] == "Arrived at a sorting hub"
    assert status["place"] == "Leipzig, DE"
    assert "2026" in status["event_time"]
    assert replies[1].values["expected_date"] == "26 November 2026"


def test_dates_and_labels_follow_the_language():
    replies = describe_order(order_view(), TODAY, "zh")
    assert replies[0].values["event"] == "已到达分拣中心"
    assert replies[1].values["expected_date"] == "2026年11月26日"


def test_late_order_says_so_with_the_promised_date():
    order = order_view(promised_delivery_date=TODAY - dt.timedelta(days=4))
    replies = describe_order(order, TODAY, "en")
    assert names(replies) == ["utter_order_status_in_transit", "utter_order_late"]
    assert replies[1].values == {"promised_date": "19 November 2026", "days_late": "4"}
    assert days_late(order, TODAY) == 4


def test_due_today_is_not_late():
    order = order_view(promised_delivery_date=TODAY)
    assert days_late(order, TODAY) == 0
    assert (
        names(describe_order(order, TODAY, "en"))[-1] == "utter_order_expected_delivery"
    )


def test_customs_hold_and_out_for_delivery_have_their_own_replies():
    for status in (st.CUSTOMS_HOLD, st.OUT_FOR_DELIVERY):
        replies = describe_order(order_view(status=status), TODAY, "en")
        assert replies[0].response == f"utter_order_status_{status}"


def test_processing_order_has_no_shipment_yet():
    order = order_view(status=st.PROCESSING, shipments=(), shipped_at=None)
    replies = describe_order(order, TODAY, "en")
    assert names(replies) == [
        "utter_order_status_processing",
        "utter_order_expected_delivery",
    ]
    assert replies[0].values["placed_date"] == "18 November 2026"


def test_delivered_order_is_never_late_and_gives_the_delivery_date():
    order = order_view(
        status=st.DELIVERED,
        delivered_at=NOW - dt.timedelta(days=2),
        promised_delivery_date=TODAY - dt.timedelta(days=10),
    )
    replies = describe_order(order, TODAY, "en")
    assert names(replies) == ["utter_order_status_delivered"]
    assert replies[0].values["delivered_date"] == "21 November 2026"
    assert days_late(order, TODAY) == 0


def test_cancelled_order_reveals_nothing_but_the_cancellation():
    replies = describe_order(order_view(status=st.CANCELLED), TODAY, "en")
    assert names(replies) == ["utter_order_status_cancelled"]
    assert replies[0].values == {"order_number": "482913075"}


def test_market_decides_the_date_style_within_a_language():
    us = describe_order(order_view(market="US"), TODAY, "en")[1].values["expected_date"]
    uk = describe_order(order_view(market="UK"), TODAY, "en")[1].values["expected_date"]
    assert us == "November 26, 2026"
    assert uk == "26 November 2026"
