"""Every service-quality figure on a known set of conversations, checked exactly."""

import datetime as dt

from bot.services.service_quality import (
    ConversationFacts,
    Durations,
    Filters,
    quality_report,
)
from bot.text.identifiers import mask_personal as mask

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)


def at(days=0, seconds=0):
    return T0 + dt.timedelta(days=days, seconds=seconds)


FIXTURE = [
    # bot-only, settled, rated 7 (de, shopper 1)
    ConversationFacts(
        "a", "de", at(0), 1, ("track_order", "thank"),
        first_shopper_at=at(0), first_bot_reply_at=at(0, 2), last_bot_reply_at=at(0, 40),
        ratings=(7,),
    ),
    # handed off, served, rated 2 and complained (de, shopper 1 again 3 days later)
    ConversationFacts(
        "b", "de", at(3), 1, ("delivery_delay", "request_human"),
        first_shopper_at=at(3), first_bot_reply_at=at(3, 4), last_bot_reply_at=at(3, 5),
        handoff_at=at(3, 10), first_agent_reply_at=at(3, 70), handed_back_at=at(3, 610),
        ratings=(2,), complaint=True,
    ),
    # handed off, never served (es, shopper 2, first contact)
    ConversationFacts(
        "c", "es", at(5), 2, ("request_human",),
        first_shopper_at=at(5), first_bot_reply_at=at(5, 1), last_bot_reply_at=at(5, 1),
        handoff_at=at(5, 2),
    ),
    # bot-only, not understood twice, unverified (en)
    ConversationFacts(
        "d", "en", at(6), None, ("nlu_fallback", "nlu_fallback", "greet"),
        first_shopper_at=at(6), first_bot_reply_at=at(6, 3), last_bot_reply_at=at(6, 9),
        fallback_texts=("My email is x@y.com", "my email is z@w.org"),
        ratings=(4,),
    ),
    # shopper 2 again, 9 days after c: not a repeat contact (outside 7 days)
    ConversationFacts(
        "e", "es", at(14), 2, ("track_order",),
        first_shopper_at=at(14), first_bot_reply_at=at(14, 5), last_bot_reply_at=at(14, 5),
        ratings=(6,),
    ),
]  # fmt: skip


def test_all_figures_on_the_fixture():
    report = quality_report(FIXTURE)
    assert report.conversations == 5
    assert report.ratings == {
        "very_dissatisfied": 0, "dissatisfied": 1, "somewhat_dissatisfied": 0,
        "neutral": 1, "somewhat_satisfied": 0, "satisfied": 1, "very_satisfied": 1,
    }  # fmt: skip
    assert report.rated == 4 and report.mean_rating == 4.75  # (7+2+4+6)/4
    assert report.containment_rate == 0.6  # a, d, e
    assert report.handoff_rate == 0.4  # b, c
    assert report.complaint_rate == 0.2  # b
    assert report.repeat_contact_rate == 0.25  # b of a, b, c, e (d has no shopper)
    assert report.bot_first_response == Durations(5, 3.0, 5.0)  # 2, 4, 1, 3, 5 s
    assert report.agent_first_response == Durations(1, 60.0, 60.0)
    assert report.bot_resolution == Durations(3, 9.0, 40.0)  # a 40, d 9, e 5
    assert report.agent_resolution == Durations(1, 600.0, 600.0)
    assert report.top_intents[:3] == [
        ("track_order", 2), ("request_human", 2), ("thank", 1),
    ]  # fmt: skip
    assert ("nlu_fallback", 2) not in report.top_intents
    assert report.top_fallbacks == [
        ("my email is <e-mail>", 2),
    ]


def test_filters_by_language_intent_and_days():
    german = quality_report(FIXTURE, Filters(language="de"))
    assert german.conversations == 2 and german.handoff_rate == 0.5
    assert german.repeat_contact_rate == 0.5
    tracking = quality_report(FIXTURE, Filters(intent="track_order"))
    assert tracking.conversations == 2 and tracking.mean_rating == 6.5
    later = quality_report(FIXTURE, Filters(start=at(3).date(), end=at(6).date()))
    assert [later.conversations, later.repeat_contact_rate] == [3, 0.5]
    # b repeats a, which started before the range: history still counts it
    nothing = quality_report(FIXTURE, Filters(language="ja"))
    assert nothing.conversations == 0 and nothing.containment_rate is None
    assert nothing.mean_rating is None and nothing.bot_first_response == Durations(
        0, None, None
    )


def test_durations_median_and_nearest_rank_p90():
    assert Durations.of([5, 1, 3]) == Durations(3, 3.0, 5)
    assert Durations.of(list(range(1, 11))) == Durations(10, 5.5, 9)
    assert Durations.of([]) == Durations(0, None, None)


def test_masking_hides_emails_and_long_numbers():
    assert mask("order 418203957 for a@b.com") == "order ######### for <e-mail>"
    assert mask("room 12") == "room 12"
