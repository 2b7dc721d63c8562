import pytest

from bot.services.conversation_language import next_language, requested_language

SUPPORTED = ("en", "zh")


def guess(code, confidence, source):
    return {
        "code": code,
        "confidence": confidence,
        "source": source,
        "supported": code in SUPPORTED,
    }


@pytest.mark.parametrize(
    ("current", "detected", "expected"),
    [
        ("en", guess("zh", 0.99, "text"), "zh"),  # confident detection switches
        ("zh", guess("en", 0.5, "text"), "zh"),  # weak detection does not
        ("zh", guess("zh", 0.0, "locale"), "zh"),  # neutral message keeps
        ("zh", guess("en", 0.0, "locale"), "zh"),  # locale never overrides the chat
        ("en", guess("zh", 1.0, "explicit"), "zh"),  # explicit request always switches
        ("zh", guess("de", 1.0, "text"), "zh"),  # unsupported language keeps
        (None, guess("zh", 0.0, "locale"), "zh"),  # no language yet: take the locale
        (None, None, "en"),
        (
            None,
            {**guess("und", 0.95, "text"), "prior": "zh"},
            "zh",
        ),  # unsupported: prior
        ("en", {**guess("und", 0.95, "text"), "prior": "zh"}, "en"),
        ("xx", None, "en"),
    ],
)
def test_language_is_sticky(current, detected, expected):
    assert next_language(current, detected, SUPPORTED) == expected


def named(*codes):
    return [{"entity": "language_name", "value": code} for code in codes]


@pytest.mark.parametrize(
    ("intent", "entities", "expected"),
    [
        ({"name": "switch_language", "confidence": 0.9}, named("zh"), "zh"),
        ({"name": "switch_language", "confidence": 0.9}, named("zh", "zh"), "zh"),
        ({"name": "switch_language", "confidence": 0.3}, named("zh"), None),  # unsure
        (
            {"name": "switch_language", "confidence": 0.9},
            named("zh", "en"),
            None,
        ),  # two
        (
            {"name": "switch_language", "confidence": 0.9},
            named("de"),
            None,
        ),  # unsupported
        ({"name": "switch_language", "confidence": 0.9}, [], None),  # no name
        (
            {"name": "track_order", "confidence": 0.9},
            named("zh"),
            None,
        ),  # not a request
        (None, named("zh"), None),
    ],
)
def test_requested_language_needs_the_intent_and_one_supported_name(
    intent, entities, expected
):
    assert requested_language(intent, entities, SUPPORTED) == expected
