"""Every reply a shopper can get exists in every supported language, written per
language (not copied), and every response name the services emit is in the domain."""

import re
from pathlib import Path

import pytest
import yaml

from bot.i18n.labels import load_labels
from bot.services import order_status as st
from bot.settings import PROJECT_ROOT, SUPPORTED_LANGUAGES

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
RESPONSES = DOMAIN["responses"]
PLACEHOLDER = re.compile(r"\{(\w+)\}")

# Names the services and actions send (tests below check each one is produced somewhere).
EMITTED_BY_SERVICES = {
    "utter_ask_order_number", "utter_ask_contact", "utter_verification_failed",
    "utter_verification_locked", "utter_verification_locked_handoff",
    "utter_order_expected_delivery", "utter_order_late",
    "utter_handoff_requested", "utter_handoff_already_waiting",
    "utter_input_empty", "utter_input_too_long", "utter_input_no_words", "utter_default",
} | {f"utter_order_status_{status}" for status in st.ORDER_STATUSES}  # fmt: skip


def variations(name):
    by_language = {}
    for variation in RESPONSES[name]:
        conditions = variation.get("condition") or []
        languages = [c["value"] for c in conditions if c.get("name") == "language"]
        assert (
            len(languages) == 1
        ), f"{name}: every variation names exactly one language"
        assert (
            languages[0] not in by_language
        ), f"{name}: two variations for {languages[0]}"
        by_language[languages[0]] = variation["text"]
    return by_language


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_has_every_language(name):
    assert set(variations(name)) == set(SUPPORTED_LANGUAGES)


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_languages_use_the_same_placeholders_and_are_not_copies(name):
    texts = variations(name)
    placeholders = {
        lang: set(PLACEHOLDER.findall(text)) for lang, text in texts.items()
    }
    assert len({frozenset(p) for p in placeholders.values()}) == 1, placeholders
    stripped = {lang: PLACEHOLDER.sub("", text).strip() for lang, text in texts.items()}
    assert len(set(stripped.values())) == len(stripped), f"{name}: identical texts"


def test_every_reply_reads_as_its_own_language():
    """Our detector, run on each reply, finds the language the reply is filed under."""
    from bot.text.language_id import identify

    wrong = []
    for name in RESPONSES:
        for language, text in variations(name).items():
            plain = PLACEHOLDER.sub(" ", text)
            guess = identify(plain, SUPPORTED_LANGUAGES)
            if guess.code != language:
                wrong.append((name, language, guess.code))
    assert wrong == []


def test_every_name_the_services_send_is_in_the_domain():
    assert EMITTED_BY_SERVICES <= set(RESPONSES)


def test_service_sources_name_only_known_responses():
    sources = "".join(
        p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "bot").rglob("*.py")
    )
    named = set(re.findall(r'"(utter_[a-z_]+)"', sources))
    assert named <= set(RESPONSES), named - set(RESPONSES)


def test_labels_exist_for_every_event_and_language():
    labels = load_labels()["shipment_event"]
    assert set(labels) == set(st.EVENT_CODES)
    for code, texts in labels.items():
        assert set(texts) == set(SUPPORTED_LANGUAGES), code
        assert len(set(texts.values())) == len(texts), code


def test_domain_language_slot_accepts_every_supported_language():
    assert set(SUPPORTED_LANGUAGES) <= set(DOMAIN["slots"]["language"]["values"])


def test_nlu_data_has_every_intent_in_every_language():
    intents = set(DOMAIN["intents"])
    for language in SUPPORTED_LANGUAGES:
        data = yaml.safe_load(
            Path(PROJECT_ROOT, "data/nlu", f"{language}.yml").read_text("utf-8")
        )
        counts = {
            block["intent"]: len(
                [line for line in block["examples"].splitlines() if line.strip()]
            )
            for block in data["nlu"]
        }
        assert set(counts) == intents, language
        assert min(counts.values()) >= 40, (language, counts)
