"""Support hours, the satisfaction scale and the rate limiter: pure rules."""

import datetime as dt

import pytest

from bot.services import satisfaction
from bot.services.support_hours import SupportHours, SupportHoursError
from bot.web.rate_limit import RateLimiter

BERLIN_HOURS = "mon-fri 08:00-20:00, sat 10:00-16:00"


def utc(*args):
    return dt.datetime(*args, tzinfo=dt.timezone.utc)


def test_open_inside_the_weekly_hours_in_the_team_zone():
    hours = SupportHours.parse(BERLIN_HOURS, "Europe/Berlin")
    # 2026-12-07 is a Monday; Berlin is UTC+1 in December.
    assert not hours.is_open(utc(2026, 12, 7, 6, 59))
    assert hours.is_open(utc(2026, 12, 7, 7, 0))
    assert hours.is_open(utc(2026, 12, 7, 18, 59))
    assert not hours.is_open(utc(2026, 12, 7, 19, 0))
    assert hours.is_open(utc(2026, 12, 12, 9, 30))  # Saturday 10:30
    assert not hours.is_open(utc(2026, 12, 13, 12, 0))  # Sunday


def test_next_opening_skips_closed_days():
    hours = SupportHours.parse(BERLIN_HOURS, "Europe/Berlin")
    saturday_evening = utc(2026, 12, 12, 17, 0)
    opening = hours.next_opening(saturday_evening)
    assert opening.weekday() == 0 and (opening.hour, opening.minute) == (8, 0)
    assert opening.astimezone(dt.timezone.utc) == utc(2026, 12, 14, 7, 0)
    monday_early = utc(2026, 12, 7, 5, 0)
    assert hours.next_opening(monday_early).astimezone(dt.timezone.utc) == utc(
        2026, 12, 7, 7, 0
    )
    open_now = utc(2026, 12, 7, 9, 0)
    assert hours.next_opening(open_now) == open_now


def test_always_is_always_open_and_24_00_closes_at_midnight():
    always = SupportHours.parse("always", "UTC")
    assert always.is_open(utc(2026, 12, 13, 3, 0))
    late = SupportHours.parse("sun 18:00-24:00", "UTC")
    assert late.is_open(utc(2026, 12, 13, 23, 59))
    assert not late.is_open(utc(2026, 12, 14, 0, 0))


@pytest.mark.parametrize(
    "text,zone",
    [
        ("mon-fri 8-20", "UTC"),
        ("fri-mon 08:00-20:00", "UTC"),
        ("mon 20:00-08:00", "UTC"),
        ("mon 08:00-24:30", "UTC"),
        ("xyz 08:00-10:00", "UTC"),
        ("mon 08:00-10:00", "Mars/Olympus"),
    ],
)
def test_unreadable_hours_name_the_bad_part(text, zone):
    with pytest.raises(SupportHoursError):
        SupportHours.parse(text, zone)


def test_the_bottom_three_levels_are_complaints():
    assert [satisfaction.is_complaint(r) for r in range(1, 8)] == [
        True, True, True, False, False, False, False,
    ]  # fmt: skip
    assert satisfaction.level(1) == "very_dissatisfied"
    assert satisfaction.level(7) == "very_satisfied"
    for bad in (0, 8, -1):
        with pytest.raises(satisfaction.InvalidRating):
            satisfaction.level(bad)


def test_complaint_category_follows_the_latest_topic():
    assert satisfaction.complaint_category(["greet", "track_order"]) == "delivery"
    assert satisfaction.complaint_category(["track_order", "price_drop"]) == "price"
    assert satisfaction.complaint_category(["refund_status", "thank"]) == "refund"
    assert satisfaction.complaint_category(["return_item"]) == "product"
    assert satisfaction.complaint_category([None, "greet"]) == "service"
    assert satisfaction.complaint_category([]) == "service"


def test_rate_limiter_allows_a_burst_then_refills():
    now = [0.0]
    limiter = RateLimiter(capacity=3, per_second=1.0, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # another key has its own bucket
    now[0] += 1.0
    assert limiter.allow("a") and not limiter.allow("a")
