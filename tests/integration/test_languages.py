"""Every language end to end over HTTP, and the conversation language staying sticky."""

import uuid

import pytest

from bot.settings import SUPPORTED_LANGUAGES
from bot.text.language_id import identify

LOCALES = {
    "en": "en-US", "es": "es-ES", "pt": "pt-BR", "fr": "fr-FR", "de": "de-DE",
    "it": "it-IT", "ru": "ru-RU", "ar": "ar-AE", "ja": "ja-JP", "zh": "zh-CN",
}  # fmt: skip
ASK = {
    "en": "where is my order?",
    "es": "¿dónde está mi pedido?",
    "pt": "cadê o meu pedido?",
    "fr": "où en est ma commande ?",
    "de": "wo ist meine Bestellung?",
    "it": "dov'è il mio ordine?",
    "ru": "где мой заказ?",
    "ar": "أين طلبي؟",
    "ja": "注文した荷物はどこですか",
    "zh": "我的订单到哪了",
}


def sender():
    return f"lang-{uuid.uuid4().hex[:12]}"


def language_of(replies):
    text = " ".join(replies)
    return identify(text, SUPPORTED_LANGUAGES).code


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_tracking_works_in_every_language(stack, demo, language):
    order = next(o for o in demo["orders"] if o["status"] == "in_transit")
    who = sender()
    asked = stack.say(who, ASK[language], "en-US")  # an English storefront on purpose
    assert language_of(asked) == language, asked
    stack.say(who, order["number"], "en-US")
    answer = stack.say(who, order["email"], "en-US")
    assert order["tracking_number"] in " ".join(answer)
    assert language_of(answer) == language, answer


def test_german_then_spanish_and_a_number_does_not_switch(stack, demo):
    order = next(o for o in demo["orders"] if o["status"] == "delivered")
    who = sender()
    assert language_of(stack.say(who, "Hallo! Wo bleibt mein Paket?", "de-DE")) == "de"
    assert (
        language_of(stack.say(who, "¿me puedes atender en español?", "de-DE")) == "es"
    )
    after_number = stack.say(who, order["number"], "de-DE")
    assert language_of(after_number) == "es", after_number
    answer = stack.say(who, order["email"], "de-DE")
    assert order["tracking_number"] in " ".join(answer)
    assert language_of(answer) == "es"


def test_neutral_first_message_takes_the_storefront_locale(stack):
    for language in ("ja", "ar", "pt"):
        replies = stack.say(sender(), "👍👍", LOCALES[language])
        assert language_of(replies) == language, replies


def test_unsupported_language_lists_ours_in_the_storefront_language(stack):
    replies = stack.say(
        sender(), "Waar is mijn bestelling? Ik wacht al een week", "fr-FR"
    )
    text = " ".join(replies)
    assert "Español" in text and "日本語" in text and "العربية" in text
    assert identify(text.split(":")[0], SUPPORTED_LANGUAGES).code == "fr"


def test_explicit_request_switches_even_on_a_one_word_message(stack):
    who = sender()
    stack.say(who, "hello", "en-US")
    assert language_of(stack.say(who, "中文", "en-US")) == "zh"
