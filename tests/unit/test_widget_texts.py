"""The web app's own words (widget, queue, survey, canned replies) exist in every
language, written per language, with the same placeholders."""

import re

import pytest

from bot.i18n import widget_texts as wt
from bot.settings import SUPPORTED_LANGUAGES

PLACEHOLDER = re.compile(r"\{(\w+)\}")
ENTRIES = [
    (group, key, texts)
    for group, keys in wt.load_texts().items()
    for key, texts in keys.items()
]


@pytest.mark.parametrize(
    "group,key,texts", ENTRIES, ids=[f"{g}.{k}" for g, k, _ in ENTRIES]
)
def test_every_text_in_every_language_with_its_placeholders(group, key, texts):
    assert set(texts) == set(SUPPORTED_LANGUAGES)
    expected = set(PLACEHOLDER.findall(texts["en"]))
    for language, text in texts.items():
        assert text.strip(), f"{group}.{key} is empty in {language}"
        assert set(PLACEHOLDER.findall(text)) == expected, (group, key, language)
    bare = {PLACEHOLDER.sub("", t).strip().casefold() for t in texts.values()}
    assert len(bare) == len(texts), f"{group}.{key}: two languages share a text"


def test_survey_offers_seven_distinct_levels_in_order():
    for language in SUPPORTED_LANGUAGES:
        options = wt.survey_options(language)
        assert [o["rating"] for o in options] == [1, 2, 3, 4, 5, 6, 7]
        assert len({o["label"] for o in options}) == 7
    assert [o["label"] for o in wt.survey_options("zh")][0] == "很不满意"
    assert [o["label"] for o in wt.survey_options("zh")][-1] == "很满意"


def test_widget_texts_cover_what_the_server_and_widget_use():
    used = {
        "title", "open_chat", "close_chat", "language", "placeholder", "send",
        "connecting", "reconnecting", "typing_bot", "typing_agent", "unavailable",
        "rate_limited", "too_long", "bad_request", "queue_status", "agent_status",
        "agent_joined", "agent_left", "offline", "offline_status", "offline_ask_email",
        "email_label", "question_label", "offline_submit", "offline_invalid_email",
        "offline_ticket_opened", "survey_question", "survey_comment", "survey_submit",
        "survey_thanks", "survey_complaint",
    }  # fmt: skip
    assert used <= set(wt.widget_texts("en"))


def test_values_fill_placeholders_and_languages_map_to_locales():
    assert wt.text("widget", "agent_joined", "de", agent="Anna").count("Anna") == 1
    assert wt.language_of_locale("de-AT", SUPPORTED_LANGUAGES, "en") == "de"
    assert wt.language_of_locale("ko-KR", SUPPORTED_LANGUAGES, "en") == "en"
    assert wt.language_of_locale(None, SUPPORTED_LANGUAGES, "es") == "es"
    assert wt.direction("ar") == "rtl" and wt.direction("he") == "ltr"
    assert set(wt.LOCALES) == set(SUPPORTED_LANGUAGES)


def test_canned_replies_have_english_titles_and_native_texts():
    replies = wt.canned_replies("ja")
    assert replies and all(r["title"] and r["text"] for r in replies)
    assert all(r["text"] != wt.text("canned", r["key"], "en") for r in replies)
